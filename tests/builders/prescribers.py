"""Builders of prescriber organisations."""

from api.bootstrap import Container
from domain.identity.memberships import (
    Tenant,
    TenantKind,
)
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    OrganisationSource,
    PrescriberOrganisation,
    initial_habilitation,
    signup_habilitation,
)
from tests.builders.companies import _serial, a_siret


def organisation_tenant(organisation: PrescriberOrganisation) -> Tenant:
    return Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id)


async def an_organisation(
    container: Container,
    *,
    kind: OrganisationKind = OrganisationKind.FT,
    habilitation: Habilitation | None = None,
    source: OrganisationSource = OrganisationSource.REFERENTIAL,
    siret: str | None = None,
) -> PrescriberOrganisation:
    """An organisation of the operator's referential (an FT agency has a SAFIR
    code), or one created at signup with ``source=SIGNUP``."""
    by_its_kind = initial_habilitation if source is OrganisationSource.REFERENTIAL else signup_habilitation
    is_agency = kind is OrganisationKind.FT and source is OrganisationSource.REFERENTIAL
    organisation = PrescriberOrganisation(
        id=container.ids.new_id(),
        siret=siret or a_siret(),
        kind=kind,
        name=f"Organisation {kind} {next(_serial)}",
        habilitation=habilitation or by_its_kind(kind),
        created_at=container.clock.now(),
        source=source,
        safir_code=a_safir_code() if is_agency else None,
    )
    uow = container.new_uow()
    async with uow:
        await uow.organisations.add(organisation)
        await uow.commit()
    return organisation


def a_safir_code() -> str:
    return f"{next(_serial) % 100_000:05d}"
