import pytest

from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.job_seekers import JobSeekerCard, NirLookup
from domain.job_seekers.lookups import find_job_seeker_by_nir
from domain.job_seekers.profiles import get_job_seeker
from tests.nirs import a_nir, spaced
from tests.unit.job_seeker_situations import (
    a_job_seeker,
    a_job_seeker_account,
    a_prescriber,
    a_staff_principal,
    an_employer,
)
from tests.unit.situations import World

pytestmark = pytest.mark.anyio


async def find(world: World, principal: Principal, nir: str) -> JobSeekerCard | None:
    return await find_job_seeker_by_nir(uow=world.uow, actor=principal, clock=world.clock, ids=world.ids, nir=nir)


async def lookups(world: World) -> list[NirLookup]:
    async with world.uow as uow:
        return list(uow.nir_lookups.rows)


async def test_a_prescriber_finds_a_person_by_his_exact_nir(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world), nir=nir)

    card = await find(world, (await a_prescriber(world)).principal, nir)

    assert card is not None and card.job_seeker.id == job_seeker.id


async def test_spaces_in_the_nir_do_not_matter(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world), nir=nir)

    card = await find(world, (await an_employer(world)).principal, spaced(nir))

    assert card is not None and card.job_seeker.id == job_seeker.id


async def test_an_unknown_nir_finds_nobody(world: World) -> None:
    await a_job_seeker(world, created_by=await a_prescriber(world), nir=a_nir())

    assert await find(world, (await a_prescriber(world)).principal, a_nir()) is None


async def test_a_lookup_is_audited_with_who_for_which_tenant_when_and_whom(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world), nir=nir)
    prescriber = await a_prescriber(world)

    await find(world, prescriber.principal, nir)

    [lookup] = await lookups(world)
    assert (lookup.user_id, lookup.organisation_id, lookup.company_id, lookup.at, lookup.found_job_seeker_id) == (
        prescriber.principal.user_id,
        prescriber.organisation.id if prescriber.organisation else None,
        None,
        world.clock.now(),
        job_seeker.id,
    )


async def test_a_lookup_that_found_nobody_is_audited_too(world: World) -> None:
    employer = await an_employer(world)

    await find(world, employer.principal, a_nir())

    [lookup] = await lookups(world)
    assert (lookup.company_id, lookup.found_job_seeker_id) == (employer.company.id if employer.company else None, None)


async def test_finding_him_by_his_nir_lets_the_tenant_see_him_afterwards(world: World) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world), nir=nir)
    employer = await an_employer(world)

    await find(world, employer.principal, nir)

    card = await get_job_seeker(uow=world.uow, actor=employer.principal, job_seeker_id=job_seeker.id)
    assert card.job_seeker.id == job_seeker.id


async def test_the_nir_found_follows_the_reading_rule(world: World) -> None:
    nir = a_nir()
    await a_job_seeker(world, created_by=await a_prescriber(world), nir=nir)

    card = await find(world, (await a_prescriber(world, habilitated=False)).principal, nir)

    assert card is not None and card.nir == f"{nir[0]} {nir[1:3]} {nir[3:5]} ** *** *** **"


async def test_a_job_seeker_may_not_look_people_up(world: World) -> None:
    with pytest.raises(Forbidden):
        await find(world, await a_job_seeker_account(world), a_nir())

    assert await lookups(world) == []


async def test_staff_does_not_look_people_up_by_nir(world: World) -> None:
    with pytest.raises(Forbidden):
        await find(world, a_staff_principal(), a_nir())


async def test_a_partner_application_needs_the_job_seekers_read_scope(world: World) -> None:
    partner = await a_prescriber(world, client=True, scopes=frozenset({Scope.JOB_SEEKERS_WRITE}))

    with pytest.raises(Forbidden):
        await find(world, partner.principal, a_nir())


async def test_a_partner_application_s_lookup_names_it_in_the_audit(world: World) -> None:
    partner = await a_prescriber(world, client=True, scopes=frozenset({Scope.JOB_SEEKERS_READ}))

    await find(world, partner.principal, a_nir())

    [lookup] = await lookups(world)
    assert (lookup.client_id, lookup.user_id) == (partner.principal.client_id, None)
