"""The indicators' read side: counts aggregated in SQL (GROUP BY over a
subquery of one line per candidature or exit), never rows loaded into Python.
The 30-day answer reads the instant the candidature keeps of its first answer,
not its history: one scan of the period's candidatures."""

from datetime import date
from typing import Any

from sqlalchemy import Interval, and_, case, func, literal, select, text
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import aliased
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.tables import CandidatureRow, CompanyRow, ExitFollowUpRow, ExitRow
from domain.candidatures.candidatures import RefusalReason, SenderKind
from domain.candidatures.state_machine import CandidatureState
from domain.exits.exits import HORIZONS, ExitKind
from domain.indicators.candidature_figures import ANSWER_DELAY, CandidatureProfile
from domain.indicators.exit_rates import ExitProfile, latest_exit_due
from domain.indicators.reports import IndicatorCounts, IndicatorScope, Period

_candidatures = CandidatureRow.__table__  # type: ignore[attr-defined]
_exits = ExitRow.__table__  # type: ignore[attr-defined]
_companies = CompanyRow.__table__  # type: ignore[attr-defined]
_NO_NEWS = literal(str(ExitKind.NO_NEWS))


class SqlIndicatorsQuery:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def counts(self, *, scope: IndicatorScope, period: Period, min_hours: int, today: date) -> IndicatorCounts:
        async with self._session_factory() as session:
            dialect = session.bind.dialect.name
            if dialect == "postgresql":
                # Compiling these one-off aggregates cost more than running them (bench/indicators.py).
                await session.exec(text("SET LOCAL jit = off"))
            candidatures = await session.exec(_candidature_counts(scope, period, dialect))
            exits = await session.exec(_exit_counts(scope, period, min_hours=min_hours, today=today))
        return IndicatorCounts(
            candidatures={_candidature_profile(row): row.n for row in candidatures},
            exits={_exit_profile(row): row.n for row in exits},
        )


def _in_scope(scope: IndicatorScope) -> Any:
    if scope.company_id is not None:
        return _candidatures.c.company_id == scope.company_id
    in_department = select(_companies.c.id).where(_companies.c.department == scope.department)
    return _candidatures.c.company_id.in_(in_department)


def _candidature_counts(scope: IndicatorScope, period: Period, dialect: str) -> Any:
    start, end = period.instants()
    c = _candidatures
    # CASE, not the comparison alone: never answered (NULL) and answered late must make one profile.
    in_time = case((_within_delay(c.c.first_answered_at, c.c.created_at, dialect), True), else_=False)
    each = (
        select(c.c.sender_kind, c.c.state, c.c.refusal_reason, in_time.label("in_time"))
        .where(_in_scope(scope), c.c.created_at >= start, c.c.created_at < end)
        .subquery()
    )
    columns = (each.c.sender_kind, each.c.state, each.c.refusal_reason, each.c.in_time)
    return select(*columns, func.count().label("n")).group_by(*columns)


def _within_delay(answered_at: Any, created_at: Any, dialect: str) -> Any:
    if dialect == "postgresql":
        return answered_at <= created_at + literal(ANSWER_DELAY, Interval())
    # SQLite keeps instants as text: both sides rewritten to the same millisecond format.
    shifted = func.strftime("%Y-%m-%d %H:%M:%f", created_at, f"+{ANSWER_DELAY.days} days")
    return func.strftime("%Y-%m-%d %H:%M:%f", answered_at) <= shifted


def _exit_counts(scope: IndicatorScope, period: Period, *, min_hours: int, today: date) -> Any:
    e, c = _exits, _candidatures
    follow_ups = {h: aliased(ExitFollowUpRow.__table__, name=f"f{h}") for h in HORIZONS}  # type: ignore[attr-defined]
    joined = e.join(c, c.c.id == e.c.candidature_id)
    for horizon, f in follow_ups.items():
        joined = joined.outerjoin(f, and_(f.c.candidature_id == e.c.candidature_id, f.c.horizon_months == horizon))
    known = []
    for horizon in HORIZONS:
        # The latest situation recorded at or before the horizon, no_news without one.
        latest_first = [follow_ups[h].c.situation for h in reversed(HORIZONS) if h <= horizon]
        situation = func.coalesce(*latest_first, _NO_NEWS)
        due = e.c.exit_at <= latest_exit_due(today, horizon)
        known.append(case((due, situation), else_=None).label(f"at_{horizon}"))
    each = (
        select(e.c.exit_kind, (e.c.hours_worked >= min_hours).label("counted"), *known)
        .select_from(joined)
        .where(
            _in_scope(scope),
            c.c.state == str(CandidatureState.ACCEPTED),
            e.c.exit_at >= period.first,
            e.c.exit_at <= period.last,
        )
        .subquery()
    )
    columns = (each.c.exit_kind, each.c.counted, *(each.c[f"at_{h}"] for h in HORIZONS))
    return select(*columns, func.count().label("n")).group_by(*columns)


def _candidature_profile(row: Any) -> CandidatureProfile:
    return CandidatureProfile(
        sender_kind=SenderKind(row.sender_kind),
        state=CandidatureState(row.state),
        refusal_reason=RefusalReason(row.refusal_reason) if row.refusal_reason else None,
        answered_in_time=bool(row.in_time),
    )


def _exit_profile(row: Any) -> ExitProfile:
    known = tuple(ExitKind(value) if value is not None else None for value in (row.at_3, row.at_6, row.at_12))
    return ExitProfile(ExitKind(row.exit_kind), bool(row.counted), known)  # type: ignore[arg-type]
