from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.approvals.approvals import ApprovalStatus
from domain.approvals.eligibility_for_hire import EligibilityRequired
from domain.candidatures.candidatures import Hiring, InvalidHiringDates
from domain.candidatures.events import CandidatureAccepted
from domain.candidatures.hiring import accept_candidature, cancel_hire
from domain.candidatures.reading import CandidatureView
from domain.candidatures.state_machine import CandidatureState, InvalidTransition
from domain.companies.companies import CompanyKind
from domain.companies.job_postings import ContractType
from domain.errors import Forbidden
from domain.identity.principal import Principal
from tests.unit.approval_situations import PREFIX, a_diagnosis, stored_approval
from tests.unit.candidature_situations import (
    Scene,
    a_candidature,
    a_job_seeker,
    a_posting,
    a_scene,
    an_employer,
    stored_candidature,
)
from tests.unit.situations import World, a_company

# Marked here too: anyio drops the parametrisation of the items it marks late.
pytestmark = pytest.mark.anyio
S = CandidatureState
START = date(2026, 3, 9)


@pytest.fixture
async def scene(world: World) -> Scene:
    return await a_scene(world)


async def accept(
    world: World, actor: Principal, candidature_id: UUID, *, start: date = START, end: date | None = None
) -> CandidatureView:
    return await accept_candidature(
        uow=world.uow,
        actor=actor,
        clock=world.clock,
        ids=world.ids,
        candidature_id=candidature_id,
        hiring=Hiring(start, end),
        message="Bienvenue dans l'équipe.",
        pass_prefix=PREFIX,
    )


async def cancel(world: World, actor: Principal, candidature_id: UUID) -> None:
    await cancel_hire(uow=world.uow, actor=actor, clock=world.clock, ids=world.ids, candidature_id=candidature_id)


# -- acceptance -----------------------------------------------------------------------


async def test_accepting_in_an_siae_with_a_valid_diagnosis_issues_a_pass_iae(world: World, scene: Scene) -> None:
    diagnosis = await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.PROCESSING)

    acceptance = await accept(world, scene.employer, candidature.id)

    assert acceptance.approval is not None
    number = acceptance.approval.number
    stored = await stored_candidature(world, candidature.id)
    assert (stored.state, stored.hiring_start_at, stored.approval_number, stored.eligibility_diagnosis_id) == (
        S.ACCEPTED,
        START,
        number,
        diagnosis.id,
    )
    assert (await stored_approval(world, number)).start_at == START


async def test_the_acceptance_event_carries_the_pass_iae_it_issued(world: World, scene: Scene) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    acceptance = await accept(world, scene.employer, candidature.id)

    (event,) = [e for e in acceptance.candidature.events if isinstance(e, CandidatureAccepted)]
    assert acceptance.approval is not None
    assert (event.approval_number, event.approval_issued, event.approval_end_at) == (
        acceptance.approval.number,
        True,
        acceptance.approval.end_at,
    )


async def test_accepting_in_an_siae_without_a_diagnosis_fails_and_changes_nothing(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.PROCESSING)
    elsewhere = await a_candidature(world, job_seeker=scene.job_seeker, company=await a_company(world))

    with pytest.raises(EligibilityRequired):
        await accept(world, scene.employer, candidature.id)

    assert (await stored_candidature(world, candidature.id)).state is S.PROCESSING
    assert (await stored_candidature(world, elsewhere.id)).state is S.NEW
    assert world.uow.approvals.rows == {}


async def test_accepting_in_a_geiq_issues_no_pass_iae(world: World) -> None:
    scene = await a_scene(world, kind=CompanyKind.GEIQ)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    acceptance = await accept(world, scene.employer, candidature.id)

    assert acceptance.approval is None
    stored = await stored_candidature(world, candidature.id)
    assert (stored.state, stored.approval_number, stored.eligibility_diagnosis_id) == (S.ACCEPTED, None, None)


async def test_a_second_hire_while_the_pass_iae_is_in_force_reuses_it(world: World, scene: Scene) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    first = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    issued = await accept(world, scene.employer, first.id)
    other = await a_company(world, kind=CompanyKind.ACI)
    second = await a_candidature(world, job_seeker=scene.job_seeker, company=other)

    reused = await accept(world, await an_employer(world, other), second.id, start=START + timedelta(days=60))

    assert issued.approval is not None and reused.approval is not None
    assert reused.approval.number == issued.approval.number
    assert (await stored_candidature(world, second.id)).approval_number == issued.approval.number


