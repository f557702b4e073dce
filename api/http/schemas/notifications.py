import base64
import json
from datetime import datetime
from uuid import UUID

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from api.http.schemas.common import Input
from domain.notifications.messages import DeliveryState, OutboxMessage, SentVia
from domain.notifications.preferences import NotificationPreference


class OutboxMessageOut(BaseModel):
    """An email of the outbox (its data, which may hold personal data, is left out)."""

    id: UUID
    event_id: UUID
    event_type: str = Field(examples=["HabilitationDecided"])
    recipient: str
    template: str = Field(examples=["habilitation_decided"])
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime
    last_error: str | None = Field(examples=["SMTPRecipientsRefused: {'x@example.org': (550, 'unknown user')}"])
    sent_at: datetime | None
    sent_via: SentVia | None
    created_at: datetime

    @classmethod
    def of(cls, message: OutboxMessage) -> "OutboxMessageOut":
        return cls(
            id=message.id,
            event_id=message.event_id,
            event_type=message.event_type,
            recipient=message.recipient,
            template=message.template,
            state=message.state,
            attempts=message.attempts,
            next_attempt_at=message.next_attempt_at,
            last_error=message.last_error,
            sent_at=message.sent_at,
            sent_via=message.sent_via,
            created_at=message.created_at,
        )


class OutboxPage(BaseModel):
    items: list[OutboxMessageOut]
    next: str | None


def encode_outbox_cursor(message: OutboxMessage) -> str:
    raw = json.dumps([message.created_at.isoformat(), str(message.id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_outbox_cursor(text: str | None) -> tuple[datetime, UUID] | None:
    if not text:
        return None
    try:
        at, identifier = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        created_at = datetime.fromisoformat(at)
        if created_at.tzinfo is None:
            raise ValueError("naive")
        return created_at, UUID(identifier)
    except (ValueError, TypeError):
        # Refused like any other invalid query parameter, as the other lists do (422, /query/cursor).
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", "cursor"), "msg": "invalid cursor: reuse a `next` link"}]
        ) from None


class NotificationPreferencesOut(BaseModel):
    company_id: UUID
    new_candidatures: bool = Field(description="Whether the caller is emailed each new candidature to the company.")
    updated_at: datetime

    @classmethod
    def of(cls, preference: NotificationPreference) -> "NotificationPreferencesOut":
        return cls(
            company_id=preference.company_id,
            new_candidatures=preference.new_candidatures,
            updated_at=preference.updated_at,
        )


class NotificationPreferencesUpdate(Input):
    new_candidatures: bool = Field(examples=[False])
