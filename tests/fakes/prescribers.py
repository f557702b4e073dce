"""In-memory fake of the prescriber organisations repository."""

import uuid
from collections.abc import Collection, Sequence

from domain.errors import Conflict
from domain.prescribers.organisations import OrganisationKind, PrescriberOrganisation
from domain.prescribers.sirets import SiretTaken


class FakeOrganisations:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, PrescriberOrganisation] = {}

    async def get(self, organisation_id: uuid.UUID) -> PrescriberOrganisation | None:
        return self.rows.get(organisation_id)

    async def get_by_siret(self, *, siret: str, kind: str) -> PrescriberOrganisation | None:
        return next((o for o in self.rows.values() if o.siret == siret and o.kind == kind), None)

    async def add(self, organisation: PrescriberOrganisation) -> None:
        # The database's rules: a SAFIR code once; a SIRET once, but among France Travail agencies.
        if organisation.safir_code and await self.get_by_safir_code(organisation.safir_code) is not None:
            raise Conflict("Une agence France Travail a déjà ce code SAFIR.")
        if organisation.kind is not OrganisationKind.FT and any(
            o.kind is not OrganisationKind.FT for o in await self.by_siret(organisation.siret)
        ):
            raise SiretTaken("Une organisation a déjà ce SIRET.")
        self.rows[organisation.id] = organisation

    async def by_siret(self, siret: str) -> Sequence[PrescriberOrganisation]:
        found = [o for o in self.rows.values() if o.siret == siret]
        return sorted(found, key=lambda o: (o.created_at, o.id))

    async def get_by_safir_code(self, safir_code: str) -> PrescriberOrganisation | None:
        return next((o for o in self.rows.values() if o.safir_code == safir_code), None)

    async def for_referential(
        self, *, sirets: Collection[str], safir_codes: Collection[str]
    ) -> Sequence[PrescriberOrganisation]:
        return [o for o in self.rows.values() if o.siret in sirets or o.safir_code in safir_codes]

    async def add_all(self, organisations: Sequence[PrescriberOrganisation]) -> None:
        for organisation in organisations:
            await self.add(organisation)
