"""Searching companies and job postings around a commune."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from uuid import UUID

from domain.companies.companies import CompanyCard
from domain.companies.job_postings import PostingCard
from domain.errors import FieldError, RuleViolation
from domain.matching.geo import Point, SearchArea
from domain.matching.hits import Cursor, Located, SearchFilters
from domain.ports.matching import LocatedSearch
from domain.ports.referentials import CommuneReferential

T = TypeVar("T")
MIN_RADIUS_KM, MAX_RADIUS_KM, DEFAULT_RADIUS_KM = 1, 100, 25


class UnknownCommune(RuleViolation):
    code = "unknown-commune"
    title = "Commune inconnue"


@dataclass(slots=True, frozen=True)
class Page(Generic[T]):
    items: list[Located[T]]
    next: Cursor | None = field(default=None)


@dataclass(slots=True, frozen=True)
class Around:
    commune: str
    radius_km: float = DEFAULT_RADIUS_KM
    filters: SearchFilters = field(default_factory=SearchFilters)
    after: Cursor | None = None
    limit: int = 20


async def search_job_postings(
    *, search: LocatedSearch, communes: CommuneReferential, around: Around
) -> Page[PostingCard]:
    """Active job postings of active companies within ``radius_km`` of a
    commune's centre, nearest first, then by id. Public."""
    area = _area(communes, around)
    rows = await search.postings_around(area=area, filters=around.filters, after=around.after, limit=around.limit + 1)
    return _page(rows, around.limit, lambda hit: hit.posting.id)


async def search_companies(*, search: LocatedSearch, communes: CommuneReferential, around: Around) -> Page[CompanyCard]:
    """Active companies within ``radius_km`` of a commune's centre, nearest
    first. ``rome_codes`` and ``contract_types`` keep companies with an active
    posting that matches. Public."""
    area = _area(communes, around)
    rows = await search.companies_around(area=area, filters=around.filters, after=around.after, limit=around.limit + 1)
    return _page(rows, around.limit, lambda hit: hit.company.id)


def _area(communes: CommuneReferential, around: Around) -> SearchArea:
    return area_around(communes, around.commune, radius_km=around.radius_km, pointer="/query/commune")


def area_around(communes: CommuneReferential, insee_code: str, *, radius_km: float, pointer: str) -> SearchArea:
    """The disc around a commune's centre; an unknown commune is refused at ``pointer``."""
    commune = communes.get(insee_code)
    if commune is None:
        raise UnknownCommune(
            f"La commune {insee_code} n'existe pas.", errors=[FieldError(pointer, "unknown INSEE commune code")]
        )
    return SearchArea(centre=Point(commune.latitude, commune.longitude), radius_km=radius_km)


def _page(rows: list[Located[T]], limit: int, id_of: Callable[[T], UUID]) -> Page[T]:
    items = rows[:limit]
    if len(rows) <= limit:
        return Page(items=items)
    last = items[-1]
    return Page(items=items, next=Cursor(dot=last.dot, id=id_of(last.item)))
