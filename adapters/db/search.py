"""The read side of "around a commune" searches (a query port, not a repository).

The bounding box on the indexed (latitude, longitude) prunes rows; the dot
product of unit vectors keeps the disc and orders nearest first (see
domain/matching/geo.py). Keyset pagination on (dot, id) is stable across pages.
"""

from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.companies import company_from_row
from adapters.db.repositories.job_postings import posting_from_row
from adapters.db.tables import CompanyRow, JobPostingRow
from domain.companies.companies import CompanyCard
from domain.companies.job_postings import PostingCard
from domain.matching.geo import SearchArea
from domain.matching.hits import Cursor, Located, SearchFilters


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


class SqlLocatedSearch:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def postings_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[PostingCard]]:
        dot = _dot(JobPostingRow, area)
        conditions = [
            *_within(JobPostingRow, area, dot),
            *_posting_filters(filters),
            CompanyRow.is_active,
            *_after(JobPostingRow, dot, after),
        ]
        if filters.kinds:
            conditions.append(CompanyRow.kind.in_(sorted(filters.kinds)))
        if filters.department:
            conditions.append(JobPostingRow.department == filters.department)
        query = (
            select(JobPostingRow, CompanyRow, dot.label("dot"))
            .join(CompanyRow, CompanyRow.id == JobPostingRow.company_id)
            .where(*conditions)
            .order_by(dot.desc(), JobPostingRow.id)
            .limit(limit)
        )
        async with self._session_factory() as session:
            rows = (await session.execute(query)).all()
        return [
            Located(PostingCard(posting_from_row(posting), company_from_row(company)), float(closeness))
            for posting, company, closeness in rows
        ]

    async def companies_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[CompanyCard]]:
        dot = _dot(CompanyRow, area)
        conditions = [*_within(CompanyRow, area, dot), CompanyRow.is_active, *_after(CompanyRow, dot, after)]
        if filters.kinds:
            conditions.append(CompanyRow.kind.in_(sorted(filters.kinds)))
        if filters.department:
            conditions.append(CompanyRow.department == filters.department)
        if filters.rome_codes or filters.contract_types:
            conditions.append(exists().where(JobPostingRow.company_id == CompanyRow.id, *_posting_filters(filters)))
        active_postings = (
            select(func.count())
            .where(JobPostingRow.company_id == CompanyRow.id, JobPostingRow.is_active)
            .scalar_subquery()
        )
        query = (
            select(CompanyRow, active_postings.label("postings"), dot.label("dot"))
            .where(*conditions)
            .order_by(dot.desc(), CompanyRow.id)
            .limit(limit)
        )
        async with self._session_factory() as session:
            rows = (await session.execute(query)).all()
        return [
            Located(CompanyCard(company_from_row(company), int(postings)), float(closeness))
            for company, postings, closeness in rows
        ]
