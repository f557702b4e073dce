"""``tremplin asp status`` as text: one line per count, one per pending batch."""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from domain.employee_records.exchange_status import ExchangeStatus, PendingBatch
from domain.employee_records.state_machine import RecordState
from domain.employee_records.updates import UpdateState

State = TypeVar("State", bound=StrEnum)


def status_lines(status: ExchangeStatus, *, now: datetime, answer_within: timedelta) -> list[str]:
    overdue = {batch.file_name for batch in status.overdue(now=now, after=answer_within)}
    return [
        f"employee records: {_counts(RecordState, status.records)}",
        f"update notifications: {_counts(UpdateState, status.updates)}",
        f"being uploaded (the next export uploads them again): {len(status.uploading)}",
        *(_batch(batch, "planned", now) for batch in status.uploading),
        f"waiting for the ASP's answer: {len(status.unanswered)}",
        *(
            _batch(batch, "uploaded", now) + (" OVERDUE" if batch.file_name in overdue else "")
            for batch in status.unanswered
        ),
    ]


def _counts(states: Iterable[State], counted: Mapping[State, int]) -> str:
    return ", ".join(f"{state} {counted.get(state, 0)}" for state in states)


def _batch(batch: PendingBatch, verb: str, now: datetime) -> str:
    age = now - batch.since
    return (
        f"  {batch.file_name} movement {batch.movement}, {batch.lines} lines, "
        f"{verb} {batch.since:%Y-%m-%d %H:%M} UTC ({_age(age)} ago)"
    )


def _age(age: timedelta) -> str:
    if age >= timedelta(days=1):
        return f"{age.days} d"
    return f"{age.seconds // 3600} h {age.seconds % 3600 // 60} min"
