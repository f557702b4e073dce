"""What a search around a place returns: hits with their closeness, and the cursor."""

from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

from domain.companies.companies import CompanyKind
from domain.companies.job_postings import ContractType
from domain.matching.geo import distance_km_from_dot

T = TypeVar("T")


@dataclass(slots=True, frozen=True)
class SearchFilters:
    kinds: frozenset[CompanyKind] = frozenset()
    rome_codes: frozenset[str] = frozenset()
    contract_types: frozenset[ContractType] = frozenset()
    department: str | None = None


@dataclass(slots=True, frozen=True)
class Cursor:
    """Where a page ends: the last row's closeness (dot product) and id."""

    dot: float
    id: UUID


@dataclass(slots=True, frozen=True)
class Located(Generic[T]):
    item: T
    dot: float

    @property
    def distance_km(self) -> float:
        return round(distance_km_from_dot(self.dot), 2)
