from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class TenantKind(StrEnum):
    COMPANY = "company"
    PRESCRIBER_ORGANISATION = "prescriber_organisation"


class MembershipRole(StrEnum):
    ADMIN = "admin"
    MEMBER = "member"


class MembershipStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"  # asked to join, awaits an admin
    REVOKED = "revoked"


@dataclass(slots=True, frozen=True)
class Tenant:
    """The company or prescriber organisation a membership belongs to."""

    kind: TenantKind
    id: UUID


@dataclass(slots=True)
class Membership:
    id: UUID
    user_id: UUID
    tenant: Tenant
    role: MembershipRole
    status: MembershipStatus
    created_at: datetime
    # The first member of a company: the official address his proof link was
    # sent to, and when (staff's evidence while he waits).
    proof_sent_to: str | None = None
    proof_sent_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.status is MembershipStatus.ACTIVE

    @property
    def is_active_admin(self) -> bool:
        return self.is_active and self.role is MembershipRole.ADMIN
