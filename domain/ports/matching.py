"""Ports of the matching area."""

from typing import Protocol

from domain.companies.companies import CompanyCard
from domain.companies.job_postings import PostingCard
from domain.matching.geo import SearchArea
from domain.matching.hits import Cursor, Located, SearchFilters


class LocatedSearch(Protocol):
    """Read side of the searches around a place (returns DTOs, not aggregates to change)."""

    async def postings_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[PostingCard]]:
        """Active postings of active companies in ``area``, nearest first, then by id,
        strictly after ``after``; at most ``limit``."""
        ...

    async def companies_around(
        self, *, area: SearchArea, filters: SearchFilters, after: Cursor | None, limit: int
    ) -> list[Located[CompanyCard]]:
        """Active companies in ``area``, nearest first, then by id, strictly after
        ``after``; at most ``limit``."""
        ...

    async def postings_for_matching(
        self, *, area: SearchArea, filters: SearchFilters, limit: int
    ) -> list[Located[PostingCard]]:
        """Postings one may apply to in ``area``: active, with open positions, of
        an active company that does not block candidatures; nearest first, then
        by id; at most ``limit``."""
        ...
