from datetime import timedelta
from uuid import UUID

import pytest

from domain.candidatures.candidatures import Candidature, SenderKind
from domain.candidatures.idempotency import (
    IdempotencyKeyReused,
    IdempotentRequest,
    RequestInProgress,
    StoredResponse,
)
from domain.candidatures.state_machine import CandidatureState
from domain.candidatures.submission import (
    AlreadyPending,
    Application,
    CandidaturesClosed,
    Idempotency,
    InvalidJobPostingSelection,
    Submission,
    submit_candidature,
)
from domain.companies.companies import CompanyKind
from domain.errors import Forbidden, NotFound, RuleViolation
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from domain.job_seekers.visibility import JobSeekerNotFound
from tests.unit.candidature_situations import (
    Scene,
    a_candidature,
    a_job_seeker,
    a_posting,
    a_prescriber,
    a_scene,
    an_employer,
    job_seeker_himself,
    stored_candidature,
)
from tests.unit.situations import World, a_client, a_company, a_partner, a_staff_member, an_organisation, tenant_of

# Marked here too: anyio drops the parametrisation of the items it marks late.
pytestmark = pytest.mark.anyio


async def submit(world: World, actor: Principal, application: Application, **kwargs: object) -> Submission:
    return await submit_candidature(
        uow=world.uow, actor=actor, clock=world.clock, ids=world.ids, application=application, **kwargs
    )


async def sent(world: World, actor: Principal, application: Application) -> Candidature:
    submission = await submit(world, actor, application)
    assert submission.candidature is not None
    return await stored_candidature(world, submission.candidature.id)


@pytest.fixture
async def scene(world: World) -> Scene:
    return await a_scene(world)


# -- who sends -----------------------------------------------------------------------


async def test_a_prescriber_sends_a_candidature_on_behalf_of_his_organisation(world: World, scene: Scene) -> None:
    candidature = await sent(
        world,
        scene.prescriber,
        Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id, message="Motivé."),
    )

    assert (candidature.state, candidature.sender_kind, candidature.sender_organisation_id) == (
        CandidatureState.NEW,
        SenderKind.PRESCRIBER,
        scene.agency.id,
    )
    assert (candidature.sender_id, candidature.job_seeker_id, candidature.message) == (
        scene.prescriber.user_id,
        scene.job_seeker.id,
        "Motivé.",
    )


async def test_a_job_seeker_applies_for_himself_without_naming_his_profile(world: World, scene: Scene) -> None:
    candidature = await sent(world, job_seeker_himself(scene.job_seeker), Application(company_id=scene.company.id))

    assert (candidature.job_seeker_id, candidature.sender_kind, candidature.sender_organisation_id) == (
        scene.job_seeker.id,
        SenderKind.JOB_SEEKER,
        None,
    )


async def test_a_job_seeker_without_a_profile_may_not_apply(world: World, scene: Scene) -> None:
    stranger = Principal(kind=UserKind.JOB_SEEKER, user_id=UUID(int=777))

    with pytest.raises(JobSeekerNotFound):
        await submit(world, stranger, Application(company_id=scene.company.id))


async def test_a_job_seeker_may_not_apply_for_someone_else(world: World, scene: Scene) -> None:
    other = await a_job_seeker(world, by_organisation=scene.agency, with_account=True)

    with pytest.raises(JobSeekerNotFound):
        await submit(
            world,
            job_seeker_himself(other),
            Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id),
        )


async def test_an_employer_self_prescribes_to_his_own_company(world: World, scene: Scene) -> None:
    job_seeker = await a_job_seeker(world, by_company=scene.company)

    candidature = await sent(
        world, scene.employer, Application(company_id=scene.company.id, job_seeker_id=job_seeker.id)
    )

    assert (candidature.sender_kind, candidature.sender_company_id) == (SenderKind.EMPLOYER, scene.company.id)


async def test_an_employer_may_not_send_a_candidature_to_another_company(world: World, scene: Scene) -> None:
    elsewhere = await a_company(world)
    job_seeker = await a_job_seeker(world, by_company=scene.company)

    with pytest.raises(Forbidden):
        await submit(world, scene.employer, Application(company_id=elsewhere.id, job_seeker_id=job_seeker.id))


