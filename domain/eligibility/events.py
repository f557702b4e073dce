from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(slots=True, frozen=True)
class EligibilityDiagnosed:
    event_id: UUID
    occurred_at: datetime
    diagnosis_id: UUID
    job_seeker_id: UUID
    author_kind: str
    author_organisation_id: UUID | None
    author_company_id: UUID | None
