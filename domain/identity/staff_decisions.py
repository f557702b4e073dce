"""What staff decides about who may become whom, recorded with who and when."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.errors import Forbidden
from domain.identity.memberships import Tenant
from domain.identity.principal import Principal


class DecisionKind(StrEnum):
    HABILITATION = "habilitation"  # may the organisation certify eligibility?
    FIRST_MEMBER = "first_member"  # a structure's first member, without proof
    JOIN_REQUEST = "join_request"  # a person joining a structure with no active admin


class Outcome(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"


@dataclass(slots=True, frozen=True)
class StaffDecision:
    id: UUID
    kind: DecisionKind
    subject_id: UUID  # the organisation (habilitation) or the membership
    tenant: Tenant
    user_id: UUID | None  # the person a membership decision concerns
    outcome: Outcome
    comment: str
    decided_by: UUID
    decided_at: datetime


def decider_of(actor: Principal) -> UUID:
    """The staff member who decides: staff only (403), a person, never an application."""
    if not actor.is_staff or actor.user_id is None:
        raise Forbidden("Seule l'équipe Tremplin prend ces décisions.")
    return actor.user_id
