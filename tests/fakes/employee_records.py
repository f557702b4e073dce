"""In-memory fakes of employee records, their updates and ASP batches."""

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from domain.employee_records.batches import AspBatch, BatchLine, BatchState, Movement
from domain.employee_records.declarations import Declaration
from domain.employee_records.listing import RecordFilters, RecordPosition
from domain.employee_records.records import EmployeeRecord, RecordExists
from domain.employee_records.state_machine import RecordState
from domain.employee_records.updates import RecordUpdate, UpdateState
from domain.errors import Conflict

if TYPE_CHECKING:
    from tests.fakes.unit_of_work import FakeUnitOfWork


class FakeEmployeeRecords:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, EmployeeRecord] = {}

    async def get(self, record_id: uuid.UUID) -> EmployeeRecord | None:
        return self.rows.get(record_id)

    async def get_for_update(self, record_id: uuid.UUID) -> EmployeeRecord | None:
        return self.rows.get(record_id)

    async def add(self, record: EmployeeRecord) -> None:
        if await self.find(asp_measure=record.asp_measure, siret=record.siret, approval_number=record.approval_number):
            raise RecordExists("Ce PASS IAE a déjà une fiche salarié pour cette structure.")
        self.rows[record.id] = record

    async def find(self, *, asp_measure: str, siret: str, approval_number: str) -> EmployeeRecord | None:
        key = (asp_measure, siret, approval_number)
        return next((r for r in self.rows.values() if (r.asp_measure, r.siret, r.approval_number) == key), None)

    async def of_candidature(self, candidature_id: uuid.UUID) -> list[EmployeeRecord]:
        return [r for r in self.rows.values() if r.candidature_id == candidature_id]

    async def page(self, *, filters: RecordFilters, after: RecordPosition | None, limit: int) -> list[EmployeeRecord]:
        found = [r for r in self.rows.values() if filters.match(r) and (after is None or after.precedes(r))]
        return sorted(found, key=lambda r: (r.created_at, r.id), reverse=True)[:limit]

    async def of_approval(self, approval_number: str) -> list[EmployeeRecord]:
        return [r for r in self.rows.values() if r.approval_number == approval_number]

    async def in_batch(self, batch_file: str) -> list[EmployeeRecord]:
        held = [r for r in self.rows.values() if r.batch_file == batch_file]
        return sorted(held, key=lambda r: r.batch_line or 0)

    async def claim_batch(self, *, batch_file: str, limit: int) -> int:
        ready = [r for r in self.rows.values() if r.state is RecordState.READY and r.batch_file is None]
        chosen = sorted(ready, key=lambda r: (r.updated_at, r.id))[:limit]
        for number, record in enumerate(chosen, start=1):
            record.claim(batch_file=batch_file, line=number)
        return len(chosen)

    async def lines_of_batch(self, batch_file: str) -> list[BatchLine]:
        return [
            BatchLine(r.batch_line or 0, Movement.CREATION, r.id, _declared(Declaration.of(r)))
            for r in await self.in_batch(batch_file)
        ]

    async def mark_sent(self, batch_file: str, *, at: datetime) -> int:
        held = [r for r in await self.in_batch(batch_file) if r.state is RecordState.READY]
        for record in held:
            record.mark_sent(at=at)
        return len(held)


def _declared(declaration: Declaration) -> bytes:
    # The layout is the SQL adapters' (``DeclarationFormat``); the fake batch files only count lines.
    return repr(declaration).encode()


class FakeEmployeeRecordUpdates:
    def __init__(self, store: "FakeUnitOfWork") -> None:
        self.rows: dict[uuid.UUID, RecordUpdate] = {}
        self._store = store

    async def add(self, update: RecordUpdate) -> None:
        if any(u.is_pending and u.record_id == update.record_id for u in self.rows.values()):
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[update.id] = update

    async def of_record(self, record_id: uuid.UUID) -> list[RecordUpdate]:
        found = [u for u in self.rows.values() if u.record_id == record_id]
        return sorted(found, key=lambda u: (u.created_at, u.id), reverse=True)

    async def in_batch(self, batch_file: str) -> list[RecordUpdate]:
        return sorted((u for u in self.rows.values() if u.batch_file == batch_file), key=lambda u: u.batch_line or 0)

    async def claim_batch(self, *, batch_file: str, limit: int) -> int:
        waiting = sorted((u for u in self.rows.values() if u.is_pending), key=lambda u: (u.updated_at, u.id))
        chosen = waiting[:limit]
        for number, update in enumerate(chosen, start=1):
            update.claim(batch_file=batch_file, line=number)
        return len(chosen)

    async def lines_of_batch(self, batch_file: str) -> list[BatchLine]:
        records = self._store.employee_records.rows
        return [
            BatchLine(
                u.batch_line or 0,
                Movement.UPDATE,
                u.id,
                _declared(Declaration.of(records[u.record_id], pass_dates=(u.pass_start_at, u.pass_end_at))),
            )
            for u in await self.in_batch(batch_file)
        ]

    async def mark_sent(self, batch_file: str, *, at: datetime) -> int:
        held = [u for u in await self.in_batch(batch_file) if u.state is UpdateState.NEW]
        for update in held:
            update.mark_sent(at=at)
        return len(held)


class FakeAspBatches:
    def __init__(self) -> None:
        self.rows: dict[str, AspBatch] = {}

    async def get(self, file_name: str) -> AspBatch | None:
        return self.rows.get(file_name)

    async def add(self, batch: AspBatch) -> None:
        if batch.file_name in self.rows:
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[batch.file_name] = batch

    async def uploading(self) -> list[AspBatch]:
        return sorted((b for b in self.rows.values() if b.state is BatchState.UPLOADING), key=lambda b: b.file_name)
