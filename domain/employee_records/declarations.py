"""What one line of a batch file tells the ASP about a hire."""

from dataclasses import dataclass
from datetime import date

from domain.employee_records.asp_fields import AspFields
from domain.employee_records.records import EmployeeRecord, PersonSnapshot


@dataclass(slots=True, frozen=True)
class Declaration:
    """A ready record's snapshot (person, ASP fields) with the PASS IAE dates
    to declare: those copied when it was made ready for a creation (``C``),
    the new ones for an update notification (``M``)."""

    approval_number: str
    siret: str
    asp_measure: str
    asp_uid: str
    fields: AspFields
    person: PersonSnapshot
    pass_start_at: date | None
    pass_end_at: date | None

    @classmethod
    def of(cls, record: EmployeeRecord, *, pass_dates: tuple[date, date] | None = None) -> "Declaration":
        assert record.person is not None  # a record is declared once made ready
        start, end = pass_dates or (record.pass_start_at, record.pass_end_at)
        return cls(
            approval_number=record.approval_number,
            siret=record.siret,
            asp_measure=record.asp_measure,
            asp_uid=record.asp_uid,
            fields=record.fields,
            person=record.person,
            pass_start_at=start,
            pass_end_at=end,
        )
