"""The candidatures as the pages show them: the inbox's counts and filters,
and a candidature's sheet with the answers its reader may give now."""

import pytest

from domain.candidatures.candidatures import NOT_OFFERED_TO_GEIQ, SenderKind
from domain.candidatures.inbox import candidature_inbox, candidature_sheet
from domain.candidatures.listing import CandidatureFilters
from domain.candidatures.policies import CandidatureNotFound
from domain.candidatures.state_machine import CandidatureState, Transition
from domain.companies.companies import CompanyKind
from domain.identity.memberships import MembershipRole
from tests.unit.candidature_situations import (
    Scene,
    a_candidature,
    a_job_seeker,
    a_posting,
    a_scene,
    employer_of,
    job_seeker_himself,
)
from tests.unit.situations import World, a_company, a_membership, tenant_of

pytestmark = pytest.mark.anyio


@pytest.fixture
async def scene(world: World) -> Scene:
    return await a_scene(world)


async def test_the_inbox_counts_per_state_under_the_other_filters(world: World, scene: Scene) -> None:
    posting = await a_posting(world, scene.company)
    other = await a_job_seeker(world, by_organisation=scene.agency)
    third = await a_job_seeker(world, by_organisation=scene.agency)
    await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)
    await a_candidature(
        world,
        job_seeker=other,
        company=scene.company,
        sent_by=scene.agency,
        state=CandidatureState.REFUSED,
        job_posting_ids=(posting.id,),
    )
    await a_candidature(world, job_seeker=third, company=scene.company)  # sent by the job seeker himself

    everything = await candidature_inbox(uow=world.uow, actor=scene.employer, filters=CandidatureFilters())
    new_from_prescribers = await candidature_inbox(
        uow=world.uow,
        actor=scene.employer,
        filters=CandidatureFilters(state=CandidatureState.NEW, sender_kind=SenderKind.PRESCRIBER),
    )
    for_the_posting = await candidature_inbox(
        uow=world.uow, actor=scene.employer, filters=CandidatureFilters(job_posting_id=posting.id)
    )

    assert everything.counts == {CandidatureState.NEW: 2, CandidatureState.REFUSED: 1}
    assert [line.job_seeker_name for line in new_from_prescribers.lines] == ["Samir Bensaïd"]
    assert new_from_prescribers.counts == {CandidatureState.NEW: 1, CandidatureState.REFUSED: 1}
    assert [line.postings for line in for_the_posting.lines] == [[posting]]
    assert everything.postings == [posting]


async def test_the_inbox_holds_only_what_the_caller_may_read(world: World, scene: Scene) -> None:
    elsewhere = await a_company(world)
    await a_candidature(world, job_seeker=scene.job_seeker, company=elsewhere)

    inbox = await candidature_inbox(uow=world.uow, actor=scene.employer, filters=CandidatureFilters())

    assert inbox.lines == [] and inbox.counts == {}


async def test_the_employer_may_give_the_answers_the_state_machine_allows(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)

    sheet = await candidature_sheet(uow=world.uow, actor=scene.employer, candidature_id=candidature.id)

    assert Transition.ACCEPT in sheet.answerable and Transition.CANCEL not in sheet.answerable
    assert sheet.sender_structure == scene.agency.name
    assert len(sheet.refusal_reasons) == 13


async def test_the_prescriber_reads_the_sheet_but_may_answer_nothing(world: World, scene: Scene) -> None:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency)

    sheet = await candidature_sheet(uow=world.uow, actor=scene.prescriber, candidature_id=candidature.id)

    assert sheet.answerable == [] and sheet.refusal_reasons == [] and sheet.transfer_targets == []
    assert sheet.job_seeker.job_seeker.id == scene.job_seeker.id


async def test_a_geiq_is_not_offered_the_refusal_reasons_about_iae_eligibility(world: World) -> None:
    scene = await a_scene(world, kind=CompanyKind.GEIQ)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    sheet = await candidature_sheet(uow=world.uow, actor=scene.employer, candidature_id=candidature.id)

    assert not NOT_OFFERED_TO_GEIQ & set(sheet.refusal_reasons)


async def test_a_transfer_goes_to_the_employer_s_other_companies(world: World, scene: Scene) -> None:
    sister = await a_company(world)
    assert scene.employer.user_id is not None
    user = await world.uow.users.get(scene.employer.user_id)
    assert user is not None
    await a_membership(world, user, tenant_of(sister), role=MembershipRole.ADMIN)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    sheet = await candidature_sheet(
        uow=world.uow, actor=employer_of(user, scene.company), candidature_id=candidature.id
    )

    assert [company.id for company in sheet.transfer_targets] == [sister.id]


async def test_someone_else_s_candidature_is_not_found(world: World, scene: Scene) -> None:
    elsewhere = await a_company(world)
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=elsewhere)

    with pytest.raises(CandidatureNotFound):
        await candidature_sheet(uow=world.uow, actor=scene.employer, candidature_id=candidature.id)


async def test_the_job_seeker_is_not_shown_the_reason_of_a_refusal(world: World, scene: Scene) -> None:
    candidature = await a_candidature(
        world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency, state=CandidatureState.REFUSED
    )

    himself = await candidature_sheet(
        uow=world.uow, actor=job_seeker_himself(scene.job_seeker), candidature_id=candidature.id
    )
    prescriber = await candidature_sheet(uow=world.uow, actor=scene.prescriber, candidature_id=candidature.id)

    assert not himself.shows_refusal_reason and prescriber.shows_refusal_reason
