"""The read side of "around a commune" searches (a query port, not a repository).

The bounding box on the indexed (latitude, longitude) prunes rows; the dot
product of unit vectors keeps the disc and orders nearest first (see
domain/matching/geo.py). Keyset pagination on (dot, id) is stable across pages.
The statements are built by plain functions so that the query-plan test
explains exactly what the adapter runs.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.companies import company_from_row
from adapters.db.repositories.job_postings import posting_from_row
from adapters.db.tables import CompanyRow, JobPostingRow
from domain.companies.companies import CompanyCard
from domain.companies.job_postings import PostingCard
from domain.matching.geo import SearchArea
from domain.matching.hits import Cursor, Located, SearchFilters

# A search only reads: outside a transaction it spares a BEGIN and a ROLLBACK
# round trip per request (about 0.2 ms of CPU per search, bench/national_search.py).
_NO_TRANSACTION = {"isolation_level": "AUTOCOMMIT"}


def _dot(table: Any, area: SearchArea) -> Any:
    x, y, z = area.centre.unit_vector()
    return table.geo_x * x + table.geo_y * y + table.geo_z * z


def _within(table: Any, area: SearchArea, dot: Any) -> list[Any]:
    box = area.bounding_box()
    return [
        table.latitude.between(box.min_latitude, box.max_latitude),
        table.longitude.between(box.min_longitude, box.max_longitude),
        dot >= area.min_dot,
    ]


def _after(table: Any, dot: Any, cursor: Cursor | None) -> list[Any]:
    if cursor is None:
        return []
    return [or_(dot < cursor.dot, and_(dot == cursor.dot, table.id > cursor.id))]


def _posting_filters(filters: SearchFilters) -> list[Any]:
    conditions = [JobPostingRow.is_active]
    if filters.rome_codes:
        conditions.append(JobPostingRow.rome_code.in_(sorted(filters.rome_codes)))
    if filters.contract_types:
        conditions.append(JobPostingRow.contract_type.in_(sorted(filters.contract_types)))
    return conditions


def postings_statement(
    area: SearchArea, filters: SearchFilters, *, after: Cursor | None, limit: int, open_to_candidatures: bool = False
) -> Select[Any]:
    """The ``limit`` nearest active postings in ``area`` after ``after`` that
    pass the posting filters, each with its company and ``kept``: whether the
    company passes the company filters (active, kind, accepting candidatures).

    The postings are chosen first and their companies joined after, so that
    the join reads a page of companies by primary key rather than hashing the
    whole table; the caller skips the rows not kept and asks for more. The
    choice sorts ids and closeness only, and the page's rows are read by
    primary key: a narrow sort, and a statement twice as quick to build as
    one over whole rows (the building dominates a search's CPU time)."""
    dot = _dot(JobPostingRow, area)
    conditions = [*_within(JobPostingRow, area, dot), *_posting_filters(filters), *_after(JobPostingRow, dot, after)]
    if filters.department:
        conditions.append(JobPostingRow.department == filters.department)
    if open_to_candidatures:
        conditions.append(JobPostingRow.open_positions > 0)
    if filters.kinds:
        # Few companies pass a kind filter: choosing among their postings only
        # spares reading (and loading) batch after batch of the others' rows.
        conditions.append(
            exists().where(CompanyRow.id == JobPostingRow.company_id, CompanyRow.kind.in_(sorted(filters.kinds)))
        )
    nearest = (
        select(JobPostingRow.id, dot.label("dot"))
        .where(*conditions)
        .order_by(dot.desc(), JobPostingRow.id)
        .limit(limit)
        .subquery("nearest")
    )
    kept = [CompanyRow.is_active]
    if filters.kinds:
        kept.append(CompanyRow.kind.in_(sorted(filters.kinds)))
    if open_to_candidatures:
        kept.append(~CompanyRow.block_candidatures)
    return (
        select(JobPostingRow, CompanyRow, nearest.c.dot, and_(*kept).label("kept"))
        .join(nearest, nearest.c.id == JobPostingRow.id)
        .join(CompanyRow, CompanyRow.id == JobPostingRow.company_id)
        .order_by(nearest.c.dot.desc(), JobPostingRow.id)
    )


def companies_statement(area: SearchArea, filters: SearchFilters, *, after: Cursor | None, limit: int) -> Select[Any]:
    """Active companies in ``area`` with their count of active postings, nearest first."""
    dot = _dot(CompanyRow, area)
    conditions = [*_within(CompanyRow, area, dot), CompanyRow.is_active, *_after(CompanyRow, dot, after)]
    if filters.kinds:
        conditions.append(CompanyRow.kind.in_(sorted(filters.kinds)))
    if filters.department:
        conditions.append(CompanyRow.department == filters.department)
    if filters.rome_codes or filters.contract_types:
        conditions.append(exists().where(JobPostingRow.company_id == CompanyRow.id, *_posting_filters(filters)))
    active_postings = (
        select(func.count()).where(JobPostingRow.company_id == CompanyRow.id, JobPostingRow.is_active).scalar_subquery()
    )
    return (
        select(CompanyRow, active_postings.label("postings"), dot.label("dot"))
        .where(*conditions)
        .order_by(dot.desc(), CompanyRow.id)
        .limit(limit)
    )


class SqlLocatedSearch:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[AsyncSession]:
        async with self._session_factory() as session:
            await session.connection(execution_options=_NO_TRANSACTION)
            yield session

    async def postings_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[PostingCard]]:
        return await self._postings(area, filters, after=after, limit=limit)

    async def postings_for_matching(
        self, *, area: SearchArea, filters: SearchFilters, limit: int
    ) -> list[Located[PostingCard]]:
        return await self._postings(area, filters, after=None, limit=limit, open_to_candidatures=True)

    async def companies_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[CompanyCard]]:
        async with self._reading() as session:
            rows = (await session.exec(companies_statement(area, filters, after=after, limit=limit))).all()
        return [
            Located(CompanyCard(company_from_row(company), int(postings)), float(closeness))
            for company, postings, closeness in rows
        ]

    async def _postings(
        self,
        area: SearchArea,
        filters: SearchFilters,
        *,
        after: Cursor | None,
        limit: int,
        open_to_candidatures: bool = False,
    ) -> list[Located[PostingCard]]:
        hits: list[Located[PostingCard]] = []
        # A few more rows than asked make up for the companies filtered out,
        # usually in one query; a selective kind filter doubles the batch until full.
        batch = limit + max(4, limit // 4)
        async with self._reading() as session:
            while True:
                statement = postings_statement(
                    area, filters, after=after, limit=batch, open_to_candidatures=open_to_candidatures
                )
                rows = (await session.exec(statement)).all()
                hits += [
                    Located(PostingCard(posting_from_row(posting), company_from_row(company)), float(closeness))
                    for posting, company, closeness, kept in rows
                    if kept
                ]
                if len(hits) >= limit or len(rows) < batch:
                    return hits[:limit]
                last_posting, _, last_dot, _ = rows[-1]
                after, batch = Cursor(dot=float(last_dot), id=last_posting.id), batch * 2
