"""Events of the identity area that leave the process as emails.

Those carrying a link hold its raw token: the email needs it, and only its
hash is kept in ``account_links``."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(slots=True, frozen=True)
class InvitationSent:
    event_id: UUID
    occurred_at: datetime
    invitation_id: UUID
    email: str
    token: str
    tenant_name: str
    inviter_name: str | None  # None when staff invites
    role: str
    expires_at: datetime


@dataclass(slots=True, frozen=True)
class CompanyProofRequested:
    """A person signed up as the first member of a company: its official
    address is asked to confirm that he speaks for it."""

    event_id: UUID
    occurred_at: datetime
    membership_id: UUID
    official_email: str
    token: str
    company_name: str
    claimant_name: str
    claimant_email: str
