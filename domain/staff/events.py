from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.identity.memberships import Tenant


@dataclass(slots=True, frozen=True)
class MembershipDecided:
    """Staff approved or refused someone's membership of a structure."""

    event_id: UUID
    occurred_at: datetime
    membership_id: UUID
    user_id: UUID
    tenant: Tenant
    outcome: str  # "approved" or "refused"
