from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, Field

from api.http.pagination import decode_position
from api.http.schemas.approvals import ApprovalOut
from api.http.schemas.common import Code, FreeText, Input, PlausibleDate
from domain.approvals.approvals import Approval
from domain.candidatures.candidatures import Candidature, HistoryEntry, RefusalReason, SenderKind
from domain.candidatures.listing import CandidatureFilters
from domain.candidatures.reading import MAX_PAGE
from domain.candidatures.state_machine import CandidatureState, Transition

Message = Annotated[
    FreeText, Field(max_length=5000, examples=["Samir cherche un poste en logistique, disponible dès lundi."])
]


class CandidatureCreate(Input):
    job_seeker_id: UUID | None = Field(default=None, description="Omitted when the job seeker applies himself")
    company_id: UUID
    job_posting_ids: list[UUID] = Field(
        default_factory=list, max_length=20, description="Active postings of the company; none: spontaneous"
    )
    message: Message = ""


class RefusalCreate(Input):
    reason: RefusalReason = Field(examples=["no_position"])
    message: Message = ""


class AcceptanceCreate(Input):
    hiring_start_at: PlausibleDate = Field(
        examples=["2026-03-09"], description="Today or later (a GEIQ may declare a contract begun), within 6 months"
    )
    hiring_end_at: PlausibleDate | None = Field(default=None, description="Required for fixed-term contracts")
    message: Message = ""


class HiringChange(Input):
    hiring_start_at: PlausibleDate = Field(examples=["2026-03-16"])
    hiring_end_at: PlausibleDate | None = Field(
        default=None, description="The new end; absent or null: none (required for fixed-term contracts)"
    )


class TransferCreate(Input):
    company_id: UUID = Field(description="Another company the caller is an active member of")


class HistoryEntryOut(BaseModel):
    transition: Transition
    from_state: CandidatureState
    to_state: CandidatureState
    actor_id: UUID | None = Field(description="The user or partner application; null when the system moved it")
    at: datetime

    @classmethod
    def of(cls, entry: HistoryEntry) -> "HistoryEntryOut":
        return cls(
            transition=entry.transition,
            from_state=entry.from_state,
            to_state=entry.to_state,
            actor_id=entry.actor_id,
            at=entry.at,
        )


class CandidatureOut(BaseModel):
    id: UUID
    state: CandidatureState
    job_seeker_id: UUID
    company_id: UUID
    job_posting_ids: list[UUID]
    sender_kind: SenderKind
    sender_id: UUID | None = Field(description="The user or partner application who sent it")
    sender_organisation_id: UUID | None
    sender_company_id: UUID | None
    message: str
    refusal_reason: RefusalReason | None
    answer: str
    hiring_start_at: date | None
    hiring_end_at: date | None
    eligibility_diagnosis_id: UUID | None
    approval: ApprovalOut | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, candidature: Candidature, approval: Approval | None, *, today: date) -> "CandidatureOut":
        return cls(**_fields(candidature), approval=ApprovalOut.of(approval, today=today) if approval else None)


class CandidatureDetailOut(CandidatureOut):
    history: list[HistoryEntryOut]

    @classmethod
    def of(cls, candidature: Candidature, approval: Approval | None, *, today: date) -> "CandidatureDetailOut":
        return cls(
            **_fields(candidature),
            approval=ApprovalOut.of(approval, today=today) if approval else None,
            history=[HistoryEntryOut.of(entry) for entry in candidature.history],
        )


class CandidaturePage(BaseModel):
    items: list[CandidatureOut]
    next: str | None


class CandidatureQuery:
    """The query parameters of the candidature list."""

    def __init__(
        self,
        state: Annotated[CandidatureState | None, Query()] = None,
        company_id: Annotated[UUID | None, Query()] = None,
        job_seeker_id: Annotated[UUID | None, Query()] = None,
        cursor: Annotated[Code | None, Query(description="The `next` link's cursor")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    ) -> None:
        self.filters = CandidatureFilters(state=state, company_id=company_id, job_seeker_id=job_seeker_id)
        self.after = decode_position(cursor)
        self.limit = limit


def _fields(candidature: Candidature) -> dict[str, object]:
    return {
        "id": candidature.id,
        "state": candidature.state,
        "job_seeker_id": candidature.job_seeker_id,
        "company_id": candidature.company_id,
        "job_posting_ids": list(candidature.job_posting_ids),
        "sender_kind": candidature.sender_kind,
        "sender_id": candidature.sender_id,
        "sender_organisation_id": candidature.sender_organisation_id,
        "sender_company_id": candidature.sender_company_id,
        "message": candidature.message,
        "refusal_reason": candidature.refusal_reason,
        "answer": candidature.answer,
        "hiring_start_at": candidature.hiring_start_at,
        "hiring_end_at": candidature.hiring_end_at,
        "eligibility_diagnosis_id": candidature.eligibility_diagnosis_id,
        "created_at": candidature.created_at,
        "updated_at": candidature.updated_at,
    }
