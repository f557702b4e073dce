from uuid import UUID

import pytest

from domain.candidatures.candidatures import Hiring
from domain.candidatures.hiring import accept_candidature
from domain.candidatures.listing import CandidatureFilters, Position
from domain.candidatures.policies import CandidatureNotFound
from domain.candidatures.reading import CandidaturePage, get_candidature, list_candidatures
from domain.candidatures.state_machine import CandidatureState
from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from tests.unit.approval_situations import PREFIX, START, a_diagnosis
from tests.unit.candidature_situations import (
    Scene,
    a_candidature,
    a_job_seeker,
    a_prescriber,
    a_scene,
    an_employer,
    job_seeker_himself,
)
from tests.unit.situations import World, a_client, a_company, a_partner, a_staff_member, an_organisation, tenant_of

pytestmark = pytest.mark.anyio


@pytest.fixture
async def scene(world: World) -> Scene:
    return await a_scene(world)


async def page(
    world: World, actor: Principal, *, after: Position | None = None, limit: int = 20, **filters: object
) -> CandidaturePage:
    return await list_candidatures(
        uow=world.uow,
        actor=actor,
        filters=CandidatureFilters(**filters),  # type: ignore[arg-type]
        after=after,
        limit=limit,
    )


def ids_of(found: CandidaturePage) -> list[UUID]:
    return [view.candidature.id for view in found.items]


# -- one candidature -----------------------------------------------------------------


async def test_every_party_to_a_candidature_reads_it(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)
    readers = [scene.employer, scene.prescriber, job_seeker_himself(scene.job_seeker), a_staff_member()]

    for reader in readers:
        view = await get_candidature(uow=world.uow, actor=reader, candidature_id=candidature.id)
        assert view.candidature.id == candidature.id


async def test_an_outsider_is_told_the_candidature_does_not_exist(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)
    other_person = await a_job_seeker(world, by_organisation=scene.agency, with_account=True)
    outsiders = [
        await a_prescriber(world, await an_organisation(world)),
        await an_employer(world, await a_company(world)),
        job_seeker_himself(other_person),
    ]

    for outsider in outsiders:
        with pytest.raises(CandidatureNotFound):
            await get_candidature(uow=world.uow, actor=outsider, candidature_id=candidature.id)


async def test_a_partner_application_reads_with_the_read_scope_only(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    client = await a_client(world, tenant_of(scene.company))

    with pytest.raises(Forbidden):
        await get_candidature(
            uow=world.uow,
            actor=a_partner(client, scopes=frozenset({Scope.CANDIDATURES_WRITE})),
            candidature_id=candidature.id,
        )
    view = await get_candidature(
        uow=world.uow,
        actor=a_partner(client, scopes=frozenset({Scope.CANDIDATURES_READ})),
        candidature_id=candidature.id,
    )
    assert view.candidature.id == candidature.id


async def test_an_accepted_candidature_is_read_with_its_pass_iae(world: World, scene: Scene) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)
    await accept_candidature(
        uow=world.uow,
        actor=scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=candidature.id,
        hiring=Hiring(START),
        message="",
        pass_prefix=PREFIX,
    )

    view = await get_candidature(uow=world.uow, actor=scene.prescriber, candidature_id=candidature.id)

    assert view.approval is not None and view.approval.number == view.candidature.approval_number


# -- lists ---------------------------------------------------------------------------------


async def test_an_employer_lists_the_candidatures_to_his_company_newest_first(world: World, scene: Scene) -> None:
    older = await a_candidature(
        world, job_seeker=scene.job_seeker, company=scene.company, state=CandidatureState.REFUSED
    )
    newer = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    await a_candidature(world, job_seeker=scene.job_seeker, company=await a_company(world))

    assert ids_of(await page(world, scene.employer)) == [newer.id, older.id]


async def test_a_prescriber_lists_what_his_organisation_sent(world: World, scene: Scene) -> None:
    sent = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)
    await a_candidature(world, job_seeker=scene.job_seeker, company=await a_company(world))  # by himself

    assert ids_of(await page(world, scene.prescriber)) == [sent.id]


async def test_a_job_seeker_lists_his_own(world: World, scene: Scene) -> None:
    his = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    someone_else = await a_job_seeker(world, by_organisation=scene.agency)
    await a_candidature(world, job_seeker=someone_else, company=scene.company)

    assert ids_of(await page(world, job_seeker_himself(scene.job_seeker))) == [his.id]


async def test_a_list_is_filtered_by_state(world: World, scene: Scene) -> None:
    await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=CandidatureState.REFUSED)
    processing = await a_candidature(
        world, job_seeker=scene.job_seeker, company=scene.company, state=CandidatureState.PROCESSING
    )

    assert ids_of(await page(world, scene.employer, state=CandidatureState.PROCESSING)) == [processing.id]


async def test_a_list_comes_in_pages_that_say_where_the_next_starts(world: World, scene: Scene) -> None:
    made = [
        await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=CandidatureState.REFUSED)
        for _ in range(3)
    ]

    first = await page(world, scene.employer, limit=2)
    assert first.next is not None
    last = await page(world, scene.employer, after=first.next, limit=2)

    assert ids_of(first) + ids_of(last) == [c.id for c in reversed(made)]
    assert last.next is None


async def test_a_page_holds_at_most_100(world: World, scene: Scene) -> None:
    for _ in range(101):
        await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=CandidatureState.REFUSED)

    found = await page(world, scene.employer, limit=500)

    assert (len(found.items), found.next is not None) == (100, True)


async def test_someone_acting_for_nobody_lists_nothing(world: World, scene: Scene) -> None:
    await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    nobody = Principal(kind=scene.employer.kind, user_id=scene.employer.user_id)

    assert ids_of(await page(world, nobody)) == []
