from typing import Any
from uuid import UUID

from sqlmodel import select

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import PrescriberOrganisationRow
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    PrescriberOrganisation,
)


class SqlPrescriberOrganisationRepository(TrackingRepository[PrescriberOrganisation, PrescriberOrganisationRow]):
    row_type = PrescriberOrganisationRow

    async def get(self, organisation_id: UUID) -> PrescriberOrganisation | None:
        return self._track(await self._session.get(PrescriberOrganisationRow, organisation_id))

    async def get_by_siret(self, *, siret: str, kind: str) -> PrescriberOrganisation | None:
        query = select(PrescriberOrganisationRow).where(
            PrescriberOrganisationRow.siret == siret, PrescriberOrganisationRow.kind == kind
        )
        return self._track((await self._session.exec(query)).first())

    async def add(self, organisation: PrescriberOrganisation) -> None:
        await self._insert(organisation)

    def _to_domain(self, row: PrescriberOrganisationRow) -> PrescriberOrganisation:
        return PrescriberOrganisation(
            id=row.id,
            siret=row.siret,
            kind=OrganisationKind(row.kind),
            name=row.name,
            habilitation=Habilitation(row.habilitation),
            created_at=row.created_at,
            habilitation_decided_at=row.habilitation_decided_at,
        )

    def _columns(self, organisation: PrescriberOrganisation) -> dict[str, Any]:
        return {
            "id": organisation.id,
            "siret": organisation.siret,
            "kind": str(organisation.kind),
            "name": organisation.name,
            "habilitation": str(organisation.habilitation),
            "created_at": organisation.created_at,
            "habilitation_decided_at": organisation.habilitation_decided_at,
        }
