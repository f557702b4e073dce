"""Hires made with a PASS IAE, and the employer acting on one."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.companies.companies import CompanyKind


@dataclass(slots=True)
class ApprovalHire:
    """A hire made with the PASS IAE (the one that issued it, or a reuse)."""

    id: UUID
    company_id: UUID
    candidature_id: UUID
    hiring_start: date
    recorded_at: datetime
    released_at: datetime | None = None  # the hire was cancelled

    @property
    def is_active(self) -> bool:
        return self.released_at is None


@dataclass(slots=True, frozen=True)
class Employer:
    """The company acting on a PASS IAE, and who acts for it."""

    company_id: UUID
    company_kind: CompanyKind
    user_id: UUID | None
