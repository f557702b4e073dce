from uuid import UUID

import pytest

from domain.candidatures.answers import move_candidature, refuse_candidature
from domain.candidatures.candidatures import HistoryEntry, ReasonNotOffered, RefusalReason
from domain.candidatures.policies import CandidatureNotFound
from domain.candidatures.state_machine import CandidatureState, InvalidTransition, Transition
from domain.candidatures.submission import AlreadyPending, CandidaturesClosed
from domain.candidatures.transfer import SameCompany, transfer_candidature
from domain.companies.companies import Company, CompanyKind
from domain.errors import Forbidden
from domain.identity.memberships import MembershipRole
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from tests.unit.candidature_situations import (
    Scene,
    a_candidature,
    a_scene,
    an_employer,
    employer_of,
    stored_candidature,
)
from tests.unit.situations import World, a_client, a_company, a_membership, a_partner, a_staff_member, tenant_of

# Marked here too: anyio drops the parametrisation of the items it marks late.
pytestmark = pytest.mark.anyio
S = CandidatureState


@pytest.fixture
async def scene(world: World) -> Scene:
    return await a_scene(world)


async def move(world: World, actor: Principal, candidature_id: UUID, transition: Transition) -> None:
    await move_candidature(
        uow=world.uow,
        actor=actor,
        clock=world.clock,
        ids=world.ids,
        candidature_id=candidature_id,
        transition=transition,
    )


async def refuse(world: World, actor: Principal, candidature_id: UUID, reason: RefusalReason) -> None:
    await refuse_candidature(
        uow=world.uow,
        actor=actor,
        clock=world.clock,
        ids=world.ids,
        candidature_id=candidature_id,
        reason=reason,
        message="Nous n'avons plus de poste.",
    )


async def transfer(world: World, actor: Principal, candidature_id: UUID, to: Company) -> None:
    await transfer_candidature(
        uow=world.uow, actor=actor, clock=world.clock, ids=world.ids, candidature_id=candidature_id, to_company_id=to.id
    )


# -- moves ---------------------------------------------------------------------------


async def test_the_employer_processes_a_new_candidature_and_the_history_says_who_and_when(
    world: World, scene: Scene
) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)

    await move(world, scene.employer, candidature.id, Transition.PROCESS)

    stored = await stored_candidature(world, candidature.id)
    assert stored.state is S.PROCESSING
    assert stored.history == [
        HistoryEntry(Transition.PROCESS, S.NEW, S.PROCESSING, scene.employer.user_id, world.clock.now())
    ]


@pytest.mark.parametrize(
    ("transition", "start", "end"),
    [
        (Transition.POSTPONE, S.PROCESSING, S.POSTPONED),
        (Transition.ADD_TO_POOL, S.NEW, S.POOL),
        (Transition.MOVE_TO_PRIOR_TO_HIRE, S.POSTPONED, S.PRIOR_TO_HIRE),
        (Transition.CANCEL_PRIOR_TO_HIRE, S.PRIOR_TO_HIRE, S.PROCESSING),
    ],
)
async def test_each_move_reaches_its_state(
    world: World, scene: Scene, transition: Transition, start: CandidatureState, end: CandidatureState
) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=start)

    await move(world, scene.employer, candidature.id, transition)

    assert (await stored_candidature(world, candidature.id)).state is end


async def test_a_move_the_table_does_not_allow_is_refused_and_changes_nothing(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.ACCEPTED)

    with pytest.raises(InvalidTransition) as refused:
        await move(world, scene.employer, candidature.id, Transition.POSTPONE)

    assert refused.value.extra["allowed_transitions"] == ["cancel"]
    assert (await stored_candidature(world, candidature.id)).history == []


async def test_the_prescriber_who_sent_it_may_read_but_not_answer(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)

    with pytest.raises(Forbidden):
        await move(world, scene.prescriber, candidature.id, Transition.PROCESS)


