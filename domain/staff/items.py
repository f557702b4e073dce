"""What waits for staff, with the evidence to decide on."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.identity.memberships import Membership, MembershipStatus, Tenant
from domain.identity.staff_decisions import DecisionKind


@dataclass(slots=True, frozen=True)
class StructureCard:
    tenant: Tenant
    kind: str  # the company's or organisation's kind (EI, CHRS…)
    name: str
    siret: str
    source: str | None = None  # organisations: referential or signup
    habilitation: str | None = None  # organisations


@dataclass(slots=True, frozen=True)
class PersonCard:
    user_id: UUID
    first_name: str
    last_name: str
    email: str


@dataclass(slots=True, frozen=True)
class WaitingItem:
    """One thing waiting for staff; ``id`` is what ``decide`` takes: the
    organisation's id for a habilitation, the membership's otherwise."""

    id: UUID
    kind: DecisionKind
    waiting_since: datetime
    structure: StructureCard
    person: PersonCard | None


def awaiting_staff(membership: Membership, members: Sequence[Membership]) -> DecisionKind | None:
    """Whether a membership waits for staff rather than for an admin, and why.

    Only staff can approve someone in a structure without an active admin: its
    very first member (no active member at all), or a join request."""
    if membership.status is not MembershipStatus.PENDING:
        return None
    active = [m for m in members if m.is_active]
    if any(m.is_active_admin for m in active):
        return None
    return DecisionKind.JOIN_REQUEST if active else DecisionKind.FIRST_MEMBER
