from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import FreeText, Input
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.staff_decisions import DecisionKind, Outcome, StaffDecision
from domain.staff.items import PersonCard, StructureCard, WaitingItem


class StructureOut(BaseModel):
    type: TenantKind
    id: UUID
    kind: str = Field(examples=["CHRS"], description="The organisation's or company's kind.")
    name: str
    siret: str
    source: str | None = Field(description="Organisations: `referential` or `signup`.", examples=["signup"])
    habilitation: str | None = Field(description="Organisations.", examples=["pending"])

    @classmethod
    def of(cls, card: StructureCard) -> "StructureOut":
        return cls(
            type=card.tenant.kind,
            id=card.tenant.id,
            kind=card.kind,
            name=card.name,
            siret=card.siret,
            source=card.source,
            habilitation=card.habilitation,
        )


class PersonOut(BaseModel):
    user_id: UUID
    first_name: str
    last_name: str
    email: str

    @classmethod
    def of(cls, card: PersonCard) -> "PersonOut":
        return cls(user_id=card.user_id, first_name=card.first_name, last_name=card.last_name, email=card.email)


class WaitingItemOut(BaseModel):
    """One thing waiting for staff, with the evidence to decide on."""

    id: UUID = Field(description="Decide with `POST /admin/decisions/{id}`: the organisation or the membership.")
    kind: DecisionKind
    waiting_since: datetime = Field(description="When the organisation was created, or the membership asked.")
    structure: StructureOut
    person: PersonOut | None = Field(
        description="Who asks: the membership's person, or the organisation's creator (none for the referential's)."
    )

    @classmethod
    def of(cls, item: WaitingItem) -> "WaitingItemOut":
        return cls(
            id=item.id,
            kind=item.kind,
            waiting_since=item.waiting_since,
            structure=StructureOut.of(item.structure),
            person=PersonOut.of(item.person) if item.person else None,
        )


class WaitingPage(BaseModel):
    items: list[WaitingItemOut]
    next: str | None


class Verdict(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"


class DecisionIn(Input):
    outcome: Verdict = Field(examples=["approve"])
    comment: FreeText = Field(
        default="", max_length=2000, examples=["Agrément de l'État vérifié sur le site de la DDETS."]
    )


class StaffDecisionOut(BaseModel):
    id: UUID
    kind: DecisionKind
    subject_id: UUID = Field(description="The organisation (habilitation) or the membership decided on.")
    structure_type: TenantKind
    structure_id: UUID
    user_id: UUID | None = Field(description="The person a membership decision concerns.")
    outcome: Outcome
    comment: str
    decided_by: UUID = Field(description="The staff member who decided.")
    decided_at: datetime

    @classmethod
    def of(cls, decision: StaffDecision) -> "StaffDecisionOut":
        tenant: Tenant = decision.tenant
        return cls(
            id=decision.id,
            kind=decision.kind,
            subject_id=decision.subject_id,
            structure_type=tenant.kind,
            structure_id=tenant.id,
            user_id=decision.user_id,
            outcome=decision.outcome,
            comment=decision.comment,
            decided_by=decision.decided_by,
            decided_at=decision.decided_at,
        )


class StaffDecisionPage(BaseModel):
    items: list[StaffDecisionOut]
    next: str | None


def outcome_of(verdict: Verdict) -> Outcome:
    return Outcome.APPROVED if verdict is Verdict.APPROVE else Outcome.REFUSED
