"""Where the ASP exchange stands: records and update notifications per state,
batches an export left to resume, and batch files the ASP has not answered."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.employee_records.batches import Movement
from domain.employee_records.state_machine import RecordState
from domain.employee_records.updates import UpdateState


@dataclass(slots=True, frozen=True)
class PendingBatch:
    file_name: str
    movement: Movement
    lines: int  # planned lines (uploading), or lines still without an answer (uploaded)
    since: datetime  # planned at (uploading), or uploaded at


@dataclass(slots=True, frozen=True)
class ExchangeStatus:
    records: dict[RecordState, int]
    updates: dict[UpdateState, int]
    uploading: list[PendingBatch]  # planned, not settled: the next export uploads them again
    unanswered: list[PendingBatch]  # uploaded, with lines still ``sent``; oldest first

    def overdue(self, *, now: datetime, after: timedelta) -> list[PendingBatch]:
        """The uploaded batches still waiting for an answer ``after`` their upload."""
        return [batch for batch in self.unanswered if now - batch.since > after]
