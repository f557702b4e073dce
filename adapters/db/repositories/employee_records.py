"""Employee records and ASP batches: rows <-> domain entities."""

import dataclasses
from datetime import datetime
from operator import attrgetter
from typing import Any
from uuid import UUID

from sqlalchemy import Table, and_, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.asp_batch_lines import (
    RECORD_LINE,
    RECORDS,
    claim,
    entry_json,
    fields_from_json,
    fields_to_json,
    history_appended,
    person_from_json,
    rendered_lines,
    upsert,
)
from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import AspBatchRow, DeclaredLineRow, EmployeeRecordRow
from domain.employee_records.batches import AspBatch, BatchLine, BatchState, Movement
from domain.employee_records.declarations import Declaration
from domain.employee_records.listing import RecordFilters, RecordPosition
from domain.employee_records.records import EmployeeRecord, PersonSnapshot, RecordHistoryEntry, sent_entry
from domain.employee_records.state_machine import RecordState, RecordTransition
from domain.ports import DeclarationFormat

LINES: Table = DeclaredLineRow.__table__  # type: ignore[attr-defined]
_PLAIN = [
    f.name
    for f in dataclasses.fields(EmployeeRecord)
    if f.name not in {"state", "fields", "person", "history", "events"}
]


class SqlEmployeeRecordRepository(TrackingRepository[EmployeeRecord, EmployeeRecordRow]):
    row_type = EmployeeRecordRow

    def __init__(self, session: AsyncSession, declarations: DeclarationFormat) -> None:
        super().__init__(session)
        self._declarations = declarations

    async def get(self, record_id: UUID) -> EmployeeRecord | None:
        return self._track(await self._session.get(EmployeeRecordRow, record_id))

    async def get_for_update(self, record_id: UUID) -> EmployeeRecord | None:
        query = select(EmployeeRecordRow).where(EmployeeRecordRow.id == record_id).with_for_update()
        return self._track((await self._session.exec(query)).first())

    async def add(self, record: EmployeeRecord) -> None:
        await self._insert(record)

    async def find(self, *, asp_measure: str, siret: str, approval_number: str) -> EmployeeRecord | None:
        query = select(EmployeeRecordRow).where(
            EmployeeRecordRow.asp_measure == asp_measure,
            EmployeeRecordRow.siret == siret,
            EmployeeRecordRow.approval_number == approval_number,
        )
        return self._track((await self._session.exec(query)).first())

    async def of_candidature(self, candidature_id: UUID) -> list[EmployeeRecord]:
        query = select(EmployeeRecordRow).where(EmployeeRecordRow.candidature_id == candidature_id)
        return self._track_all(await self._session.exec(query.with_for_update()))

    async def page(self, *, filters: RecordFilters, after: RecordPosition | None, limit: int) -> list[EmployeeRecord]:
        query = select(EmployeeRecordRow)
        if filters.company_id is not None:
            query = query.where(EmployeeRecordRow.company_id == filters.company_id)
        if filters.state is not None:
            query = query.where(EmployeeRecordRow.state == str(filters.state))
        if after is not None:
            created_at, row_id = col(EmployeeRecordRow.created_at), col(EmployeeRecordRow.id)
            query = query.where(
                or_(created_at < after.created_at, and_(created_at == after.created_at, row_id < after.id))
            )
        newest_first = (col(EmployeeRecordRow.created_at).desc(), col(EmployeeRecordRow.id).desc())
        return self._track_all(await self._session.exec(query.order_by(*newest_first).limit(limit)))

    async def of_approval(self, approval_number: str) -> list[EmployeeRecord]:
        query = select(EmployeeRecordRow).where(EmployeeRecordRow.approval_number == approval_number)
        return self._track_all(await self._session.exec(query.with_for_update()))

    async def in_batch(self, batch_file: str) -> list[EmployeeRecord]:
        query = select(EmployeeRecordRow).where(EmployeeRecordRow.batch_file == batch_file)
        return self._track_all(await self._session.exec(query.order_by(col(EmployeeRecordRow.batch_line))))

    async def claim_batch(self, *, batch_file: str, limit: int) -> int:
        return await claim(
            self._session,
            RECORDS,
            waiting_state=RecordState.READY,
            index="ix_employee_records_claimable",
            batch_file=batch_file,
            limit=limit,
        )

    async def lines_of_batch(self, batch_file: str) -> list[BatchLine]:
        """The lines kept when the records were saved ready, and any kept under
        another ``DeclarationFormat.version`` (or none: saved before there was
        one) rendered again."""
        in_file = RECORDS.c.batch_file == batch_file
        current = and_(LINES.c.record_id == RECORDS.c.id, LINES.c.version == self._declarations.version)
        kept = sa_select(RECORDS.c.id, RECORDS.c.batch_line, LINES.c.line).join_from(RECORDS, LINES, current)
        rows = await (await self._session.connection()).execute(kept.where(in_file).order_by(RECORDS.c.batch_line))
        lines = [BatchLine(number, Movement.CREATION, subject_id, line.encode()) for subject_id, number, line in rows]
        stale = sa_select(*RECORD_LINE).outerjoin(LINES, current).where(in_file, LINES.c.record_id.is_(None))
        if again := await rendered_lines(self._session, stale, Movement.CREATION, self._declarations):
            lines = sorted([*lines, *again], key=attrgetter("number"))
        return lines

    async def mark_sent(self, batch_file: str, *, at: datetime) -> int:
        entry = sent_entry(at=at)
        statement = (
            update(RECORDS)
            .where(RECORDS.c.batch_file == batch_file, RECORDS.c.state == str(entry.from_state))
            .values(state=str(entry.to_state), updated_at=at, history=history_appended(self._session, entry))
        )
        result = await self._session.exec(statement)  # type: ignore[call-overload]
        return int(result.rowcount)  # type: ignore[attr-defined]

    def _to_domain(self, row: EmployeeRecordRow) -> EmployeeRecord:
        return EmployeeRecord(
            **{name: getattr(row, name) for name in _PLAIN},
            state=RecordState(row.state),
            fields=fields_from_json(row.fields),
            person=_person(row.person),
            history=[_entry(item) for item in row.history],
        )

    def _columns(self, record: EmployeeRecord) -> dict[str, Any]:
        return {
            **{name: getattr(record, name) for name in _PLAIN},
            "state": str(record.state),
            "fields": fields_to_json(record.fields),
            "person": _person_json(record.person),
            "history": [entry_json(entry) for entry in record.history],
        }

    async def keep_declared_lines(self) -> None:
        """Before a commit: the line of each ready record this unit of work
        handled, rendered as it now is (a record that left ``ready`` keeps the
        line it was last declared with)."""
        version = self._declarations.version
        lines = [
            {
                "record_id": record.id,
                "line": self._declarations.render(Declaration.of(record)).decode(),
                "version": version,
            }
            for record, _ in self._seen.values()
            if record.state is RecordState.READY
        ]
        if lines:
            await self._session.exec(upsert(self._session, LINES, lines, key=LINES.c.record_id))  # type: ignore[call-overload]


