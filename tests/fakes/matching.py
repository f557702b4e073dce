"""In-memory fake of the located search."""

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from domain.companies.companies import CompanyCard
from domain.companies.job_postings import JobPosting, PostingCard
from domain.matching.geo import Point, SearchArea
from domain.matching.hits import Cursor, Located, SearchFilters

if TYPE_CHECKING:
    from tests.fakes.unit_of_work import FakeUnitOfWork

T = TypeVar("T")


class FakeLocatedSearch:
    """Searches the fake store's committed companies and postings one by one,
    with the arithmetic of the SQL adapter (see test_search_contracts.py)."""

    def __init__(self, store: "FakeUnitOfWork") -> None:
        self._store = store

    async def postings_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[PostingCard]]:
        return _nearest(self._postings(area, filters), after, limit, lambda hit: hit.item.posting.id)

    async def postings_for_matching(
        self, *, area: SearchArea, filters: SearchFilters, limit: int
    ) -> list[Located[PostingCard]]:
        hits = [
            hit
            for hit in self._postings(area, filters)
            if hit.item.posting.open_positions > 0 and not hit.item.company.block_candidatures
        ]
        return _nearest(hits, None, limit, lambda hit: hit.item.posting.id)

    async def companies_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[CompanyCard]]:
        postings = self._store.job_postings.rows.values()
        hits = []
        for company in self._store.companies.rows.values():
            dot = _dot(area, company.latitude, company.longitude)
            own = [p for p in postings if p.company_id == company.id and p.is_active]
            if not (
                dot >= area.min_dot
                and company.is_active
                and (not filters.kinds or company.kind in filters.kinds)
                and (not filters.department or company.department == filters.department)
                and (not (filters.rome_codes or filters.contract_types) or any(_matches(p, filters) for p in own))
            ):
                continue
            hits.append(Located(CompanyCard(company, len(own)), dot))
        return _nearest(hits, after, limit, lambda hit: hit.item.company.id)

    def _postings(self, area: SearchArea, filters: SearchFilters) -> list[Located[PostingCard]]:
        hits = []
        for posting in self._store.job_postings.rows.values():
            company = self._store.companies.rows[posting.company_id]
            dot = _dot(area, posting.latitude, posting.longitude)
            if not (
                dot >= area.min_dot
                and posting.is_active
                and company.is_active
                and _matches(posting, filters)
                and (not filters.kinds or company.kind in filters.kinds)
                and (not filters.department or posting.department == filters.department)
            ):
                continue
            hits.append(Located(PostingCard(posting, company), dot))
        return hits


def _dot(area: SearchArea, latitude: float, longitude: float) -> float:
    (x, y, z), (px, py, pz) = area.centre.unit_vector(), Point(latitude, longitude).unit_vector()
    return px * x + py * y + pz * z


def _matches(posting: JobPosting, filters: SearchFilters) -> bool:
    return (not filters.rome_codes or posting.rome_code in filters.rome_codes) and (
        not filters.contract_types or posting.contract_type in filters.contract_types
    )


def _nearest(
    hits: list[Located[T]], after: Cursor | None, limit: int, id_of: Callable[[Located[T]], uuid.UUID]
) -> list[Located[T]]:
    if after is not None:
        hits = [h for h in hits if h.dot < after.dot or (h.dot == after.dot and id_of(h) > after.id)]
    return sorted(hits, key=lambda hit: (-hit.dot, id_of(hit)))[:limit]
