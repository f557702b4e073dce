"""Ports of the prescribers area."""

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