def _person(data: dict[str, Any] | None) -> PersonSnapshot | None:
    return None if data is None else person_from_json(data)


def _person_json(person: PersonSnapshot | None) -> dict[str, object] | None:
    if person is None:
        return None
    return {**dataclasses.asdict(person), "birthdate": person.birthdate.isoformat()}


def _entry(data: dict[str, Any]) -> RecordHistoryEntry:
    return RecordHistoryEntry(
        transition=RecordTransition(data["transition"]),
        from_state=RecordState(data["from_state"]),
        to_state=RecordState(data["to_state"]),
        actor_id=UUID(data["actor_id"]) if data["actor_id"] else None,
        at=datetime.fromisoformat(data["at"]),
    )


class SqlAspBatchRepository(TrackingRepository[AspBatch, AspBatchRow]):
    row_type = AspBatchRow

    async def get(self, file_name: str) -> AspBatch | None:
        query = select(AspBatchRow).where(AspBatchRow.file_name == file_name).with_for_update()
        return self._track((await self._session.exec(query)).first())

    async def add(self, batch: AspBatch) -> None:
        await self._insert(batch)

    async def uploading(self) -> list[AspBatch]:
        query = select(AspBatchRow).where(AspBatchRow.state == str(BatchState.UPLOADING))
        return self._track_all(await self._session.exec(query.order_by(col(AspBatchRow.file_name))))

    def _to_domain(self, row: AspBatchRow) -> AspBatch:
        return AspBatch(
            file_name=row.file_name,
            movement=Movement(row.movement),
            state=BatchState(row.state),
            line_count=row.line_count,
            created_at=row.created_at,
            uploaded_at=row.uploaded_at,
        )

    def _columns(self, batch: AspBatch) -> dict[str, Any]:
        return {**dataclasses.asdict(batch), "movement": str(batch.movement), "state": str(batch.state)}
