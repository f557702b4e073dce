"""The emails of prolongation requests: to who decides, reminders every 10
days for 30 days while pending, the decision to the employer."""

from datetime import date, timedelta

import pytest

from domain.approvals.prolongation_denials import Denial, DenyReason, ProposedAction
from domain.approvals.prolongations import Prolongation
from domain.approvals.use_cases import deny_prolongation, grant_prolongation
from domain.notifications.messages import OutboxMessage
from domain.notifications.prolongation_reminders import remind_pending_prolongations, reminder_due
from tests.unit.prolongation_situations import Desk, a_desk, asked, leaves
from tests.unit.situations import World

REQUESTED_ON = date(2026, 3, 2)


@pytest.fixture
async def desk(world: World) -> Desk:
    return await a_desk(world)


def emails(world: World, template: str) -> list[OutboxMessage]:
    return sorted(
        (m for m in world.uow.outbox.rows.values() if m.template == template),
        key=lambda m: m.context.get("reminder", 0),
    )


async def run_on(world: World, day: date) -> int:
    world.clock.at = world.clock.at.replace(year=day.year, month=day.month, day=day.day)
    return await remind_pending_prolongations(uow=world.uow, clock=world.clock)


async def a_request(world: World, desk: Desk, **options: bool) -> Prolongation:
    world.clock.at = world.clock.at.replace(year=2026, month=3, day=2, hour=9)
    return await asked(world, desk, **options)


@pytest.mark.parametrize(
    ("waited", "reminder"),
    [(0, None), (9, None), (10, 1), (15, 1), (20, 2), (29, 2), (30, 3), (31, None), (60, None)],
)
def test_a_reminder_is_due_every_10_days_for_30_days(waited: int, reminder: int | None) -> None:
    assert reminder_due(REQUESTED_ON, REQUESTED_ON + timedelta(days=waited)) == reminder


async def test_the_request_itself_reaches_only_the_prescriber_it_is_addressed_to(world: World, desk: Desk) -> None:
    await a_request(world, desk)

    assert [m.recipient for m in emails(world, "prolongation_requested")] == [desk.assignee.email]


async def test_the_addressed_prescriber_is_reminded_on_days_10_20_and_30(world: World, desk: Desk) -> None:
    request = await a_request(world, desk)

    queued = [await run_on(world, REQUESTED_ON + timedelta(days=day)) for day in range(0, 40)]

    assert sum(queued) == 3
    reminders = emails(world, "prolongation_reminder")
    assert [(m.recipient, m.context["reminder"], m.context["days_waiting"]) for m in reminders] == [
        (desk.assignee.email, 1, 10),
        (desk.assignee.email, 2, 20),
        (desk.assignee.email, 3, 30),
    ]
    assert {m.context["request_id"] for m in reminders} == {str(request.id)}


async def test_running_the_job_twice_a_day_sends_nothing_more(world: World, desk: Desk) -> None:
    await a_request(world, desk)

    first = await run_on(world, REQUESTED_ON + timedelta(days=10))
    second = await run_on(world, REQUESTED_ON + timedelta(days=10))

    assert (first, second) == (1, 0)


async def test_a_missed_day_sends_the_reminder_the_day_after_but_none_past_30_days(world: World, desk: Desk) -> None:
    await a_request(world, desk)

    assert await run_on(world, REQUESTED_ON + timedelta(days=11)) == 1
    assert await run_on(world, REQUESTED_ON + timedelta(days=31)) == 0


async def test_once_he_has_left_the_members_of_his_organisation_are_reminded(world: World, desk: Desk) -> None:
    await a_request(world, desk)
    await leaves(world, desk.assignee, desk.agency)

    await run_on(world, REQUESTED_ON + timedelta(days=10))

    assert [m.recipient for m in emails(world, "prolongation_reminder")] == [desk.colleague.email]


async def test_a_decided_request_is_not_reminded(world: World, desk: Desk) -> None:
    request = await a_request(world, desk)
    await grant_prolongation(
        uow=world.uow,
        actor=desk.as_prescriber(desk.assignee),
        clock=world.clock,
        ids=world.ids,
        prolongation_id=request.id,
    )

    assert await run_on(world, REQUESTED_ON + timedelta(days=10)) == 0


async def test_the_employer_reads_the_reason_and_the_proposed_actions_of_a_denial(world: World, desk: Desk) -> None:
    request = await a_request(world, desk)

    await deny_prolongation(
        uow=world.uow,
        actor=desk.as_prescriber(desk.assignee),
        clock=world.clock,
        ids=world.ids,
        prolongation_id=request.id,
        denial=Denial(DenyReason.IAE, "Parcours terminé.", (ProposedAction.EXIT_IAE,), "Atelier CV à l'agence."),
    )

    (decided,) = emails(world, "prolongation_decided")
    assert decided.context["decision"] == "denied"
    assert decided.context["denial_reason"] == "Parcours terminé."
    assert str(decided.context["denial_reason_label"]).startswith("L'IAE ne correspond plus")
    assert str(decided.context["proposed_actions"][0]).startswith("Accompagnement à la recherche d'emploi hors IAE")
    assert decided.context["proposed_actions_explanation"] == "Atelier CV à l'agence."
    assert decided.context["organisation_name"] == desk.agency.name