@pytest.mark.parametrize("state", [S.NEW, S.PROCESSING, S.POSTPONED, S.POOL, S.PRIOR_TO_HIRE])
async def test_the_other_pending_candidatures_of_the_person_become_obsolete(
    world: World, scene: Scene, state: CandidatureState
) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    hired = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    pending = await a_candidature(world, job_seeker=scene.job_seeker, company=await a_company(world), state=state)

    await accept(world, scene.employer, hired.id)

    stored = await stored_candidature(world, pending.id)
    assert (stored.state, stored.obsoleted_by_id, stored.history[-1].actor_id) == (S.OBSOLETE, hired.id, None)


async def test_answered_candidatures_and_other_people_s_are_left_as_they_are(world: World, scene: Scene) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    hired = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    refused = await a_candidature(world, job_seeker=scene.job_seeker, company=await a_company(world), state=S.REFUSED)
    someone_else = await a_job_seeker(world, by_organisation=scene.agency)
    theirs = await a_candidature(world, job_seeker=someone_else, company=await a_company(world))

    await accept(world, scene.employer, hired.id)

    assert (await stored_candidature(world, refused.id)).state is S.REFUSED
    assert (await stored_candidature(world, theirs.id)).state is S.NEW


async def test_a_fixed_term_posting_needs_a_hiring_end_date(world: World, scene: Scene) -> None:
    posting = await a_posting(world, scene.company, contract_type=ContractType.FIXED_TERM_I)
    candidature = await a_candidature(
        world, job_seeker=scene.job_seeker, company=scene.company, job_posting_ids=(posting.id,)
    )

    with pytest.raises(InvalidHiringDates):
        await accept(world, scene.employer, candidature.id)


async def test_an_accepted_candidature_may_not_be_accepted_again(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.ACCEPTED)

    with pytest.raises(InvalidTransition):
        await accept(world, scene.employer, candidature.id)


async def test_the_prescriber_does_not_accept(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)

    with pytest.raises(Forbidden):
        await accept(world, scene.prescriber, candidature.id)


# -- cancelling a hire ---------------------------------------------------------------------


async def test_cancelling_the_hire_that_issued_a_pass_iae_cancels_it(world: World, scene: Scene) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    acceptance = await accept(world, scene.employer, candidature.id)
    assert acceptance.approval is not None

    await cancel(world, scene.employer, candidature.id)

    assert (await stored_candidature(world, candidature.id)).state is S.CANCELLED
    approval = await stored_approval(world, acceptance.approval.number)
    assert approval.status_on(START) is ApprovalStatus.CANCELLED


async def test_cancelling_a_hire_brings_back_the_candidatures_it_made_obsolete(world: World, scene: Scene) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    hired = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    pending = await a_candidature(world, job_seeker=scene.job_seeker, company=await a_company(world), state=S.POOL)
    await accept(world, scene.employer, hired.id)

    await cancel(world, scene.employer, hired.id)

    stored = await stored_candidature(world, pending.id)
    assert (stored.state, stored.obsoleted_by_id) == (S.NEW, None)
    assert [entry.transition for entry in stored.history] == ["render_obsolete", "reset"]


async def test_an_obsolete_candidature_stays_so_when_a_newer_one_is_pending_there(world: World, scene: Scene) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    elsewhere = await a_company(world)
    hired = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    pending = await a_candidature(world, job_seeker=scene.job_seeker, company=elsewhere)
    await accept(world, scene.employer, hired.id)
    await a_candidature(world, job_seeker=scene.job_seeker, company=elsewhere)

    await cancel(world, scene.employer, hired.id)

    assert (await stored_candidature(world, pending.id)).state is S.OBSOLETE


async def test_only_an_accepted_candidature_may_be_cancelled(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=S.REFUSED)

    with pytest.raises(InvalidTransition):
        await cancel(world, scene.employer, candidature.id)


async def test_a_hire_without_pass_iae_is_cancelled_as_well(world: World) -> None:
    scene = await a_scene(world, kind=CompanyKind.GEIQ)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)
    await accept(world, scene.employer, candidature.id)

    await cancel(world, scene.employer, candidature.id)

    assert (await stored_candidature(world, candidature.id)).state is S.CANCELLED
