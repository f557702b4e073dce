"""The outbox: one row per email to send, written in the transaction of the
change that causes it, and walked through its delivery states by the dispatcher."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.errors import Conflict
from domain.notifications.retry import RetryPolicy

# Fixed forever: message ids are derived from it, so a re-recorded email keeps its id.
OUTBOX_NAMESPACE = UUID("6f0c9f7e-2b1d-4d8e-9a57-3e1f5c0b7a42")
MAX_ERROR_LENGTH = 500


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class SentVia(StrEnum):
    SMTP = "smtp"
    CONSOLE = "console"


class NotDead(Conflict):
    code = "outbox-message-not-dead"
    title = "Message non bloqué"


@dataclass(slots=True, frozen=True)
class Envelope:
    """One email an event causes: to whom, with which template and data.

    ``context`` holds JSON values only (strings, numbers, booleans, lists,
    mappings): it is stored with the message and rendered at send time."""

    recipient: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class OutboxMessage:
    id: UUID
    event_id: UUID
    event_type: str
    recipient: str
    template: str
    context: dict[str, Any]
    created_at: datetime
    next_attempt_at: datetime
    state: DeliveryState = DeliveryState.PENDING
    attempts: int = 0
    claimed_by: UUID | None = None
    claimed_until: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    sent_via: SentVia | None = None

    @classmethod
    def for_event(cls, *, event_id: UUID, event_type: str, envelope: Envelope, at: datetime) -> "OutboxMessage":
        key = idempotency_key(event_id, envelope.recipient)
        return cls(
            id=uuid.uuid5(OUTBOX_NAMESPACE, key),
            event_id=event_id,
            event_type=event_type,
            recipient=envelope.recipient,
            template=envelope.template,
            context=dict(envelope.context),
            created_at=at,
            next_attempt_at=at,
        )

    @property
    def idempotency_key(self) -> str:
        return idempotency_key(self.event_id, self.recipient)

    def mark_sent(self, *, at: datetime, via: SentVia) -> None:
        self.state, self.sent_at, self.sent_via = DeliveryState.SENT, at, via
        self.attempts += 1
        self._release()

    def mark_failed(
        self, *, error: str, at: datetime, policy: RetryPolicy, jitter: float, permanent: bool = False
    ) -> None:
        """One more failed attempt: retried later with back-off, or parked as
        dead when the failure is permanent or the attempts are spent."""
        self.attempts += 1
        self.last_error = error[:MAX_ERROR_LENGTH]
        if permanent or policy.gives_up_after(self.attempts):
            self.state = DeliveryState.DEAD
        else:
            self.next_attempt_at = at + policy.delay(self.attempts, jitter=jitter)
        self._release()

    def requeue(self, *, at: datetime) -> None:
        """A dead message gets a fresh set of attempts, due now; its last
        error stays until the next attempt replaces it."""
        if self.state is not DeliveryState.DEAD:
            raise NotDead(f"Seul un message en état « dead » peut être relancé (état actuel : {self.state}).")
        self.state, self.attempts, self.next_attempt_at = DeliveryState.PENDING, 0, at
        self._release()

    def _release(self) -> None:
        self.claimed_by, self.claimed_until = None, None


def idempotency_key(event_id: UUID, recipient: str) -> str:
    return f"{event_id}:{recipient}"