async def test_staff_reads_but_does_not_answer(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    with pytest.raises(Forbidden):
        await move(world, a_staff_member(), candidature.id, Transition.PROCESS)


async def test_an_employer_of_another_company_does_not_find_it(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    stranger = await an_employer(world, await a_company(world))

    with pytest.raises(CandidatureNotFound):
        await move(world, stranger, candidature.id, Transition.PROCESS)


async def test_an_unknown_candidature_is_not_found(world: World, scene: Scene) -> None:
    with pytest.raises(CandidatureNotFound):
        await move(world, scene.employer, UUID(int=404), Transition.PROCESS)


async def test_a_partner_application_of_the_company_needs_the_write_scope(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    client = await a_client(world, tenant_of(scene.company))

    with pytest.raises(Forbidden):
        await move(
            world, a_partner(client, scopes=frozenset({Scope.CANDIDATURES_READ})), candidature.id, Transition.PROCESS
        )


async def test_back_to_pending_is_refused_while_another_candidature_to_the_company_is_pending(
    world: World, scene: Scene
) -> None:
    refused = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.REFUSED)
    pending = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    with pytest.raises(AlreadyPending) as conflict:
        await move(world, scene.employer, refused.id, Transition.MOVE_TO_PRIOR_TO_HIRE)

    assert conflict.value.extra == {"candidature_id": str(pending.id)}


# -- refuse ------------------------------------------------------------------------------


async def test_the_employer_refuses_with_a_reason(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.PROCESSING)

    await refuse(world, scene.employer, candidature.id, RefusalReason.NO_POSITION)

    stored = await stored_candidature(world, candidature.id)
    assert (stored.state, stored.refusal_reason, stored.answer) == (
        S.REFUSED,
        RefusalReason.NO_POSITION,
        "Nous n'avons plus de poste.",
    )


async def test_a_geiq_may_not_refuse_a_candidate_as_non_eligible(world: World) -> None:
    scene = await a_scene(world, kind=CompanyKind.GEIQ)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    with pytest.raises(ReasonNotOffered):
        await refuse(world, scene.employer, candidature.id, RefusalReason.NON_ELIGIBLE)


async def test_an_accepted_candidature_may_not_be_refused(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.ACCEPTED)

    with pytest.raises(InvalidTransition):
        await refuse(world, scene.employer, candidature.id, RefusalReason.OTHER)


# -- transfer ---------------------------------------------------------------------------------


async def a_sister_company(world: World, scene: Scene) -> Company:
    """Another company the scene's employer is also an active member of."""
    sister = await a_company(world, kind=CompanyKind.ACI)
    assert scene.employer.user_id is not None
    user = await world.uow.users.get(scene.employer.user_id)
    assert user is not None
    await a_membership(world, user, tenant_of(sister), role=MembershipRole.MEMBER)
    return sister


async def test_an_employer_transfers_a_candidature_to_his_other_company(world: World, scene: Scene) -> None:
    sister = await a_sister_company(world, scene)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.REFUSED)

    await transfer(world, scene.employer, candidature.id, sister)

    stored = await stored_candidature(world, candidature.id)
    assert (stored.company_id, stored.state) == (sister.id, S.NEW)
    assert [(e.transition, e.from_state, e.to_state) for e in stored.history] == [
        (Transition.TRANSFER, S.REFUSED, S.NEW)
    ]


async def test_the_transferred_candidature_is_answered_by_the_other_company(world: World, scene: Scene) -> None:
    sister = await a_sister_company(world, scene)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    await transfer(world, scene.employer, candidature.id, sister)
    assert scene.employer.user_id is not None
    user = await world.uow.users.get(scene.employer.user_id)
    assert user is not None

    await move(world, employer_of(user, sister), candidature.id, Transition.PROCESS)

    assert (await stored_candidature(world, candidature.id)).state is S.PROCESSING


async def test_a_transfer_needs_a_membership_of_the_other_company(world: World, scene: Scene) -> None:
    elsewhere = await a_company(world)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    with pytest.raises(Forbidden):
        await transfer(world, scene.employer, candidature.id, elsewhere)


async def test_a_transfer_to_the_same_company_is_refused(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    with pytest.raises(SameCompany):
        await transfer(world, scene.employer, candidature.id, scene.company)


async def test_a_transfer_to_a_company_blocking_candidatures_is_refused(world: World, scene: Scene) -> None:
    sister = await a_sister_company(world, scene)
    async with world.uow as uow:
        blocked = await uow.companies.get(sister.id)
        assert blocked is not None
        blocked.block_candidatures = True
        await uow.commit()
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    with pytest.raises(CandidaturesClosed):
        await transfer(world, scene.employer, candidature.id, sister)


async def test_a_transfer_to_a_company_with_a_pending_candidature_of_the_person_is_refused(
    world: World, scene: Scene
) -> None:
    sister = await a_sister_company(world, scene)
    await a_candidature(world, job_seeker=scene.job_seeker, company=sister)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    with pytest.raises(AlreadyPending):
        await transfer(world, scene.employer, candidature.id, sister)


async def test_an_accepted_candidature_may_not_be_transferred(world: World, scene: Scene) -> None:
    sister = await a_sister_company(world, scene)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.ACCEPTED)

    with pytest.raises(InvalidTransition):
        await transfer(world, scene.employer, candidature.id, sister)
