"""Who is emailed when a candidature or a PASS IAE moves (DOMAIN.md, "Notifications")."""

from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.approvals.prolongation_denials import Denial, DenyReason
from domain.approvals.prolongations import ProlongationAsk, ProlongationReason
from domain.approvals.use_cases import deny_prolongation, request_prolongation
from domain.candidatures.answers import move_candidature, refuse_candidature
from domain.candidatures.candidatures import Hiring, RefusalReason
from domain.candidatures.hiring import accept_candidature, cancel_hire
from domain.candidatures.state_machine import Transition
from domain.candidatures.submission import Application, submit_candidature
from domain.companies.companies import CompanyKind
from domain.identity.principal import Principal
from domain.notifications.messages import OutboxMessage
from domain.notifications.preference_use_cases import set_notification_preferences
from tests.unit.approval_situations import PREFIX, a_diagnosis
from tests.unit.candidature_situations import Scene, a_scene, job_seeker_himself
from tests.unit.situations import World

pytestmark = pytest.mark.anyio
JOB_SEEKER_EMAIL = "samir@example.org"


@pytest.fixture
async def scene(world: World) -> Scene:
    built = await a_scene(world)
    async with world.uow as uow:
        job_seeker = await uow.job_seekers.get(built.job_seeker.id)
        assert job_seeker is not None
        job_seeker.email = JOB_SEEKER_EMAIL
        await uow.commit()
    return built


async def email_of(world: World, actor: Principal) -> str:
    assert actor.user_id is not None
    async with world.uow as uow:
        user = await uow.users.get(actor.user_id)
    assert user is not None
    return user.email


def recorded_so_far(world: World) -> set[UUID]:
    return set(world.uow.outbox.rows)


async def sent_by_template(world: World, *, after: set[UUID] | None = None) -> dict[str, list[OutboxMessage]]:
    """Committed outbox messages by template, leaving out those of ``after``."""
    by_template: dict[str, list[OutboxMessage]] = {}
    async with world.uow as uow:
        for message in uow.outbox.rows.values():
            if message.id not in (after or set()):
                by_template.setdefault(message.template, []).append(message)
    return by_template


async def recipients(world: World, *, after: set[UUID] | None = None) -> set[tuple[str, str]]:
    return {(m.template, m.recipient) for ms in (await sent_by_template(world, after=after)).values() for m in ms}


async def submitted(world: World, scene: Scene, actor: Principal | None = None) -> UUID:
    actor = actor or scene.prescriber
    job_seeker_id = None if actor.user_id == scene.job_seeker.user_id else scene.job_seeker.id
    submission = await submit_candidature(
        uow=world.uow,
        actor=actor,
        clock=world.clock,
        ids=world.ids,
        application=Application(company_id=scene.company.id, job_seeker_id=job_seeker_id),
    )
    assert submission.candidature is not None
    return submission.candidature.id


async def test_a_prescribed_candidature_emails_the_sender_the_company_and_the_job_seeker(
    world: World, scene: Scene
) -> None:
    await submit_candidature(
        uow=world.uow,
        actor=scene.prescriber,
        clock=world.clock,
        ids=world.ids,
        application=Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id),
    )

    assert await recipients(world) == {
        ("candidature_sent", await email_of(world, scene.prescriber)),
        ("candidature_received", await email_of(world, scene.employer)),
        ("candidature_sent_for_you", JOB_SEEKER_EMAIL),
    }
    (received,) = (await sent_by_template(world))["candidature_received"]
    assert received.context["sender_label"] == f"Camille Martin ({scene.agency.name})"
    assert received.context["job_seeker_name"] == "Samir Bensaïd"


async def test_a_job_seeker_applying_himself_gets_a_confirmation_only(world: World, scene: Scene) -> None:
    await submit_candidature(
        uow=world.uow,
        actor=job_seeker_himself(scene.job_seeker),
        clock=world.clock,
        ids=world.ids,
        application=Application(company_id=scene.company.id),
    )

    by_template = await sent_by_template(world)
    assert set(by_template) == {"candidature_sent", "candidature_received"}
    assert by_template["candidature_sent"][0].context["self_applied"] is True
    assert by_template["candidature_received"][0].context["sender_label"] == "le candidat lui-même"


async def test_a_member_who_opted_out_is_not_told_of_new_candidatures(world: World, scene: Scene) -> None:
    await set_notification_preferences(
        uow=world.uow, actor=scene.employer, clock=world.clock, company_id=scene.company.id, new_candidatures=False
    )

    await submitted(world, scene)

    async with world.uow as uow:
        assert not [m for m in uow.outbox.rows.values() if m.template == "candidature_received"]


async def test_a_job_seeker_without_email_is_not_emailed(world: World, scene: Scene) -> None:
    async with world.uow as uow:
        job_seeker = await uow.job_seekers.get(scene.job_seeker.id)
        assert job_seeker is not None
        job_seeker.email = None
        await uow.commit()

    await submit_candidature(
        uow=world.uow,
        actor=scene.prescriber,
        clock=world.clock,
        ids=world.ids,
        application=Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id),
    )

    assert "candidature_sent_for_you" not in await sent_by_template(world)