async def test_staff_sends_no_candidature(world: World, scene: Scene) -> None:
    with pytest.raises(Forbidden):
        await submit(
            world, a_staff_member(), Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)
        )


async def test_a_partner_application_needs_the_write_scope(world: World, scene: Scene) -> None:
    client = await a_client(world, tenant_of(scene.agency))
    reader = a_partner(client, scopes=frozenset({Scope.CANDIDATURES_READ}))

    with pytest.raises(Forbidden):
        await submit(world, reader, Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id))


async def test_a_partner_application_sends_as_its_organisation(world: World, scene: Scene) -> None:
    client = await a_client(world, tenant_of(scene.agency))
    writer = a_partner(client, scopes=frozenset({Scope.CANDIDATURES_WRITE}))

    candidature = await sent(world, writer, Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id))

    assert (candidature.sender_id, candidature.sender_organisation_id) == (client.id, scene.agency.id)


async def test_a_prescriber_must_name_the_job_seeker(world: World, scene: Scene) -> None:
    with pytest.raises(RuleViolation) as refused:
        await submit(world, scene.prescriber, Application(company_id=scene.company.id))

    assert refused.value.errors[0].pointer == "/job_seeker_id"


async def test_a_job_seeker_the_prescriber_does_not_follow_is_not_found(world: World, scene: Scene) -> None:
    stranger = await a_prescriber(world, await an_organisation(world))

    with pytest.raises(JobSeekerNotFound):
        await submit(world, stranger, Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id))


# -- where to ----------------------------------------------------------------------------


async def test_an_unknown_company_is_not_found(world: World, scene: Scene) -> None:
    with pytest.raises(NotFound) as refused:
        await submit(world, scene.prescriber, Application(company_id=UUID(int=404), job_seeker_id=scene.job_seeker.id))

    assert refused.value.errors[0].pointer == "/company_id"


async def test_a_company_blocking_candidatures_refuses_them(world: World, scene: Scene) -> None:
    async with world.uow as uow:
        company = await uow.companies.get(scene.company.id)
        assert company is not None
        company.block_candidatures = True
        await uow.commit()

    with pytest.raises(CandidaturesClosed):
        await submit(
            world, scene.prescriber, Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)
        )


async def test_an_inactive_company_refuses_candidatures(world: World, scene: Scene) -> None:
    closed = await a_company(world, active=False)

    with pytest.raises(CandidaturesClosed):
        await submit(world, scene.prescriber, Application(company_id=closed.id, job_seeker_id=scene.job_seeker.id))


async def test_selected_postings_must_be_active_postings_of_the_company(world: World, scene: Scene) -> None:
    open_posting = await a_posting(world, scene.company)
    closed_posting = await a_posting(world, scene.company, is_active=False)
    elsewhere = await a_posting(world, await a_company(world))
    application = Application(
        company_id=scene.company.id,
        job_seeker_id=scene.job_seeker.id,
        job_posting_ids=(open_posting.id, closed_posting.id, elsewhere.id, UUID(int=404)),
    )

    with pytest.raises(InvalidJobPostingSelection) as refused:
        await submit(world, scene.prescriber, application)

    assert [e.pointer for e in refused.value.errors] == [
        "/job_posting_ids/1",
        "/job_posting_ids/2",
        "/job_posting_ids/3",
    ]


async def test_the_selected_postings_are_recorded(world: World, scene: Scene) -> None:
    first, second = await a_posting(world, scene.company), await a_posting(world, scene.company)

    candidature = await sent(
        world,
        scene.prescriber,
        Application(
            company_id=scene.company.id, job_seeker_id=scene.job_seeker.id, job_posting_ids=(second.id, first.id)
        ),
    )

    assert candidature.job_posting_ids == (second.id, first.id)


# -- one pending candidature per company ------------------------------------------------------


async def test_a_second_pending_candidature_to_a_company_names_the_first_to_who_sees_it(
    world: World, scene: Scene
) -> None:
    first = await a_candidature(
        world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency, state=CandidatureState.POOL
    )

    with pytest.raises(AlreadyPending) as refused:
        await submit(
            world, scene.prescriber, Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)
        )

    assert refused.value.extra == {"candidature_id": str(first.id)}


async def test_a_second_pending_candidature_hides_the_first_from_who_may_not_see_it(world: World, scene: Scene) -> None:
    await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)  # sent by the job seeker

    with pytest.raises(AlreadyPending) as refused:
        await submit(
            world, scene.prescriber, Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)
        )

    assert refused.value.extra == {}


