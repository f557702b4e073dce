import dataclasses
from collections.abc import Collection, Sequence
from typing import Any
from uuid import UUID

from sqlmodel import col, or_, select

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import PrescriberOrganisationRow
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    OrganisationSource,
    PrescriberOrganisation,
)

_FIELDS = [field.name for field in dataclasses.fields(PrescriberOrganisation)]
_ROW = PrescriberOrganisationRow


class SqlPrescriberOrganisationRepository(TrackingRepository[PrescriberOrganisation, PrescriberOrganisationRow]):
    row_type = PrescriberOrganisationRow

    async def get(self, organisation_id: UUID) -> PrescriberOrganisation | None:
        return self._track(await self._session.get(_ROW, organisation_id))

    async def get_by_siret(self, *, siret: str, kind: str) -> PrescriberOrganisation | None:
        query = select(_ROW).where(_ROW.siret == siret, _ROW.kind == kind)
        return self._track((await self._session.exec(query)).first())

    async def add(self, organisation: PrescriberOrganisation) -> None:
        await self._insert(organisation)

    async def by_siret(self, siret: str) -> Sequence[PrescriberOrganisation]:
        query = select(_ROW).where(_ROW.siret == siret).order_by(col(_ROW.created_at), col(_ROW.id))
        return self._track_all(await self._session.exec(query))

    async def get_by_safir_code(self, safir_code: str) -> PrescriberOrganisation | None:
        return self._track((await self._session.exec(select(_ROW).where(_ROW.safir_code == safir_code))).first())

    async def for_referential(
        self, *, sirets: Collection[str], safir_codes: Collection[str]
    ) -> Sequence[PrescriberOrganisation]:
        wanted = or_(col(_ROW.siret).in_(sorted(sirets)), col(_ROW.safir_code).in_(sorted(safir_codes)))
        return self._track_all(await self._session.exec(select(_ROW).where(wanted)))

    async def add_all(self, organisations: Sequence[PrescriberOrganisation]) -> None:
        await self._insert_all(organisations)

    def _to_domain(self, row: PrescriberOrganisationRow) -> PrescriberOrganisation:
        values = {name: getattr(row, name) for name in _FIELDS}
        return PrescriberOrganisation(
            **{
                **values,
                "kind": OrganisationKind(row.kind),
                "habilitation": Habilitation(row.habilitation),
                "source": OrganisationSource(row.source),
            }
        )

    def _columns(self, organisation: PrescriberOrganisation) -> dict[str, Any]:
        values = {name: getattr(organisation, name) for name in _FIELDS}
        return {
            **values,
            "kind": str(organisation.kind),
            "habilitation": str(organisation.habilitation),
            "source": str(organisation.source),
        }
