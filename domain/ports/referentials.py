"""Ports of the referentials area."""

from typing import Protocol

from domain.referentials.communes import Commune
from domain.referentials.criteria import AdministrativeCriterion
from domain.referentials.rome import Appellation


class CommuneReferential(Protocol):
    """The communes of the shipped INSEE referential, in memory (synchronous)."""

    def get(self, insee_code: str) -> Commune | None:
        """The commune with this INSEE code (Paris, Lyon and Marseille included as
        cities, their arrondissements too), or None."""
        ...

    def search(self, query: str, limit: int) -> list[Commune]:
        """At most ``limit`` communes whose name starts with ``query`` (accents,
        case, hyphens and apostrophes ignored) or, when ``query`` is digits, one
        of whose postal codes starts with it. Exact matches first, then the most
        populated."""
        ...


class RomeReferential(Protocol):
    """The ROME job families and appellations, in memory (synchronous)."""

    def appellation(self, code: str) -> Appellation | None:
        """The appellation with this code, with its ROME code and name, or None."""
        ...

    def search_appellations(self, query: str, limit: int) -> list[Appellation]:
        """At most ``limit`` appellations whose title has, for every word of
        ``query``, a word starting with it (any order, accents and case ignored).
        Titles whose matching words come first rank first, then shorter titles."""
        ...

    def rome_name(self, rome_code: str) -> str | None:
        """The name of the ROME job family with this code (``K2204``), or None."""
        ...


class CriteriaReferential(Protocol):
    """The IAE eligibility administrative criteria (synchronous)."""

    def all(self) -> list[AdministrativeCriterion]:
        """Every criterion, level 1 first, in the order of the referential."""
        ...

    def get(self, code: str) -> AdministrativeCriterion | None:
        """The criterion with this code (``RSA``, ``DELD``…), or None."""
        ...
