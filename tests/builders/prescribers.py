"""Builders of prescriber organisations."""

from api.bootstrap import Container
from domain.identity.memberships import (
    Tenant,
    TenantKind,
)
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    PrescriberOrganisation,
    initial_habilitation,
)
from tests.builders.companies import _serial, a_siret


def organisation_tenant(organisation: PrescriberOrganisation) -> Tenant:
    return Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id)


async def an_organisation(
    container: Container,
    *,
    kind: OrganisationKind = OrganisationKind.FT,
    habilitation: Habilitation | None = None,
) -> PrescriberOrganisation:
    organisation = PrescriberOrganisation(
        id=container.ids.new_id(),
        siret=a_siret(),
        kind=kind,
        name=f"Organisation {kind} {next(_serial)}",
        habilitation=habilitation or initial_habilitation(kind),
        created_at=container.clock.now(),
    )
    uow = container.new_uow()
    async with uow:
        await uow.organisations.add(organisation)
        await uow.commit()
    return organisation
