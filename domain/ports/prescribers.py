"""Ports of the prescribers area."""

from collections.abc import Collection, Sequence
from typing import Protocol
from uuid import UUID

from domain.prescribers.organisations import PrescriberOrganisation


class PrescriberOrganisationRepository(Protocol):
    async def get(self, organisation_id: UUID) -> PrescriberOrganisation | None:
        """The organisation with this id, or None."""
        ...

    async def get_by_siret(self, *, siret: str, kind: str) -> PrescriberOrganisation | None:
        """The organisation with this SIRET and kind, or None."""
        ...

    async def add(self, organisation: PrescriberOrganisation) -> None:
        """Store a new organisation."""
        ...

    async def by_siret(self, siret: str) -> Sequence[PrescriberOrganisation]:
        """Every organisation with this SIRET: one, or France Travail agencies sharing it."""
        ...

    async def get_by_safir_code(self, safir_code: str) -> PrescriberOrganisation | None:
        """The France Travail agency with this SAFIR code, or None."""
        ...

    async def for_referential(
        self, *, sirets: Collection[str], safir_codes: Collection[str]
    ) -> Sequence[PrescriberOrganisation]:
        """Every organisation with one of these SIRETs or SAFIR codes (for imports, in one query)."""
        ...

    async def add_all(self, organisations: Sequence[PrescriberOrganisation]) -> None:
        """Store new organisations at once (for imports); a taken SIRET or SAFIR code raises ``Conflict``."""
        ...
