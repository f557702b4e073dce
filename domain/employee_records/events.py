"""What happened to an employee record, for the outbox."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(slots=True, frozen=True)
class EmployeeRecordRejected:
    event_id: UUID
    occurred_at: datetime
    record_id: UUID
    company_id: UUID
    job_seeker_id: UUID
    approval_number: str
    asp_code: str
    asp_label: str