@pytest.mark.parametrize("transition", [Transition.PROCESS, Transition.POSTPONE, Transition.MOVE_TO_PRIOR_TO_HIRE])
async def test_progress_is_told_to_the_job_seeker_and_the_prescriber(
    world: World, scene: Scene, transition: Transition
) -> None:
    candidature_id = await submitted(world, scene)
    before = recorded_so_far(world)

    await move_candidature(
        uow=world.uow,
        actor=scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=candidature_id,
        transition=transition,
    )

    by_template = await sent_by_template(world, after=before)
    assert await recipients(world, after=before) == {
        ("candidature_progress_job_seeker", JOB_SEEKER_EMAIL),
        ("candidature_progress_prescriber", await email_of(world, scene.prescriber)),
    }
    assert by_template["candidature_progress_job_seeker"][0].context["state"] == str(
        {"process": "processing", "postpone": "postponed", "move_to_prior_to_hire": "prior_to_hire"}[transition]
    )


async def test_adding_to_the_pool_emails_nobody(world: World, scene: Scene) -> None:
    candidature_id = await submitted(world, scene)
    before = recorded_so_far(world)

    await move_candidature(
        uow=world.uow,
        actor=scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=candidature_id,
        transition=Transition.ADD_TO_POOL,
    )

    assert await recipients(world, after=before) == set()


async def test_a_refusal_gives_the_reason_to_the_prescriber_and_never_to_the_job_seeker(
    world: World, scene: Scene
) -> None:
    candidature_id = await submitted(world, scene)
    before = recorded_so_far(world)

    await refuse_candidature(
        uow=world.uow,
        actor=scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=candidature_id,
        reason=RefusalReason.INCOMPATIBLE,
        message="Merci pour votre candidature.",
    )

    by_template = await sent_by_template(world, after=before)
    (to_job_seeker,) = by_template["candidature_refused_job_seeker"]
    (to_prescriber,) = by_template["candidature_refused_prescriber"]
    assert "reason" not in to_job_seeker.context and "reason_label" not in to_job_seeker.context
    assert to_job_seeker.context["answer"] == "Merci pour votre candidature."
    assert (to_prescriber.context["reason"], to_prescriber.context["reason_label"]) == (
        "incompatible",
        "Incompatibilité avec le poste ou l'équipe",
    )


async def accepted(world: World, scene: Scene, candidature_id: UUID) -> None:
    await accept_candidature(
        uow=world.uow,
        actor=scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=candidature_id,
        hiring=Hiring(date(2026, 3, 9)),
        message="Bienvenue.",
        pass_prefix=PREFIX,
    )


async def test_an_acceptance_tells_both_and_gives_the_new_pass_iae_to_the_company(world: World, scene: Scene) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    candidature_id = await submitted(world, scene)
    before = recorded_so_far(world)

    await accepted(world, scene, candidature_id)

    by_template = await sent_by_template(world, after=before)
    assert await recipients(world, after=before) == {
        ("candidature_accepted_job_seeker", JOB_SEEKER_EMAIL),
        ("candidature_accepted_prescriber", await email_of(world, scene.prescriber)),
        ("approval_delivered", await email_of(world, scene.employer)),
    }
    (delivered,) = by_template["approval_delivered"]
    assert (
        delivered.context["approval_number"]
        == by_template["candidature_accepted_job_seeker"][0].context["approval_number"]
    )
    assert (delivered.context["approval_start_at"], delivered.context["approval_end_at"]) == (
        "2026-03-09",
        "2028-03-07",  # 730 days in all, 2028 being a leap year
    )


async def test_a_hire_without_pass_iae_sends_no_pass_email(world: World) -> None:
    geiq = await a_scene(world, kind=CompanyKind.GEIQ)
    candidature_id = await submitted(world, geiq)

    await accepted(world, geiq, candidature_id)

    assert "approval_delivered" not in await sent_by_template(world)


async def test_a_cancelled_hire_is_told_to_the_job_seeker_and_the_prescriber(world: World, scene: Scene) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    candidature_id = await submitted(world, scene)
    await accepted(world, scene, candidature_id)
    before = recorded_so_far(world)

    await cancel_hire(
        uow=world.uow, actor=scene.employer, clock=world.clock, ids=world.ids, candidature_id=candidature_id
    )

    assert await recipients(world, after=before) == {
        ("hire_cancelled_job_seeker", JOB_SEEKER_EMAIL),
        ("hire_cancelled_prescriber", await email_of(world, scene.prescriber)),
    }


async def test_a_prolongation_request_reaches_the_deciding_organisation_and_its_denial_the_employer(
    world: World, scene: Scene
) -> None:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    candidature_id = await submitted(world, scene)
    await accepted(world, scene, candidature_id)
    async with world.uow as uow:
        (approval,) = await uow.approvals.for_job_seeker(scene.job_seeker.id)
    before = recorded_so_far(world)
    ask = ProlongationAsk(
        reason=ProlongationReason.RQTH,
        end_at=approval.end_at + timedelta(days=90),
        prescriber_organisation_id=scene.agency.id,
    )

    view = await request_prolongation(
        uow=world.uow, actor=scene.employer, clock=world.clock, ids=world.ids, number=approval.number, ask=ask
    )
    requested = await recipients(world, after=before)
    before = recorded_so_far(world)
    await deny_prolongation(
        uow=world.uow,
        actor=scene.prescriber,
        clock=world.clock,
        ids=world.ids,
        prolongation_id=view.approval.prolongations[0].id,
        denial=Denial(DenyReason.REASON, "Pas de justificatif"),
    )

    assert requested == {("prolongation_requested", await email_of(world, scene.prescriber))}
    assert await recipients(world, after=before) == {("prolongation_decided", await email_of(world, scene.employer))}
    (decided,) = (await sent_by_template(world, after=before))["prolongation_decided"]
    assert (decided.context["decision"], decided.context["denial_reason"]) == ("denied", "Pas de justificatif")
