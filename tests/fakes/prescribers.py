"""In-memory fake of the prescriber organisations repository."""

import uuid

from domain.errors import Conflict
from domain.prescribers.organisations import PrescriberOrganisation


class FakeOrganisations:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, PrescriberOrganisation] = {}

    async def get(self, organisation_id: uuid.UUID) -> PrescriberOrganisation | None:
        return self.rows.get(organisation_id)

    async def get_by_siret(self, *, siret: str, kind: str) -> PrescriberOrganisation | None:
        return next((o for o in self.rows.values() if o.siret == siret and o.kind == kind), None)

    async def add(self, organisation: PrescriberOrganisation) -> None:
        if await self.get_by_siret(siret=organisation.siret, kind=organisation.kind) is not None:
            raise Conflict("La modification contredit une donnée existante.")
        self.rows[organisation.id] = organisation
