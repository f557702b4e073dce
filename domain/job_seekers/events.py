from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(slots=True, frozen=True)
class JobSeekerRegistered:
    event_id: UUID
    occurred_at: datetime
    job_seeker_id: UUID
    by_user_id: UUID | None
    by_organisation_id: UUID | None
    by_company_id: UUID | None


@dataclass(slots=True, frozen=True)
class JobSeekerProfileRevised:
    event_id: UUID
    occurred_at: datetime
    job_seeker_id: UUID
    fields: tuple[str, ...]  # names only: the values are personal data
