"""Employee records and ASP batches: rows <-> domain entities."""

import dataclasses
from datetime import datetime
from operator import attrgetter
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Table, and_, delete, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.asp_batch_lines import (
    CLAIMS,
    DECLARED,
    RECORDS,
    claim_records,
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
from domain.ports.asp import DeclarationFormat

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
        return next(iter(await self._load(RECORDS.c.id == record_id)), None)

    async def get_for_update(self, record_id: UUID) -> EmployeeRecord | None:
        return next(iter(await self._load(RECORDS.c.id == record_id, for_update=True)), None)

    async def add(self, record: EmployeeRecord) -> None:
        await self._insert(record)

    async def find(self, *, asp_measure: str, siret: str, approval_number: str) -> EmployeeRecord | None:
        same = (RECORDS.c.asp_measure == asp_measure, RECORDS.c.siret == siret)
        return next(iter(await self._load(*same, RECORDS.c.approval_number == approval_number)), None)

    async def of_candidature(self, candidature_id: UUID) -> list[EmployeeRecord]:
        return await self._load(RECORDS.c.candidature_id == candidature_id, for_update=True)

    async def page(self, *, filters: RecordFilters, after: RecordPosition | None, limit: int) -> list[EmployeeRecord]:
        conditions = []
        if filters.company_id is not None:
            conditions.append(RECORDS.c.company_id == filters.company_id)
        if filters.state is not None:
            conditions.append(RECORDS.c.state == str(filters.state))
        if after is not None:
            created_at, row_id = RECORDS.c.created_at, RECORDS.c.id
            conditions.append(
                or_(created_at < after.created_at, and_(created_at == after.created_at, row_id < after.id))
            )
        newest_first = (RECORDS.c.created_at.desc(), RECORDS.c.id.desc())
        return await self._load(*conditions, order_by=newest_first, limit=limit)

    async def of_approval(self, approval_number: str) -> list[EmployeeRecord]:
        return await self._load(RECORDS.c.approval_number == approval_number, for_update=True)

    async def in_batch(self, batch_file: str) -> list[EmployeeRecord]:
        return await self._load(RECORDS.c.batch_file == batch_file, order_by=(RECORDS.c.batch_line,))

    async def claim_batch(self, *, batch_file: str, limit: int) -> int:
        return await claim_records(self._session, batch_file=batch_file, limit=limit)

    async def lines_of_batch(self, batch_file: str) -> list[BatchLine]:
        """The lines kept when the records were saved ready, and any kept under
        another ``DeclarationFormat.version`` (or none: saved before there was
        one) rendered again."""
        in_file = CLAIMS.c.batch_file == batch_file
        current = and_(LINES.c.record_id == CLAIMS.c.record_id, LINES.c.version == self._declarations.version)
        kept = sa_select(CLAIMS.c.record_id, CLAIMS.c.line, LINES.c.line).join_from(CLAIMS, LINES, current)
        rows = await (await self._session.connection()).execute(kept.where(in_file).order_by(CLAIMS.c.line))
        lines = [BatchLine(number, Movement.CREATION, subject_id, line.encode()) for subject_id, number, line in rows]
        declared = (RECORDS.c.id, CLAIMS.c.line, *DECLARED, RECORDS.c.pass_start_at, RECORDS.c.pass_end_at)
        held = CLAIMS.join(RECORDS, CLAIMS.c.record_id == RECORDS.c.id)
        stale = sa_select(*declared).select_from(held.outerjoin(LINES, current))
        stale = stale.where(in_file, LINES.c.record_id.is_(None))
        if again := await rendered_lines(self._session, stale, Movement.CREATION, self._declarations):
            lines = sorted([*lines, *again], key=attrgetter("number"))
        return lines

    async def mark_sent(self, batch_file: str, *, at: datetime) -> int:
        """One rewrite of each record row: ``sent``, with its file and line
        taken from its claim (then deleted) and the history entry appended."""
        entry = sent_entry(at=at)
        claimed = and_(CLAIMS.c.batch_file == batch_file, CLAIMS.c.record_id == RECORDS.c.id)
        statement = (
            update(RECORDS)
            .where(claimed, RECORDS.c.state == str(entry.from_state))
            .values(
                state=str(entry.to_state),
                batch_file=CLAIMS.c.batch_file,
                batch_line=CLAIMS.c.line,
                updated_at=at,
                history=history_appended(self._session, entry),
            )
        )
        result = await self._session.exec(statement)  # type: ignore[call-overload]
        await self._session.exec(delete(CLAIMS).where(CLAIMS.c.batch_file == batch_file))  # type: ignore[call-overload]
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def _load(
        self,
        *conditions: ColumnElement[bool],
        for_update: bool = False,
        order_by: tuple[ColumnElement[Any], ...] = (),
        limit: int | None = None,
    ) -> list[EmployeeRecord]:
        """Records with their claim, if a batch being uploaded holds them: the
        record row itself only gets its file and line once the batch is uploaded.

        The claims are read by a second statement, after the rows are locked:
        claiming locks the record rows it takes until it commits, so a claim
        that this lock waited for is seen (a join would read the claims as
        they were when the statement began, before that commit)."""
        query = sa_select(EmployeeRecordRow).where(*conditions).order_by(*order_by).limit(limit)
        if for_update:
            query = query.with_for_update()
        rows = (await self._session.exec(query)).scalars().all()  # type: ignore[call-overload]
        claims = await self._claims_of([row.id for row in rows])
        records = []
        for row in rows:
            record = self._track(row)
            assert record is not None
            if row.id in claims:
                record.batch_file, record.batch_line = claims[row.id]
            records.append(record)
        return records

    async def _claims_of(self, record_ids: list[UUID]) -> dict[UUID, tuple[str, int]]:
        if not record_ids:
            return {}
        query = sa_select(CLAIMS.c.record_id, CLAIMS.c.batch_file, CLAIMS.c.line).where(
            CLAIMS.c.record_id.in_(record_ids)
        )
        return {record_id: (file, line) for record_id, file, line in await self._session.exec(query)}  # type: ignore[call-overload]

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
