from uuid import UUID

import pytest

from domain.errors import Conflict, NotFound
from domain.identity.clients import ApiClient
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.partner_clients import register_client
from domain.identity.scopes import Scope
from tests.unit.situations import World, a_company, an_organisation, tenant_of

SCOPES = frozenset({Scope.CANDIDATURES_READ, Scope.JOB_SEEKERS_READ})


async def register(world: World, tenant: Tenant, *, client_id: str = "tpl_0123456789abcdef") -> ApiClient:
    return await register_client(
        uow=world.uow,
        hasher=world.hasher,
        clock=world.clock,
        ids=world.ids,
        name="Logiciel partenaire",
        tenant=tenant,
        scopes=SCOPES,
        client_id=client_id,
        secret="s3cret-of-the-partner",
    )


async def stored_client(world: World, client_id: str) -> ApiClient | None:
    async with world.uow as uow:
        return await uow.clients.get_by_client_id(client_id)


async def test_a_client_is_registered_bound_to_its_tenant_with_its_scopes(world: World) -> None:
    organisation = await an_organisation(world)

    registered = await register(world, tenant_of(organisation))

    stored = await stored_client(world, "tpl_0123456789abcdef")
    assert stored is not None
    assert (stored.id, stored.name, stored.tenant, stored.scopes, stored.is_active, stored.created_at) == (
        registered.id,
        "Logiciel partenaire",
        tenant_of(organisation),
        SCOPES,
        True,
        world.clock.now(),
    )


async def test_a_client_secret_is_stored_hashed(world: World) -> None:
    company = await a_company(world)

    registered = await register(world, tenant_of(company))

    assert registered.secret_hash != "s3cret-of-the-partner"
    assert await world.hasher.verify(registered.secret_hash, "s3cret-of-the-partner")


async def test_a_client_of_an_unknown_company_is_not_registered(world: World) -> None:
    with pytest.raises(NotFound):
        await register(world, Tenant(TenantKind.COMPANY, UUID(int=404)))

    assert await stored_client(world, "tpl_0123456789abcdef") is None


async def test_a_client_of_an_unknown_organisation_is_not_registered(world: World) -> None:
    await a_company(world)

    with pytest.raises(NotFound):
        await register(world, Tenant(TenantKind.PRESCRIBER_ORGANISATION, UUID(int=404)))

    assert await stored_client(world, "tpl_0123456789abcdef") is None


async def test_a_client_id_already_in_use_is_a_conflict(world: World) -> None:
    company = await a_company(world)
    first = await register(world, tenant_of(company), client_id="tpl_0123456789abcdef")

    with pytest.raises(Conflict):
        await register(world, tenant_of(company), client_id="tpl_0123456789abcdef")

    stored = await stored_client(world, "tpl_0123456789abcdef")
    assert stored is not None and stored.id == first.id
