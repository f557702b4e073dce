"""Update notifications of employee records (movement ``M``): rows <-> entities,
and their batch lines, set-based like the records'."""

import dataclasses
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table, update
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.asp_batch_lines import DECLARED, RECORDS, claim, rendered_lines
from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import EmployeeRecordUpdateRow
from domain.employee_records.batches import BatchLine, Movement
from domain.employee_records.updates import RecordUpdate, UpdateState, sent_state
from domain.ports.asp import DeclarationFormat

UPDATES: Table = EmployeeRecordUpdateRow.__table__  # type: ignore[attr-defined]
_NAMES = [f.name for f in dataclasses.fields(RecordUpdate)]


class SqlEmployeeRecordUpdateRepository(TrackingRepository[RecordUpdate, EmployeeRecordUpdateRow]):
    row_type = EmployeeRecordUpdateRow

    def __init__(self, session: AsyncSession, declarations: DeclarationFormat) -> None:
        super().__init__(session)
        self._declarations = declarations  # an update's line is rendered when it is read: its PASS dates are its own

    async def add(self, update: RecordUpdate) -> None:
        await self._insert(update)

    async def of_record(self, record_id: UUID) -> list[RecordUpdate]:
        newest_first = (col(EmployeeRecordUpdateRow.created_at).desc(), col(EmployeeRecordUpdateRow.id).desc())
        query = select(EmployeeRecordUpdateRow).where(EmployeeRecordUpdateRow.record_id == record_id)
        return self._track_all(await self._session.exec(query.order_by(*newest_first)))

    async def in_batch(self, batch_file: str) -> list[RecordUpdate]:
        query = select(EmployeeRecordUpdateRow).where(EmployeeRecordUpdateRow.batch_file == batch_file)
        return self._track_all(await self._session.exec(query.order_by(col(EmployeeRecordUpdateRow.batch_line))))

    async def claim_batch(self, *, batch_file: str, limit: int) -> int:
        return await claim(
            self._session,
            UPDATES,
            waiting_state=UpdateState.NEW,
            index="ix_employee_record_updates_claimable",
            batch_file=batch_file,
            limit=limit,
        )

    async def lines_of_batch(self, batch_file: str) -> list[BatchLine]:
        query = (
            sa_select(UPDATES.c.id, UPDATES.c.batch_line, *DECLARED, UPDATES.c.pass_start_at, UPDATES.c.pass_end_at)
            .join_from(UPDATES, RECORDS, UPDATES.c.record_id == RECORDS.c.id)
            .where(UPDATES.c.batch_file == batch_file)
            .order_by(UPDATES.c.batch_line)
        )
        return await rendered_lines(self._session, query, Movement.UPDATE, self._declarations)

    async def mark_sent(self, batch_file: str, *, at: datetime) -> int:
        statement = (
            update(UPDATES)
            .where(UPDATES.c.batch_file == batch_file, UPDATES.c.state == str(UpdateState.NEW))
            .values(state=str(sent_state()), updated_at=at)
        )
        result = await self._session.exec(statement)  # type: ignore[call-overload]
        return int(result.rowcount)  # type: ignore[attr-defined]

    def _to_domain(self, row: EmployeeRecordUpdateRow) -> RecordUpdate:
        values = {name: getattr(row, name) for name in _NAMES}
        return RecordUpdate(**{**values, "state": UpdateState(row.state)})

    def _columns(self, update: RecordUpdate) -> dict[str, Any]:
        return {**dataclasses.asdict(update), "state": str(update.state)}
