"""Batch lines claimed, read and settled in a few statements, without an ORM
entity per line: an export of 100,000 records is a few hundred statements.

Shared by the ready records (``C``, claimed in ``employee_record_claims``)
and the update notifications (``M``, claimed on their own rows)."""

import json
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Select,
    Subquery,
    Table,
    bindparam,
    cast,
    exists,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, Insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.tables import EmployeeRecordRow, RecordClaimRow
from domain.employee_records.asp_fields import AspFields, RsaStatus, Situation, Title
from domain.employee_records.batches import BatchLine, Movement
from domain.employee_records.declarations import Declaration
from domain.employee_records.records import PersonSnapshot, RecordHistoryEntry
from domain.ports.asp import DeclarationFormat

RECORDS: Table = EmployeeRecordRow.__table__  # type: ignore[attr-defined]
# What a line declares, read from the record (the PASS dates come with the line).
DECLARED = (
    RECORDS.c.approval_number,
    RECORDS.c.siret,
    RECORDS.c.asp_measure,
    RECORDS.c.asp_uid,
    RECORDS.c.fields,
    RECORDS.c.person,
)
CLAIMS: Table = RecordClaimRow.__table__  # type: ignore[attr-defined]


async def claim(
    session: AsyncSession, table: Table, *, waiting_state: str, index: str, batch_file: str, limit: int
) -> int:
    """Number the ``limit`` oldest rows in ``waiting_state`` that no batch
    holds into ``batch_file``, on the rows themselves: one ``UPDATE … FROM``
    (update notifications, a few at a time). Returns how many were numbered."""
    picked = _oldest_waiting(session, table, waiting_state=waiting_state, index=index, limit=limit)
    numbered = select(
        picked.c.id, func.row_number().over(order_by=(picked.c.updated_at, picked.c.id)).label("line")
    ).subquery("numbered")
    statement = (
        update(table).where(table.c.id == numbered.c.id).values(batch_file=batch_file, batch_line=numbered.c.line)
    )
    result = await session.exec(statement)  # type: ignore[call-overload]
    return int(result.rowcount)


async def claim_records(session: AsyncSession, *, batch_file: str, limit: int) -> int:
    """Claim the ``limit`` oldest ready records that no batch holds for
    ``batch_file``, numbered 1, 2…: one ``INSERT … SELECT`` into
    ``employee_record_claims``, the record rows locked but not rewritten.
    Returns how many were claimed."""
    picked = _oldest_waiting(
        session, RECORDS, waiting_state="ready", index="ix_employee_records_claimable", limit=limit, claims=CLAIMS
    )
    numbered = select(
        literal(batch_file), func.row_number().over(order_by=(picked.c.updated_at, picked.c.id)), picked.c.id
    )
    await session.exec(insert(CLAIMS).from_select(["batch_file", "line", "record_id"], numbered))  # type: ignore[call-overload]
    # Counted, not read from ``rowcount``: psycopg reports -1 for an INSERT … SELECT.
    counted = select(func.count()).where(CLAIMS.c.batch_file == batch_file)
    return int((await session.exec(counted)).one()[0])  # type: ignore[call-overload]


def _oldest_waiting(
    session: AsyncSession, table: Table, *, waiting_state: str, index: str, limit: int, claims: Table | None = None
) -> Subquery:
    """``id, updated_at`` of the ``limit`` oldest rows in ``waiting_state``
    that no batch holds (nor a row of ``claims``), locked ``FOR UPDATE SKIP
    LOCKED`` on PostgreSQL so that two exporters skip each other's rows
    (SQLite has one writer at a time).

    ``index`` is the partial index of those rows, in that order: the state is
    written as a literal so that the index qualifies, and SQLite is told to
    use it (left to itself it picks the ``batch_file`` unique index and sorts
    every unbatched row, for each batch: a minute at 100,000 records)."""
    if session.bind.dialect.name == "sqlite":  # type: ignore[union-attr]
        unclaimed = (
            f" AND NOT EXISTS (SELECT 1 FROM {claims.name} c WHERE c.record_id = {table.name}.id)"  # noqa: S608
            if claims is not None
            else ""
        )
        query = (
            f"SELECT id, updated_at FROM {table.name} INDEXED BY {index} "  # noqa: S608 (our names only)
            f"WHERE state = '{waiting_state}' AND batch_file IS NULL{unclaimed} ORDER BY updated_at, id LIMIT :limit"
        )
        chosen = text(query).bindparams(limit=limit).columns(table.c.id, table.c.updated_at)
    else:
        order = (table.c.updated_at, table.c.id)
        waiting = [table.c.state == literal_column(f"'{waiting_state}'"), table.c.batch_file.is_(None)]
        if claims is not None:
            waiting.append(~exists().where(claims.c.record_id == table.c.id))
        chosen = select(*order).where(*waiting).order_by(*order).limit(limit).with_for_update(skip_locked=True)
    return chosen.subquery("picked")