@pytest.mark.parametrize(
    "state",
    [CandidatureState.REFUSED, CandidatureState.ACCEPTED, CandidatureState.CANCELLED, CandidatureState.OBSOLETE],
)
async def test_a_candidature_no_longer_pending_does_not_block_a_new_one(
    world: World, scene: Scene, state: CandidatureState
) -> None:
    await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=state)

    submission = await submit(
        world, scene.prescriber, Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)
    )

    assert submission.candidature is not None


async def test_a_pending_candidature_to_another_company_does_not_block(world: World, scene: Scene) -> None:
    await a_candidature(world, job_seeker=scene.job_seeker, company=await a_company(world, kind=CompanyKind.ACI))

    submission = await submit(
        world, scene.prescriber, Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)
    )

    assert submission.candidature is not None


async def test_a_refused_submission_stores_nothing(world: World, scene: Scene) -> None:
    with pytest.raises(Forbidden):
        await submit(
            world, a_staff_member(), Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)
        )

    assert world.uow.candidatures.rows == {}


# -- Idempotency-Key ------------------------------------------------------------------


def keyed(key: str = "retry-1", fingerprint: str = "sha256:aaa") -> Idempotency:
    return Idempotency(
        request=IdempotentRequest(caller="user:1", key=key, fingerprint=fingerprint),
        respond=lambda candidature: StoredResponse(201, f'{{"id": "{candidature.id}"}}'),
    )


async def test_a_keyed_submission_stores_its_answer_with_the_candidature(world: World, scene: Scene) -> None:
    application = Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)

    submission = await submit(world, scene.prescriber, application, idempotency=keyed())

    assert submission.candidature is not None
    assert submission.response == StoredResponse(201, f'{{"id": "{submission.candidature.id}"}}')
    assert world.uow.idempotency.rows[("user:1", "retry-1")].response == submission.response


async def test_a_retry_with_the_same_key_and_request_gets_the_same_answer_and_creates_nothing(
    world: World, scene: Scene
) -> None:
    application = Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)
    first = await submit(world, scene.prescriber, application, idempotency=keyed())

    retry = await submit(world, scene.prescriber, application, idempotency=keyed())

    assert (retry.candidature, retry.response) == (None, first.response)
    assert len(world.uow.candidatures.rows) == 1


async def test_the_same_key_for_another_request_is_refused(world: World, scene: Scene) -> None:
    application = Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id)
    await submit(world, scene.prescriber, application, idempotency=keyed())

    with pytest.raises(IdempotencyKeyReused):
        await submit(world, scene.prescriber, application, idempotency=keyed(fingerprint="sha256:bbb"))


async def test_a_key_still_in_flight_is_a_conflict(world: World, scene: Scene) -> None:
    world.uow.idempotency.in_flight.add(("user:1", "retry-1"))

    with pytest.raises(RequestInProgress):
        await submit(
            world,
            scene.prescriber,
            Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id),
            idempotency=keyed(),
        )


async def test_a_key_is_forgotten_after_24_hours(world: World, scene: Scene) -> None:
    other_company = await a_company(world)
    await submit(
        world,
        scene.prescriber,
        Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id),
        idempotency=keyed(),
    )
    world.clock.advance(timedelta(hours=24))

    later = await submit(
        world,
        scene.prescriber,
        Application(company_id=other_company.id, job_seeker_id=scene.job_seeker.id),
        idempotency=keyed(fingerprint="sha256:bbb"),
    )

    assert later.candidature is not None and later.candidature.company_id == other_company.id


async def test_a_refused_keyed_submission_stores_no_answer(world: World, scene: Scene) -> None:
    await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company)

    with pytest.raises(AlreadyPending):
        await submit(
            world,
            scene.prescriber,
            Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id),
            idempotency=keyed(),
        )

    assert world.uow.idempotency.rows == {}


async def test_an_employer_may_not_self_prescribe_a_job_seeker_he_does_not_follow(world: World, scene: Scene) -> None:
    other = await a_company(world)
    employer = await an_employer(world, other)

    with pytest.raises(JobSeekerNotFound):
        await submit(world, employer, Application(company_id=other.id, job_seeker_id=scene.job_seeker.id))
