"""Events of the identity area that leave the process as emails.

Those carrying a link hold its raw token: the email needs it, and only its
hash is kept in ``account_links``. The token travels in the event to the
outbox and nowhere else: it is kept out of the events' repr, so a logged
event cannot leak it."""

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


@dataclass(slots=True, frozen=True)
class InvitationSent:
    event_id: UUID
    occurred_at: datetime
    invitation_id: UUID
    email: str
    first_name: str  # as the inviter gave it, maybe empty
    tenant_name: str
    inviter_name: str | None  # None when staff invites
    role: str
    expires_at: datetime
    token: str = field(repr=False)


@dataclass(slots=True, frozen=True)
class CompanyProofRequested:
    """A person signed up as the first member of a company: its official
    address is asked to confirm that he speaks for it."""

    event_id: UUID
    occurred_at: datetime
    membership_id: UUID
    official_email: str
    company_name: str
    claimant_name: str
    claimant_email: str
    token: str = field(repr=False)
