"""Update notifications (movement ``M``): a PASS IAE whose dates change after
its hire was declared tells the ASP the new dates, through the same
send/feedback cycle as the records (ASP.md §1.3)."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from domain.employee_records.records import ACCEPTED
from domain.errors import Conflict


class UpdateState(StrEnum):
    NEW = "new"
    SENT = "sent"
    PROCESSED = "processed"
    REJECTED = "rejected"


class UpdateTransition(StrEnum):
    SEND = "send"
    PROCESS = "process"
    REJECT = "reject"


U = UpdateState
TRANSITIONS: dict[UpdateTransition, tuple[frozenset[UpdateState], UpdateState]] = {
    UpdateTransition.SEND: (frozenset({U.NEW}), U.SENT),
    UpdateTransition.PROCESS: (frozenset({U.SENT}), U.PROCESSED),
    UpdateTransition.REJECT: (frozenset({U.SENT}), U.REJECTED),
}


class InvalidUpdateTransition(Conflict):
    code = "employee-record-update-invalid-transition"
    title = "Transition impossible pour cette notification de mise à jour"


@dataclass(slots=True)
class RecordUpdate:
    id: UUID
    record_id: UUID
    state: UpdateState
    pass_start_at: date
    pass_end_at: date
    created_at: datetime
    updated_at: datetime
    batch_file: str | None = None
    batch_line: int | None = None
    asp_code: str | None = None
    asp_label: str | None = None
    processed_at: datetime | None = None

    @property
    def is_pending(self) -> bool:
        """Waiting for the next batch, not yet in one: a new change rewrites its dates."""
        return self.state is UpdateState.NEW and self.batch_file is None

    def change_dates(self, pass_dates: tuple[date, date], *, at: datetime) -> None:
        if not self.is_pending:
            raise InvalidUpdateTransition("Cette notification est déjà partie vers l'ASP.")
        self.pass_start_at, self.pass_end_at = pass_dates
        self.updated_at = at

    def claim(self, *, batch_file: str, line: int) -> None:
        self._target(UpdateTransition.SEND)
        self.batch_file, self.batch_line = batch_file, line

    def mark_sent(self, *, at: datetime) -> None:
        self._move(UpdateTransition.SEND, at=at)

    def apply_answer(self, *, code: str, label: str, at: datetime) -> bool:
        """Apply the ASP's answer to a sent notification; False (nothing changed) otherwise.
        Only ``0000`` accepts an update: the ASP's duplicate code means a refusal here."""
        if self.state is not UpdateState.SENT:
            return False
        self.asp_code, self.asp_label = code, label
        self._move(UpdateTransition.PROCESS if code == ACCEPTED else UpdateTransition.REJECT, at=at)
        if self.state is UpdateState.PROCESSED:
            self.processed_at = at
        return True

    def _target(self, transition: UpdateTransition) -> UpdateState:
        sources, target = TRANSITIONS[transition]
        if self.state not in sources:
            raise InvalidUpdateTransition(f"Une notification « {self.state} » ne peut pas faire « {transition} ».")
        return target

    def _move(self, transition: UpdateTransition, *, at: datetime) -> None:
        self.state = self._target(transition)
        self.updated_at = at


def sent_state() -> UpdateState:
    """Where a new notification goes once its batch is uploaded (for the
    exporter that settles a batch in one statement)."""
    return TRANSITIONS[UpdateTransition.SEND][1]
