from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.companies.companies import Company
from domain.errors import FieldError, RuleViolation


class ContractType(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    FIXED_TERM_I = "fixed_term_i"  # CDDI
    TEMPORARY = "temporary"  # mission d'intérim
    TEMPORARY_I = "temporary_i"  # mission d'intérim d'insertion
    APPRENTICESHIP = "apprenticeship"
    PROFESSIONALISATION = "professionalisation"
    FIXED_TERM_USAGE = "fixed_term_usage"  # CDD d'usage
    OTHER = "other"


class InvalidJobPosting(RuleViolation):
    code = "invalid-job-posting"
    title = "Fiche de poste invalide"


MAX_HOURS_PER_WEEK = 48  # Code du travail, art. L3121-20


@dataclass(slots=True)
class JobPosting:
    id: UUID
    company_id: UUID
    appellation_code: str
    rome_code: str
    title: str
    description: str
    contract_type: ContractType
    hours_per_week: int | None
    commune: str
    city: str
    department: str
    latitude: float
    longitude: float
    open_positions: int
    is_active: bool
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:
        problems = []
        if self.open_positions < 0:
            problems.append(FieldError("/open_positions", "must be 0 or more"))
        if self.hours_per_week is not None and not 1 <= self.hours_per_week <= MAX_HOURS_PER_WEEK:
            problems.append(FieldError("/hours_per_week", f"must be between 1 and {MAX_HOURS_PER_WEEK}"))
        if problems:
            raise InvalidJobPosting("; ".join(f"{p.pointer}: {p.message}" for p in problems), errors=problems)


@dataclass(slots=True, frozen=True)
class PostingCard:
    """A job posting as readers see it, with the company that publishes it."""

    posting: JobPosting
    company: Company
