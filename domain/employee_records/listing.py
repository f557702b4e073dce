"""Filters and keyset of the employee record lists."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.employee_records.records import EmployeeRecord
from domain.employee_records.state_machine import RecordState


@dataclass(slots=True, frozen=True)
class RecordFilters:
    company_id: UUID | None = None  # None: every company (staff only)
    state: RecordState | None = None

    def match(self, record: EmployeeRecord) -> bool:
        return (self.company_id is None or record.company_id == self.company_id) and (
            self.state is None or record.state is self.state
        )


@dataclass(slots=True, frozen=True)
class RecordPosition:
    """Where a page of a newest-first list ends: the last record's creation and id."""

    created_at: datetime
    id: UUID

    @classmethod
    def of(cls, record: EmployeeRecord) -> "RecordPosition":
        return cls(record.created_at, record.id)

    def precedes(self, record: EmployeeRecord) -> bool:
        return (record.created_at, record.id) < (self.created_at, self.id)
