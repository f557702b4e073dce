from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.eligibility.events import EligibilityDiagnosed
from domain.eligibility.validity import employer_diagnosis_expiry, prescriber_diagnosis_expiry


class AuthorKind(StrEnum):
    PRESCRIBER = "prescriber"  # a member of a habilitated organisation: counts for every company
    EMPLOYER = "employer"  # auto-prescription: counts for the author's company only


@dataclass(slots=True)
class EligibilityDiagnosis:
    id: UUID
    job_seeker_id: UUID
    author_kind: AuthorKind
    author_user_id: UUID | None  # absent when a partner application made it
    author_organisation_id: UUID | None
    author_company_id: UUID | None
    criteria: tuple[str, ...]
    created_at: datetime
    expires_at: datetime
    events: list[object] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        by_prescriber = self.author_kind is AuthorKind.PRESCRIBER
        if by_prescriber != (self.author_organisation_id is not None) or by_prescriber == (
            self.author_company_id is not None
        ):
            raise ValueError("a prescriber's diagnosis names his organisation, an employer's his company")

    def is_expired(self, at: datetime) -> bool:
        return at >= self.expires_at

    @classmethod
    def by_prescriber(
        cls,
        *,
        id: UUID,
        job_seeker_id: UUID,
        author_user_id: UUID | None,
        organisation_id: UUID,
        criteria: tuple[str, ...],
        at: datetime,
        event_id: UUID,
    ) -> "EligibilityDiagnosis":
        diagnosis = cls(
            id=id,
            job_seeker_id=job_seeker_id,
            author_kind=AuthorKind.PRESCRIBER,
            author_user_id=author_user_id,
            author_organisation_id=organisation_id,
            author_company_id=None,
            criteria=criteria,
            created_at=at,
            expires_at=prescriber_diagnosis_expiry(at),
        )
        diagnosis._record(event_id)
        return diagnosis

    @classmethod
    def by_employer(
        cls,
        *,
        id: UUID,
        job_seeker_id: UUID,
        author_user_id: UUID | None,
        company_id: UUID,
        criteria: tuple[str, ...],
        at: datetime,
        event_id: UUID,
    ) -> "EligibilityDiagnosis":
        diagnosis = cls(
            id=id,
            job_seeker_id=job_seeker_id,
            author_kind=AuthorKind.EMPLOYER,
            author_user_id=author_user_id,
            author_organisation_id=None,
            author_company_id=company_id,
            criteria=criteria,
            created_at=at,
            expires_at=employer_diagnosis_expiry(at),
        )
        diagnosis._record(event_id)
        return diagnosis

    def _record(self, event_id: UUID) -> None:
        self.events.append(
            EligibilityDiagnosed(
                event_id=event_id,
                occurred_at=self.created_at,
                diagnosis_id=self.id,
                job_seeker_id=self.job_seeker_id,
                author_kind=str(self.author_kind),
                author_organisation_id=self.author_organisation_id,
                author_company_id=self.author_company_id,
            )
        )
