"""What happened to an account that the person must hear about by email.

The raw token travels in the event to the outbox (the email needs it) and
nowhere else: it is kept out of the events' repr, so a logged event cannot leak it."""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID


@dataclass(slots=True, frozen=True)
class LinkSent:
    event_id: UUID
    occurred_at: datetime
    user_id: UUID
    token: str = field(repr=False)
    valid_hours: int


@dataclass(slots=True, frozen=True)
class EmailConfirmationRequested(LinkSent):
    """A new account, or a person asking again: confirm the address."""


@dataclass(slots=True, frozen=True)
class PasswordResetRequested(LinkSent):
    """Someone asked for a new password for the account of this address."""
