from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.http.schemas.common import Code, Input
from domain.eligibility.diagnoses import AuthorKind, EligibilityDiagnosis

CriterionCode = Annotated[Code, Field(max_length=30, examples=["RSA"])]


class DiagnosisCreate(Input):
    criteria: list[CriterionCode] = Field(
        max_length=30,
        examples=[["RSA", "QPV"]],
        description="Codes of GET /api/v1/eligibility/criteria; none required from a habilitated prescriber.",
    )
    company_id: UUID | None = Field(
        default=None, description="Required for an employer: the SIAE he acts for. Absent for a prescriber."
    )


class DiagnosisOut(BaseModel):
    id: UUID
    job_seeker_id: UUID
    author_kind: AuthorKind
    author_organisation_id: UUID | None
    author_company_id: UUID | None
    criteria: list[str]
    created_at: datetime
    expires_at: datetime = Field(description="The first instant the diagnosis no longer counts by itself.")
    is_valid: bool

    @classmethod
    def of(cls, diagnosis: EligibilityDiagnosis, *, is_valid: bool) -> "DiagnosisOut":
        return cls(
            id=diagnosis.id,
            job_seeker_id=diagnosis.job_seeker_id,
            author_kind=diagnosis.author_kind,
            author_organisation_id=diagnosis.author_organisation_id,
            author_company_id=diagnosis.author_company_id,
            criteria=list(diagnosis.criteria),
            created_at=diagnosis.created_at,
            expires_at=diagnosis.expires_at,
            is_valid=is_valid,
        )