async def rendered_lines(
    session: AsyncSession, query: Select[Any], movement: Movement, declarations: DeclarationFormat
) -> list[BatchLine]:
    """Lines rendered now, from a query of ``id, batch_line, *DECLARED,
    pass_start_at, pass_end_at`` run on the session's connection (a Core
    query needs none of the ORM's result handling)."""
    connection = await session.connection()
    lines = []
    for row in await connection.execute(query):
        subject_id, number, declaration = declaration_of(row)
        lines.append(BatchLine(number, movement, subject_id, declarations.render(declaration)))
    return lines


def declaration_of(row: Sequence[Any]) -> tuple[UUID, int, Declaration]:
    """Subject id, line number and declaration of a row of ``rendered_lines``' query."""
    subject_id, number, approval_number, siret, asp_measure, asp_uid, fields, person, start, end = row
    declaration = Declaration(
        approval_number=approval_number,
        siret=siret,
        asp_measure=asp_measure,
        asp_uid=asp_uid,
        fields=fields_from_json(fields),
        person=person_from_json(person),
        pass_start_at=start,
        pass_end_at=end,
    )
    return subject_id, number, declaration


def upsert(session: AsyncSession, table: Table, rows: list[dict[str, Any]], *, key: Column[Any]) -> Insert:
    """``INSERT … ON CONFLICT (key) DO UPDATE`` of every other column, in the session's dialect."""
    insert = postgresql_insert if session.bind.dialect.name == "postgresql" else sqlite_insert  # type: ignore[union-attr]
    statement = insert(table).values(rows)
    others = {column.name: statement.excluded[column.name] for column in table.columns if column is not key}
    return statement.on_conflict_do_update(index_elements=[key], set_=others)


def history_appended(session: AsyncSession, entry: RecordHistoryEntry) -> ColumnElement[Any]:
    """``history`` with ``entry`` appended, computed by the database."""
    value = bindparam("entry", json.dumps(entry_json(entry)))
    if session.bind.dialect.name == "postgresql":  # type: ignore[union-attr]
        appended = cast(RECORDS.c.history, JSONB).op("||")(func.jsonb_build_array(cast(value, JSONB)))
        return cast(appended, JSON)
    return func.json_insert(RECORDS.c.history, "$[#]", func.json(value))


def fields_to_json(fields: AspFields) -> dict[str, object]:
    # By hand: ``dataclasses.asdict`` deep-copies and costs a third of an export's time.
    values: dict[str, object] = {name: getattr(fields, name) for name in _FIELD_NAMES}
    if fields.situation is not None:
        values["situation"] = {name: getattr(fields.situation, name) for name in _SITUATION_NAMES}
    return values


def fields_from_json(data: dict[str, Any]) -> AspFields:
    values = dict(data)
    if values.get("title"):
        values["title"] = Title(values["title"])
    if situation := values.get("situation"):
        values["situation"] = Situation(**{**situation, "rsa": RsaStatus(situation["rsa"])})
    return AspFields(**values)


def person_from_json(data: dict[str, Any]) -> PersonSnapshot:
    return PersonSnapshot(**{**data, "birthdate": date.fromisoformat(data["birthdate"])})


def entry_json(entry: RecordHistoryEntry) -> dict[str, object]:
    return {
        "transition": str(entry.transition),
        "from_state": str(entry.from_state),
        "to_state": str(entry.to_state),
        "actor_id": str(entry.actor_id) if entry.actor_id else None,
        "at": entry.at.isoformat(),
    }


def _names(cls: type) -> Sequence[str]:
    return [name for name in cls.__dataclass_fields__]  # type: ignore[attr-defined]


_FIELD_NAMES = _names(AspFields)
_SITUATION_NAMES = _names(Situation)
