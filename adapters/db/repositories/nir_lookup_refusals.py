"""Who ran out of NIR lookups: one row per caller and window, counted by an
``INSERT … ON CONFLICT DO UPDATE`` that both engines run atomically."""

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, or_, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.tables import JobSeekerLookupRow, NirLookupRefusalRow
from domain.job_seekers.lookup_budget import NirLookupRefusal, SpentBudget, SpentBudgetReport

_TABLE: Any = NirLookupRefusalRow.__table__  # type: ignore[attr-defined]
_R, _L = NirLookupRefusalRow, JobSeekerLookupRow


class SqlNirLookupRefusalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, refusal: NirLookupRefusal) -> None:
        dialect: Any = postgresql if self._session.bind.dialect.name == "postgresql" else sqlite  # type: ignore[union-attr]
        values = {
            "id": refusal.id,
            "subject": refusal.subject,
            "user_id": refusal.user_id,
            "client_id": refusal.client_id,
            "organisation_id": refusal.organisation_id,
            "company_id": refusal.company_id,
            "spent": str(refusal.spent),
            "window_started_at": refusal.window_started_at,
            "window_ends_at": refusal.window_ends_at,
            "first_refused_at": refusal.at,
            "last_refused_at": refusal.at,
            "refusals": 1,
        }
        statement = dialect.insert(_TABLE).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[_TABLE.c.subject, _TABLE.c.window_started_at],
            set_={"last_refused_at": statement.excluded.last_refused_at, "refusals": _TABLE.c.refusals + 1},
        )
        await self._session.exec(statement)  # type: ignore[call-overload]

    async def spent_budgets(self, *, after: tuple[datetime, UUID] | None, limit: int) -> list[SpentBudgetReport]:
        query = select(_R, _count_lookups(), _count_lookups(misses=True))
        if after is not None:
            query = query.where(tuple_(col(_R.first_refused_at), col(_R.id)) < tuple_(*after))
        query = query.order_by(col(_R.first_refused_at).desc(), col(_R.id).desc()).limit(limit)
        return [_report(row, lookups, misses) for row, lookups, misses in await self._session.exec(query)]


def _count_lookups(*, misses: bool = False) -> Any:
    """The audited lookups of the row's caller in the row's window (a person's
    own, or a partner application's: one of the two ids is set)."""
    query = (
        select(func.count())
        .select_from(_L)
        .where(
            or_(col(_L.user_id) == col(_R.user_id), col(_L.client_id) == col(_R.client_id)),
            col(_L.at) >= col(_R.window_started_at),
            col(_L.at) < col(_R.window_ends_at),
        )
    )
    if misses:
        query = query.where(col(_L.found_job_seeker_id).is_(None))
    return query.correlate(_R).scalar_subquery()


def _report(row: NirLookupRefusalRow, lookups: int, misses: int) -> SpentBudgetReport:
    return SpentBudgetReport(
        id=row.id,
        user_id=row.user_id,
        client_id=row.client_id,
        organisation_id=row.organisation_id,
        company_id=row.company_id,
        spent=SpentBudget(row.spent),
        window_started_at=row.window_started_at,
        window_ends_at=row.window_ends_at,
        first_refused_at=row.first_refused_at,
        last_refused_at=row.last_refused_at,
        refusals=row.refusals,
        lookups=lookups,
        misses=misses,
    )
