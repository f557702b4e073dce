"""The ASP exchange's state for its operators, counted by the database."""

from typing import Any

from sqlalchemy import Table, func, select, union_all
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.asp_batch_lines import RECORDS
from adapters.db.repositories.employee_record_updates import UPDATES
from adapters.db.tables import AspBatchRow
from domain.employee_records.batches import BatchState, Movement
from domain.employee_records.exchange_status import ExchangeStatus, PendingBatch
from domain.employee_records.state_machine import RecordState
from domain.employee_records.updates import UpdateState

BATCHES: Table = AspBatchRow.__table__  # type: ignore[attr-defined]


class SqlAspExchangeQuery:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def status(self) -> ExchangeStatus:
        async with self._session_factory() as session:
            records = await session.exec(_per_state(RECORDS))  # type: ignore[call-overload]
            updates = await session.exec(_per_state(UPDATES))  # type: ignore[call-overload]
            uploading = await session.exec(_uploading())  # type: ignore[call-overload]
            unanswered = await session.exec(_unanswered())  # type: ignore[call-overload]
            return ExchangeStatus(
                records={RecordState(state): n for state, n in records},
                updates={UpdateState(state): n for state, n in updates},
                uploading=[_pending(*row) for row in uploading],
                unanswered=[_pending(*row) for row in unanswered],
            )


def _per_state(table: Table) -> Any:
    return select(table.c.state, func.count()).group_by(table.c.state)


def _uploading() -> Any:
    b = BATCHES.c
    return (
        select(b.file_name, b.movement, b.line_count, b.created_at)
        .where(b.state == str(BatchState.UPLOADING))
        .order_by(b.created_at, b.file_name)
    )


def _unanswered() -> Any:
    waiting = union_all(
        *(
            select(table.c.batch_file.label("file_name"), func.count().label("lines"))
            .where(table.c.state == str(sent))
            .group_by(table.c.batch_file)
            for table, sent in ((RECORDS, RecordState.SENT), (UPDATES, UpdateState.SENT))
        )
    ).subquery("waiting")
    b = BATCHES.c
    return (
        select(b.file_name, b.movement, waiting.c.lines, b.uploaded_at)
        .join_from(BATCHES, waiting, waiting.c.file_name == b.file_name)
        .order_by(b.uploaded_at, b.file_name)
    )


def _pending(file_name: str, movement: str, lines: int, since: Any) -> PendingBatch:
    return PendingBatch(file_name, Movement(movement), lines, since)
