"""The read side of "around a commune" searches (a query port, not a repository).

The bounding box on the indexed (latitude, longitude) prunes rows; the dot
product of unit vectors keeps the disc and orders nearest first (see
domain/matching/geo.py). Keyset pagination on (dot, id) is stable across pages.

Each statement is built once per shape (which filters it has) with bound
parameters, and read as plain columns: building statements and loading ORM
entities were most of a search's CPU time (bench/national_search.py). The
query-plan test explains the statements that ``postings_statement`` and
``companies_statement`` return, the adapter's own with their values bound.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import BindParameter, Row, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.visitors import replacement_traverse

from adapters.db.repositories.companies import COMPANY_COLUMNS, company_from_values
from adapters.db.repositories.job_postings import POSTING_COLUMNS, posting_from_values
from adapters.db.tables import CompanyRow, JobPostingRow
from domain.companies.companies import Company, CompanyCard
from domain.companies.job_postings import PostingCard
from domain.matching.geo import SearchArea
from domain.matching.hits import Cursor, Located, SearchFilters

POSTINGS: Any = JobPostingRow.__table__
COMPANIES: Any = CompanyRow.__table__
_POSTING_WIDTH, _COMPANY_WIDTH = len(POSTING_COLUMNS), len(COMPANY_COLUMNS)
# A search only reads: outside a transaction it spares a BEGIN and a ROLLBACK
# round trip per request (about 0.2 ms of CPU per search, bench/national_search.py).
_NO_TRANSACTION = {"isolation_level": "AUTOCOMMIT"}
NEAR_KM, NEAR_MAX_ROWS = 5.0, 130


def _dot(table: Any) -> Any:
    return table.c.geo_x * bindparam("x") + table.c.geo_y * bindparam("y") + table.c.geo_z * bindparam("z")


def _within(table: Any, dot: Any) -> list[Any]:
    return [
        table.c.latitude.between(bindparam("min_latitude"), bindparam("max_latitude")),
        table.c.longitude.between(bindparam("min_longitude"), bindparam("max_longitude")),
        dot >= bindparam("min_dot"),
    ]


def _after(table: Any, dot: Any) -> Any:
    return or_(dot < bindparam("after_dot"), and_(dot == bindparam("after_dot"), table.c.id > bindparam("after_id")))


def _posting_filters(*, rome_codes: bool, contract_types: bool) -> list[Any]:
    conditions = [POSTINGS.c.is_active]
    if rome_codes:
        conditions.append(POSTINGS.c.rome_code.in_(bindparam("rome_codes", expanding=True)))
    if contract_types:
        conditions.append(POSTINGS.c.contract_type.in_(bindparam("contract_types", expanding=True)))
    return conditions


def _values(area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int) -> dict[str, Any]:
    """The values of every parameter a statement may have (each uses some)."""
    x, y, z = area.centre.unit_vector()
    box = area.bounding_box()
    return {
        "x": x,
        "y": y,
        "z": z,
        "min_latitude": box.min_latitude,
        "max_latitude": box.max_latitude,
        "min_longitude": box.min_longitude,
        "max_longitude": box.max_longitude,
        "min_dot": area.min_dot,
        "after_dot": after.dot if after else None,
        "after_id": after.id if after else None,
        "rome_codes": sorted(filters.rome_codes),
        "contract_types": sorted(str(contract) for contract in filters.contract_types),
        "kinds": sorted(str(kind) for kind in filters.kinds),
        "department": filters.department,
        "limit": limit,
    }


def _shape(filters: SearchFilters, after: Cursor | None) -> dict[str, bool]:
    return {
        "rome_codes": bool(filters.rome_codes),
        "contract_types": bool(filters.contract_types),
        "kinds": bool(filters.kinds),
        "department": bool(filters.department),
        "after": after is not None,
    }


@cache
def _postings_shape(
    *, rome_codes: bool, contract_types: bool, kinds: bool, department: bool, after: bool, open_to_candidatures: bool
) -> Select[Any]:
    dot = _dot(POSTINGS)
    conditions = [*_within(POSTINGS, dot), *_posting_filters(rome_codes=rome_codes, contract_types=contract_types)]
    if after:
        conditions.append(_after(POSTINGS, dot))
    if department:
        conditions.append(POSTINGS.c.department == bindparam("department"))
    if open_to_candidatures:
        conditions.append(POSTINGS.c.open_positions > 0)
    if kinds:
        # Few companies pass a kind filter: choosing among their postings only
        # spares reading batch after batch of the others' rows.
        of_kind = COMPANIES.c.kind.in_(bindparam("kinds", expanding=True))
        conditions.append(exists().where(COMPANIES.c.id == POSTINGS.c.company_id, of_kind))
    nearest = (
        select(POSTINGS.c.id, dot.label("dot"))
        .where(*conditions)
        .order_by(dot.desc(), POSTINGS.c.id)
        .limit(bindparam("limit"))
        .subquery("nearest")
    )
    kept = [COMPANIES.c.is_active]
    if kinds:
        kept.append(COMPANIES.c.kind.in_(bindparam("kinds", expanding=True)))
    if open_to_candidatures:
        kept.append(~COMPANIES.c.block_candidatures)
    rows = POSTINGS.join(nearest, nearest.c.id == POSTINGS.c.id).join(
        COMPANIES, COMPANIES.c.id == POSTINGS.c.company_id
    )
    return (
        select(*POSTING_COLUMNS, *COMPANY_COLUMNS, nearest.c.dot, and_(*kept).label("kept"))
        .select_from(rows)
        .order_by(nearest.c.dot.desc(), POSTINGS.c.id)
    )


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
    primary key: a narrow sort."""
    statement = _postings_shape(**_shape(filters, after), open_to_candidatures=open_to_candidatures)
    return _bound(statement, _values(area, filters, after, limit))


