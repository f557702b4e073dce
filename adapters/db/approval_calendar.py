from datetime import date

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.tables import ApprovalRow


class SqlApprovalCalendar:
    """Read side of the PASS IAE end dates (the ``end_at`` index serves it)."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def numbers_ending_between(self, first: date, last: date) -> list[str]:
        query = (
            select(ApprovalRow.number)
            .where(col(ApprovalRow.end_at) >= first, col(ApprovalRow.end_at) <= last)
            .where(col(ApprovalRow.cancelled_at).is_(None))
            .order_by(col(ApprovalRow.end_at), col(ApprovalRow.number))
        )
        async with self._session_factory() as session:
            return list(await session.exec(query))
