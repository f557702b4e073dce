"""The NIR lookups budgets: per person and per partner application, per hour,
lookups and lookups finding nobody; past either, every lookup is refused."""

from datetime import timedelta

import pytest

from domain.approvals.nir_lookups import FoundJobSeeker, find_job_seeker_by_nir
from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.job_seekers.lookup_budget import LookupBudget, NirLookupsExhausted, SpentBudget, give_back, take_lookup
from domain.job_seekers.spent_budgets import list_spent_budgets
from domain.rate_limits.policy import RateLimit, Window
from tests.fakes.system import FakeRateLimiter
from tests.nirs import a_nir
from tests.unit.job_seeker_situations import a_job_seeker, a_prescriber, a_staff_principal, an_employer
from tests.unit.situations import World

pytestmark = pytest.mark.anyio

HOURLY = timedelta(hours=1)


@pytest.fixture
def budget() -> LookupBudget:
    return LookupBudget(FakeRateLimiter(), lookups=RateLimit(5, HOURLY), misses=RateLimit(2, HOURLY))


async def find(world: World, budget: LookupBudget, principal: Principal, nir: str) -> FoundJobSeeker | None:
    return await find_job_seeker_by_nir(
        uow=world.uow, actor=principal, clock=world.clock, ids=world.ids, budget=budget, nir=nir
    )


async def a_known_nir(world: World) -> str:
    nir = a_nir()
    await a_job_seeker(world, created_by=await an_employer(world), nir=nir)
    return nir


async def test_past_the_misses_budget_even_a_known_nir_is_refused(world: World, budget: LookupBudget) -> None:
    prescriber = (await a_prescriber(world)).principal
    known = await a_known_nir(world)
    for _ in range(2):
        assert await find(world, budget, prescriber, a_nir()) is None

    with pytest.raises(NirLookupsExhausted) as refused:
        await find(world, budget, prescriber, known)

    assert refused.value.refusal.spent is SpentBudget.MISSES


async def test_lookups_that_find_someone_spend_only_the_lookups_budget(world: World, budget: LookupBudget) -> None:
    prescriber = (await a_prescriber(world)).principal
    known = await a_known_nir(world)
    for _ in range(5):
        assert await find(world, budget, prescriber, known) is not None

    with pytest.raises(NirLookupsExhausted) as refused:
        await find(world, budget, prescriber, known)

    assert refused.value.refusal.spent is SpentBudget.LOOKUPS


async def test_a_refused_lookup_waits_for_the_end_of_the_hour(world: World, budget: LookupBudget) -> None:
    prescriber = (await a_prescriber(world)).principal
    for _ in range(2):
        await find(world, budget, prescriber, a_nir())
    world.clock.advance(timedelta(minutes=15))

    with pytest.raises(NirLookupsExhausted) as refused:
        await find(world, budget, prescriber, a_nir())

    assert refused.value.retry_after_s == 45 * 60
    world.clock.advance(timedelta(minutes=45))
    assert await find(world, budget, prescriber, a_nir()) is None


async def test_each_person_has_his_own_budget(world: World, budget: LookupBudget) -> None:
    first, second = (await a_prescriber(world)).principal, (await an_employer(world)).principal
    for _ in range(2):
        await find(world, budget, first, a_nir())

    assert await find(world, budget, second, a_nir()) is None


async def test_a_person_acting_for_another_structure_keeps_his_budget_spent(world: World, budget: LookupBudget) -> None:
    prescriber = (await a_prescriber(world)).principal
    for _ in range(2):
        await find(world, budget, prescriber, a_nir())
    elsewhere = Principal(
        kind=prescriber.kind,
        user_id=prescriber.user_id,
        acting_for=(await a_prescriber(world)).principal.acting_for,
    )

    with pytest.raises(NirLookupsExhausted):
        await find(world, budget, elsewhere, a_nir())


async def test_a_partner_application_has_a_budget_of_its_own(world: World, budget: LookupBudget) -> None:
    member = await a_prescriber(world)
    partner = Principal(
        kind=member.principal.kind, client_id=world.ids.new_id(), acting_for=member.principal.acting_for
    )
    for _ in range(2):
        await find(world, budget, member.principal, a_nir())

    assert await find(world, budget, partner, a_nir()) is None


async def test_a_refused_lookup_is_not_run_nor_audited(world: World, budget: LookupBudget) -> None:
    prescriber = (await a_prescriber(world)).principal
    for _ in range(2):
        await find(world, budget, prescriber, a_nir())

    with pytest.raises(NirLookupsExhausted):
        await find(world, budget, prescriber, a_nir())

    async with world.uow as uow:
        assert len(uow.nir_lookups.rows) == 2


async def test_a_miss_reserved_by_a_running_lookup_is_held_until_it_ends(world: World, budget: LookupBudget) -> None:
    prescriber = (await a_prescriber(world)).principal
    first = await take_lookup(budget, prescriber, now=world.clock.now(), ids=world.ids)
    await take_lookup(budget, prescriber, now=world.clock.now(), ids=world.ids)

    with pytest.raises(NirLookupsExhausted):
        await take_lookup(budget, prescriber, now=world.clock.now(), ids=world.ids)

    await give_back(budget, first)
    await take_lookup(budget, prescriber, now=world.clock.now(), ids=world.ids)


async def test_a_lookup_that_fails_gives_its_miss_back(world: World, budget: LookupBudget) -> None:
    prescriber = (await a_prescriber(world)).principal

    async def broken(nir: str) -> None:
        raise RuntimeError("the database went away")

    world.uow.job_seekers.get_by_nir = broken  # type: ignore[method-assign]
    for _ in range(3):
        with pytest.raises(RuntimeError):
            await find(world, budget, prescriber, a_nir())

    assert await take_lookup(budget, prescriber, now=world.clock.now(), ids=world.ids) is not None


async def test_staff_lists_who_ran_out_once_per_hour_with_his_lookups(world: World, budget: LookupBudget) -> None:
    prescriber = await a_prescriber(world)
    known = await a_known_nir(world)
    await find(world, budget, prescriber.principal, known)
    for _ in range(2):
        await find(world, budget, prescriber.principal, a_nir())
    for _ in range(3):
        world.clock.advance(timedelta(minutes=1))
        with pytest.raises(NirLookupsExhausted):
            await find(world, budget, prescriber.principal, a_nir())

    [report] = await list_spent_budgets(uow=world.uow, actor=a_staff_principal(), after=None, limit=10)

    assert (report.user_id, report.organisation_id, report.spent) == (
        prescriber.principal.user_id,
        prescriber.principal.organisation_id,
        SpentBudget.MISSES,
    )
    assert (report.refusals, report.lookups, report.misses) == (3, 3, 2)
    assert report.last_refused_at - report.first_refused_at == timedelta(minutes=2)


async def test_only_staff_lists_who_ran_out(world: World) -> None:
    with pytest.raises(Forbidden):
        await list_spent_budgets(uow=world.uow, actor=(await a_prescriber(world)).principal, after=None, limit=10)


async def test_lookups_fail_closed_when_the_counters_cannot_be_reached(world: World) -> None:
    class Unreachable(FakeRateLimiter):
        async def hit(self, window: Window) -> int:
            raise ConnectionError("the counters are down")

    budget = LookupBudget(Unreachable(), lookups=RateLimit(5, HOURLY), misses=RateLimit(2, HOURLY))

    with pytest.raises(ConnectionError):
        await find(world, budget, (await a_prescriber(world)).principal, await a_known_nir(world))

    async with world.uow as uow:
        assert uow.nir_lookups.rows == []
