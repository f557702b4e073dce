"""Events the notifications area raises itself (the others come from their areas)."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID


@dataclass(slots=True, frozen=True)
class ApprovalEndingSoon:
    event_id: UUID
    occurred_at: datetime
    approval_number: str
    company_id: UUID
    end_at: date
    days_left: int


@dataclass(slots=True, frozen=True)
class ProlongationReminderDue:
    """A prolongation request still waits for its decision (``reminder``: 1, 2, 3…)."""

    event_id: UUID
    occurred_at: datetime
    approval_number: str
    prolongation_id: UUID
    reminder: int
    days_waiting: int
