"""Ports of the employee records area."""

from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.employee_records.batches import BatchLine
from domain.employee_records.exchange_status import ExchangeStatus
from domain.employee_records.listing import RecordFilters, RecordPosition
from domain.employee_records.records import EmployeeRecord
from domain.employee_records.updates import RecordUpdate


class BatchHolderRepository(Protocol):
    """What goes in ASP batch files of one movement type: ready records
    (``C``) or update notifications (``M``). Set-based: a batch is claimed,
    read and settled without loading an entity per line."""

    async def claim_batch(self, *, batch_file: str, limit: int) -> int:
        """Give at most ``limit`` lines waiting for a batch (oldest change
        first) this file name and the numbers 1, 2…, and say how many; lines
        locked by a concurrent caller are skipped (PostgreSQL)."""
        ...

    async def lines_of_batch(self, batch_file: str) -> list[BatchLine]:
        """The lines a batch file holds, by number (to write its file again)."""
        ...

    async def mark_sent(self, batch_file: str, *, at: datetime) -> int:
        """Its batch was uploaded: its lines still waiting become ``sent``
        (records get the history entry of ``records.sent_entry``); how many."""
        ...


class EmployeeRecordRepository(BatchHolderRepository, Protocol):
    async def get(self, record_id: UUID) -> EmployeeRecord | None:
        """The employee record with this id, with its history, or None."""
        ...

    async def get_for_update(self, record_id: UUID) -> EmployeeRecord | None:
        """Same, locked until the end of the transaction (PostgreSQL)."""
        ...

    async def add(self, record: EmployeeRecord) -> None:
        """Store a new record; a second one for one (measure, SIRET, PASS IAE)
        raises ``RecordExists``."""
        ...

    async def find(self, *, asp_measure: str, siret: str, approval_number: str) -> EmployeeRecord | None:
        """The record declaring this PASS IAE under this measure and SIRET, or None."""
        ...

    async def of_candidature(self, candidature_id: UUID) -> list[EmployeeRecord]:
        """The records of a hire (one, or none)."""
        ...

    async def page(self, *, filters: RecordFilters, after: RecordPosition | None, limit: int) -> list[EmployeeRecord]:
        """At most ``limit`` records matching ``filters``, newest first (then by
        id, descending), strictly after ``after``."""
        ...

    async def of_approval(self, approval_number: str) -> list[EmployeeRecord]:
        """The records declaring this PASS IAE, locked until the end of the transaction."""
        ...

    async def in_batch(self, batch_file: str) -> list[EmployeeRecord]:
        """The records a batch file holds, by line number."""
        ...


class EmployeeRecordUpdateRepository(BatchHolderRepository, Protocol):
    async def add(self, update: RecordUpdate) -> None:
        """Store a new update notification; a second pending one for a record
        raises ``Conflict``."""
        ...

    async def of_record(self, record_id: UUID) -> list[RecordUpdate]:
        """The update notifications of a record, newest first."""
        ...

    async def in_batch(self, batch_file: str) -> list[RecordUpdate]:
        """The notifications a batch file holds, by line number."""
        ...


class AspExchangeQuery(Protocol):
    """Read side of the ASP exchange, for its operators."""

    async def status(self) -> ExchangeStatus:
        """Records and update notifications per state, the batches planned
        but not settled, and the uploaded ones with lines still unanswered."""
        ...
