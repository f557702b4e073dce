"""The daily job tells employers their PASS IAE end soon, once per threshold."""

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.approvals.approvals import Approval
from domain.candidatures.candidatures import Hiring
from domain.candidatures.hiring import accept_candidature, cancel_hire
from domain.candidatures.submission import Application, submit_candidature
from domain.notifications.expiring_approvals import notify_expiring_approvals, threshold_for
from tests.fakes.approvals import FakeApprovalCalendar
from tests.unit.approval_situations import PREFIX, a_diagnosis
from tests.unit.candidature_situations import Scene, a_scene
from tests.unit.situations import World

pytestmark = pytest.mark.anyio


@pytest.fixture
async def scene(world: World) -> Scene:
    return await a_scene(world)


async def a_hire(world: World, scene: Scene) -> Approval:
    await a_diagnosis(world, scene.job_seeker, by=scene.agency)
    submission = await submit_candidature(
        uow=world.uow,
        actor=scene.prescriber,
        clock=world.clock,
        ids=world.ids,
        application=Application(company_id=scene.company.id, job_seeker_id=scene.job_seeker.id),
    )
    assert submission.candidature is not None
    view = await accept_candidature(
        uow=world.uow,
        actor=scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=submission.candidature.id,
        hiring=Hiring(date(2026, 3, 9)),
        message="",
        pass_prefix=PREFIX,
    )
    assert view.approval is not None
    return view.approval


def days_before(world: World, approval: Approval, days: int) -> None:
    day = approval.end_at - timedelta(days=days)
    world.clock.at = datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC)


async def run(world: World) -> int:
    return await notify_expiring_approvals(uow=world.uow, calendar=FakeApprovalCalendar(world.uow), clock=world.clock)


async def notices(world: World) -> list[dict[str, object]]:
    async with world.uow as uow:
        return [m.context for m in uow.outbox.rows.values() if m.template == "approval_expiring"]


async def test_the_company_is_told_thirty_days_before_the_end(world: World, scene: Scene) -> None:
    approval = await a_hire(world, scene)
    days_before(world, approval, 26)

    assert await run(world) == 1

    (notice,) = await notices(world)
    assert (notice["approval_number"], notice["end_at"], notice["days_left"]) == (
        approval.number,
        approval.end_at.isoformat(),
        26,
    )


async def test_running_the_job_again_sends_nothing_more(world: World, scene: Scene) -> None:
    approval = await a_hire(world, scene)
    days_before(world, approval, 26)
    await run(world)
    days_before(world, approval, 25)

    assert (await run(world), len(await notices(world))) == (0, 1)


async def test_a_reminder_follows_a_week_before_the_end(world: World, scene: Scene) -> None:
    approval = await a_hire(world, scene)
    days_before(world, approval, 26)
    await run(world)
    days_before(world, approval, 6)

    assert await run(world) == 1
    assert sorted(n["days_left"] for n in await notices(world)) == [6, 26]  # type: ignore[type-var]


async def test_a_pass_iae_ending_later_is_not_announced_yet(world: World, scene: Scene) -> None:
    approval = await a_hire(world, scene)
    days_before(world, approval, 31)

    assert await run(world) == 0


async def test_a_pass_iae_whose_hire_was_cancelled_is_not_announced(world: World, scene: Scene) -> None:
    approval = await a_hire(world, scene)
    async with world.uow as uow:
        (candidature,) = [c for c in uow.candidatures.rows.values() if c.approval_number == approval.number]
    await cancel_hire(
        uow=world.uow, actor=scene.employer, clock=world.clock, ids=world.ids, candidature_id=candidature.id
    )
    days_before(world, approval, 20)

    assert await run(world) == 0


@pytest.mark.parametrize(("days_left", "threshold"), [(30, 30), (8, 30), (7, 7), (0, 7)])
def test_the_threshold_is_the_smallest_one_crossed(days_left: int, threshold: int) -> None:
    assert threshold_for(days_left) == threshold
