"""In-memory fakes of the outbox and the notification preferences."""

import copy
import uuid
from datetime import datetime

from domain.errors import Conflict
from domain.notifications.messages import DeliveryState, OutboxMessage
from domain.notifications.preferences import NotificationPreference


class FakeOutbox:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, OutboxMessage] = {}

    async def add(self, message: OutboxMessage) -> None:
        if any(m.idempotency_key == message.idempotency_key for m in self.rows.values()):
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[message.id] = message

    async def get(self, message_id: uuid.UUID) -> OutboxMessage | None:
        return self.rows.get(message_id)

    async def has_event(self, event_id: uuid.UUID) -> bool:
        return any(m.event_id == event_id for m in self.rows.values())

    async def claim_due(self, *, at: datetime, until: datetime, token: uuid.UUID, limit: int) -> list[OutboxMessage]:
        due = sorted(
            (
                m
                for m in self.rows.values()
                if m.state is DeliveryState.PENDING
                and m.next_attempt_at <= at
                and (m.claimed_until is None or m.claimed_until <= at)
            ),
            key=lambda m: (m.next_attempt_at, m.id),
        )[:limit]
        for message in due:
            message.claimed_by, message.claimed_until = token, until
        return copy.deepcopy(due)

    async def settle(self, message: OutboxMessage, *, token: uuid.UUID) -> bool:
        stored = self.rows.get(message.id)
        if stored is None or stored.state is not DeliveryState.PENDING or stored.claimed_by != token:
            return False
        self.rows[message.id] = copy.deepcopy(message)
        return True

    async def in_state(
        self, state: DeliveryState, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[OutboxMessage]:
        found = sorted(
            (m for m in self.rows.values() if m.state is state and (after is None or (m.created_at, m.id) < after)),
            key=lambda m: (m.created_at, m.id),
            reverse=True,
        )
        return found[:limit]


class FakeNotificationPreferences:
    def __init__(self) -> None:
        self.rows: dict[tuple[uuid.UUID, uuid.UUID], NotificationPreference] = {}

    async def get(self, *, user_id: uuid.UUID, company_id: uuid.UUID) -> NotificationPreference | None:
        return self.rows.get((user_id, company_id))

    async def put(self, preference: NotificationPreference) -> None:
        self.rows[(preference.user_id, preference.company_id)] = preference

    async def opted_out_of_new_candidatures(self, company_id: uuid.UUID) -> frozenset[uuid.UUID]:
        return frozenset(p.user_id for p in self.rows.values() if p.company_id == company_id and not p.new_candidatures)
