"""The employee record ("fiche salarié"): the declaration of one hire with a
PASS IAE to the ASP, and what the ASP answered. Every change of state goes
through the state machine and appends a history entry."""

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from domain.employee_records.asp_fields import AspFields
from domain.employee_records.events import EmployeeRecordRejected
from domain.employee_records.state_machine import (
    EDITABLE_STATES,
    RecordState,
    RecordTransition,
    target_state,
)
from domain.errors import Conflict

ACCEPTED = "0000"
# PASS IAE and SIRET already known to the ASP: the hire is declared, once.
DUPLICATE = "3436"


class RecordNotEditable(Conflict):
    code = "employee-record-not-editable"
    title = "Fiche salarié non modifiable"


@dataclass(slots=True, frozen=True)
class PersonSnapshot:
    """The person as declared, copied from the job seeker when the record is made ready."""

    last_name: str
    first_name: str
    birthdate: date
    nir: str | None
    france_travail_id: str | None


@dataclass(slots=True, frozen=True)
class RecordHistoryEntry:
    transition: RecordTransition
    from_state: RecordState
    to_state: RecordState
    actor_id: UUID | None  # None for the ASP exchange
    at: datetime


@dataclass(slots=True)
class EmployeeRecord:
    id: UUID
    candidature_id: UUID
    company_id: UUID
    job_seeker_id: UUID
    approval_number: str
    siret: str
    asp_measure: str
    asp_uid: str  # the ASP's "idItou" of the person: 30 lowercase hex characters
    state: RecordState
    fields: AspFields
    created_at: datetime
    updated_at: datetime
    person: PersonSnapshot | None = None
    pass_start_at: date | None = None  # the PASS IAE dates as declared
    pass_end_at: date | None = None
    batch_file: str | None = None
    batch_line: int | None = None
    asp_code: str | None = None
    asp_label: str | None = None
    processed_as_duplicate: bool = False
    processed_at: datetime | None = None
    history: list[RecordHistoryEntry] = field(default_factory=list)
    events: list[object] = field(default_factory=list, compare=False, repr=False)

    @property
    def was_sent_to_asp(self) -> bool:
        """Whether a batch file holding it may have reached the ASP."""
        return self.batch_file is not None or self.asp_code is not None

    @property
    def is_declared(self) -> bool:
        """Whether its declaration is with the ASP or on its way (in a batch
        being uploaded, sent, processed even if archived since): a later
        change of its PASS IAE must be told in an update notification."""
        return (
            self.is_claimed
            or self.state in {RecordState.SENT, RecordState.PROCESSED}
            or (self.state is RecordState.ARCHIVED and self.processed_at is not None)
        )

    @property
    def is_claimed(self) -> bool:
        """Planned in a batch being uploaded: frozen until the upload is settled."""
        return self.state is RecordState.READY and self.batch_file is not None

    def revise(self, fields: AspFields, *, at: datetime) -> None:
        if self.state not in EDITABLE_STATES or self.is_claimed:
            raise RecordNotEditable(
                f"Une fiche salarié « {self.state} » n'est plus modifiable"
                + (" : elle est en cours d'envoi à l'ASP." if self.is_claimed else ".")
            )
        self.fields = fields
        self.updated_at = at

    def make_ready(
        self, *, person: PersonSnapshot, pass_dates: tuple[date, date], actor_id: UUID | None, at: datetime
    ) -> None:
        self._move(RecordTransition.READY, actor_id=actor_id, at=at)
        self.person = person
        self.pass_start_at, self.pass_end_at = pass_dates
        self.batch_file = self.batch_line = None

    def declare_pass_dates(self, pass_dates: tuple[date, date]) -> None:
        """A ready record in no batch yet will declare its PASS IAE as it now
        is. ``updated_at`` is left alone: the record keeps its place in the
        queue to the ASP."""
        if self.state is not RecordState.READY or self.is_claimed:
            raise RecordNotEditable("Seule une fiche prête, pas encore envoyée, reprend les dates du PASS IAE.")
        self.pass_start_at, self.pass_end_at = pass_dates

    def claim(self, *, batch_file: str, line: int) -> None:
        target_state(self.state, RecordTransition.SEND)
        self.batch_file, self.batch_line = batch_file, line

    def mark_sent(self, *, at: datetime) -> None:
        self._move(RecordTransition.SEND, actor_id=None, at=at)

    def apply_answer(self, *, code: str, label: str, at: datetime, event_id: UUID) -> bool:
        """Apply the ASP's answer to a sent record; False (nothing changed) otherwise."""
        if self.state is not RecordState.SENT:
            return False
        self.asp_code, self.asp_label = code, label
        if code in {ACCEPTED, DUPLICATE}:
            self._move(RecordTransition.PROCESS, actor_id=None, at=at)
            self.processed_as_duplicate = code == DUPLICATE
            self.processed_at = at
            return True
        self._move(RecordTransition.REJECT, actor_id=None, at=at)
        self.events.append(
            EmployeeRecordRejected(
                event_id=event_id,
                occurred_at=at,
                record_id=self.id,
                company_id=self.company_id,
                job_seeker_id=self.job_seeker_id,
                approval_number=self.approval_number,
                asp_code=code,
                asp_label=label,
            )
        )
        return True

    def archive(self, *, actor_id: UUID | None, at: datetime) -> None:
        if self.is_claimed:
            raise RecordNotEditable("Une fiche salarié en cours d'envoi à l'ASP ne peut pas être archivée.")
        self._move(RecordTransition.ARCHIVE, actor_id=actor_id, at=at)

    def _move(self, transition: RecordTransition, *, actor_id: UUID | None, at: datetime) -> None:
        target = target_state(self.state, transition)
        self.history.append(RecordHistoryEntry(transition, self.state, target, actor_id, at))
        self.state = target
        self.updated_at = at


def sent_entry(*, at: datetime) -> RecordHistoryEntry:
    """The history entry of a ready record whose batch was uploaded: what
    ``mark_sent`` appends, for the exporter that settles a batch in one statement."""
    source = RecordState.READY
    return RecordHistoryEntry(RecordTransition.SEND, source, target_state(source, RecordTransition.SEND), None, at)


def with_changes(fields: AspFields, changes: dict[str, object]) -> AspFields:
    return dataclasses.replace(fields, **changes)  # type: ignore[arg-type]


class RecordExists(Conflict):
    code = "employee-record-exists"
    title = "Fiche salarié déjà existante"