@cache
def _companies_shape(
    *, rome_codes: bool, contract_types: bool, kinds: bool, department: bool, after: bool
) -> Select[Any]:
    dot = _dot(COMPANIES)
    conditions = [*_within(COMPANIES, dot), COMPANIES.c.is_active]
    if after:
        conditions.append(_after(COMPANIES, dot))
    if kinds:
        conditions.append(COMPANIES.c.kind.in_(bindparam("kinds", expanding=True)))
    if department:
        conditions.append(COMPANIES.c.department == bindparam("department"))
    if rome_codes or contract_types:
        matching = _posting_filters(rome_codes=rome_codes, contract_types=contract_types)
        conditions.append(exists().where(POSTINGS.c.company_id == COMPANIES.c.id, *matching))
    active_postings = (
        select(func.count()).where(POSTINGS.c.company_id == COMPANIES.c.id, POSTINGS.c.is_active).scalar_subquery()
    )
    return (
        select(*COMPANY_COLUMNS, active_postings.label("postings"), dot.label("dot"))
        .where(*conditions)
        .order_by(dot.desc(), COMPANIES.c.id)
        .limit(bindparam("limit"))
    )


def companies_statement(area: SearchArea, filters: SearchFilters, *, after: Cursor | None, limit: int) -> Select[Any]:
    """Active companies in ``area`` with their count of active postings, nearest first."""
    return _bound(_companies_shape(**_shape(filters, after)), _values(area, filters, after, limit))


def _bound(statement: Select[Any], values: dict[str, Any]) -> Select[Any]:
    """A copy of ``statement`` that holds its parameters' values, so that it can
    be compiled and explained on its own (the adapter passes them at execution)."""

    def bind(element: Any) -> Any:
        if isinstance(element, BindParameter) and element.key in values:
            return bindparam(element.key, values[element.key], type_=element.type, expanding=element.expanding)
        return None

    bound: Select[Any] = replacement_traverse(statement, {}, bind)
    return bound


class SqlLocatedSearch:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine.execution_options(**_NO_TRANSACTION)

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
        statement = _companies_shape(**_shape(filters, after))
        async with self._engine.connect() as connection:
            rows = await _nearest(connection, statement, area, filters, after=after, limit=limit)
        return [
            Located(CompanyCard(company_from_values(row[:_COMPANY_WIDTH]), int(row[-2])), float(row[-1]))
            for row in rows
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
        companies: dict[UUID, Company] = {}
        # A few more rows than asked make up for the companies filtered out,
        # usually in one query; a selective kind filter doubles the batch until full.
        batch = limit + max(4, limit // 4)
        async with self._engine.connect() as connection:
            while True:
                statement = _postings_shape(**_shape(filters, after), open_to_candidatures=open_to_candidatures)
                rows = await _nearest(connection, statement, area, filters, after=after, limit=batch)
                hits += [_posting_hit(row, companies) for row in rows if row[-1]]
                if len(hits) >= limit or len(rows) < batch:
                    return hits[:limit]
                after, batch = Cursor(dot=float(rows[-1][-2]), id=rows[-1][0]), batch * 2


async def _nearest(
    connection: AsyncConnection,
    statement: Select[Any],
    area: SearchArea,
    filters: SearchFilters,
    *,
    after: Cursor | None,
    limit: int,
) -> Sequence[Row[Any]]:
    """The rows of ``statement``, asked first within ``NEAR_KM`` of the centre:
    when that small disc holds ``limit`` rows, they are the nearest of the
    whole area too. Around a city the database then reads a fifth of the rows
    (1,400 of the 6,400 postings within 25 km of Paris); elsewhere a second
    query asks for the whole area. Matching's 250 candidates fill the
    small disc around the largest cities only: it asks for the whole area at once."""
    if area.radius_km > NEAR_KM and limit <= NEAR_MAX_ROWS:
        near = SearchArea(centre=area.centre, radius_km=NEAR_KM)
        rows = (await connection.execute(statement, _values(near, filters, after, limit))).all()
        if len(rows) == limit:
            return rows
    return (await connection.execute(statement, _values(area, filters, after, limit))).all()


def _posting_hit(row: Sequence[Any], companies: dict[UUID, Company]) -> Located[PostingCard]:
    """A row's posting and company; postings of one company share its entity."""
    company_values = row[_POSTING_WIDTH : _POSTING_WIDTH + _COMPANY_WIDTH]
    company = companies.get(company_values[0])
    if company is None:
        company = companies[company_values[0]] = company_from_values(company_values)
    return Located(PostingCard(posting_from_values(row[:_POSTING_WIDTH]), company), float(row[-2]))
