from datetime import date
from uuid import UUID

import pytest

from domain.candidatures.state_machine import CandidatureState
from domain.errors import Forbidden, NotFound
from domain.exits.exits import (
    ExitAlreadyRecorded,
    ExitFacts,
    ExitKind,
    FollowUpAlreadyRecorded,
    FollowUpNotFound,
    FollowUpTooEarly,
    InvalidExit,
)
from domain.exits.use_cases import (
    ExitNotFound,
    FollowUpFacts,
    HireRequired,
    correct_exit,
    correct_follow_up,
    get_exit,
    record_exit,
    record_follow_up,
)
from domain.identity.principal import Principal
from tests.unit.candidature_situations import Scene, a_candidature, a_scene
from tests.unit.situations import World, a_staff_member

pytestmark = pytest.mark.anyio
HIRED_ON = date(2025, 1, 6)
LEFT_ON = date(2025, 6, 30)  # the clock says 2 March 2026: 3 and 6 months have come, 12 not yet
K = ExitKind


@pytest.fixture
async def scene(world: World) -> Scene:
    return await a_scene(world)


async def a_hire(world: World, scene: Scene, *, state: CandidatureState = CandidatureState.ACCEPTED) -> UUID:
    candidature = await a_candidature(world, job_seeker=scene.job_seeker, company=scene.company, state=state)
    world.uow.candidatures.rows[candidature.id].hiring_start_at = HIRED_ON
    return candidature.id


async def record(world: World, actor: Principal, hire: UUID, facts: ExitFacts | None = None) -> None:
    facts = facts or ExitFacts(LEFT_ON, 812, K.TRANSITION_EMPLOYMENT)
    await record_exit(uow=world.uow, actor=actor, clock=world.clock, candidature_id=hire, facts=facts)


async def follow(world: World, actor: Principal, hire: UUID, horizon: int, situation: ExitKind) -> None:
    await record_follow_up(
        uow=world.uow,
        actor=actor,
        clock=world.clock,
        candidature_id=hire,
        follow_up=FollowUpFacts(horizon, situation),
    )


async def test_an_employer_records_the_exit_of_a_hire(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    stored = world.uow.exits.rows[hire]
    assert (stored.exit_at, stored.hours_worked, stored.exit_kind) == (LEFT_ON, 812, K.TRANSITION_EMPLOYMENT)
    assert stored.recorded_by == scene.employer.user_id


async def test_an_exit_before_the_hiring_start_is_refused_naming_exit_at(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    with pytest.raises(InvalidExit) as refused:
        await record(world, scene.employer, hire, ExitFacts(date(2025, 1, 5), 10, K.INACTIVE))
    assert [e.pointer for e in refused.value.errors] == ["/exit_at"]


async def test_an_exit_on_the_hiring_start_day_is_accepted(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire, ExitFacts(HIRED_ON, 7, K.NO_NEWS))
    assert world.uow.exits.rows[hire].exit_at == HIRED_ON


async def test_an_exit_in_the_future_is_refused(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    with pytest.raises(InvalidExit) as refused:
        await record(world, scene.employer, hire, ExitFacts(date(2026, 3, 3), 10, K.INACTIVE))
    assert [e.pointer for e in refused.value.errors] == ["/exit_at"]


async def test_negative_hours_are_refused_naming_hours_worked(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    with pytest.raises(InvalidExit) as refused:
        await record(world, scene.employer, hire, ExitFacts(LEFT_ON, -1, K.INACTIVE))
    assert [e.pointer for e in refused.value.errors] == ["/hours_worked"]


async def test_a_hire_has_one_exit(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    with pytest.raises(ExitAlreadyRecorded):
        await record(world, scene.employer, hire)


async def test_a_candidature_that_is_not_a_hire_has_no_exit(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene, state=CandidatureState.PROCESSING)
    with pytest.raises(HireRequired):
        await record(world, scene.employer, hire)


async def test_the_prescriber_who_sees_the_hire_may_not_record_its_exit(world: World, scene: Scene) -> None:
    candidature = await a_candidature(
        world, job_seeker=scene.job_seeker, company=scene.company, sent_by=scene.agency, state=CandidatureState.ACCEPTED
    )
    with pytest.raises(Forbidden):
        await record(world, scene.prescriber, candidature.id)


async def test_the_exit_of_an_unknown_hire_is_not_found(world: World, scene: Scene) -> None:
    with pytest.raises(NotFound):
        await record(world, scene.employer, UUID(int=999_999))


async def test_a_follow_up_is_recorded_once_its_date_has_come(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    await follow(world, scene.employer, hire, 6, K.DURABLE_EMPLOYMENT)
    assert world.uow.exits.rows[hire].follow_ups[6].situation is K.DURABLE_EMPLOYMENT


async def test_a_follow_up_before_its_date_is_refused_with_the_date(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    with pytest.raises(FollowUpTooEarly) as refused:
        await follow(world, scene.employer, hire, 12, K.DURABLE_EMPLOYMENT)
    assert refused.value.extra["due_on"] == "2026-06-30"


async def test_a_follow_up_is_recorded_once_per_horizon(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    await follow(world, scene.employer, hire, 3, K.INACTIVE)
    with pytest.raises(FollowUpAlreadyRecorded):
        await follow(world, scene.employer, hire, 3, K.DURABLE_EMPLOYMENT)


async def test_a_follow_up_is_at_3_6_or_12_months(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    with pytest.raises(InvalidExit) as refused:
        await follow(world, scene.employer, hire, 4, K.INACTIVE)
    assert [e.pointer for e in refused.value.errors] == ["/horizon_months"]


async def test_a_follow_up_needs_the_exit_first(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    with pytest.raises(ExitNotFound):
        await follow(world, scene.employer, hire, 3, K.INACTIVE)


async def test_a_correction_keeps_the_previous_values_with_who_and_when(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    await correct_exit(
        uow=world.uow,
        actor=scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=hire,
        facts=ExitFacts(LEFT_ON, 900, K.DURABLE_EMPLOYMENT),
    )
    stored = world.uow.exits.rows[hire]
    assert (stored.hours_worked, stored.exit_kind) == (900, K.DURABLE_EMPLOYMENT)
    audit = {(c.field, c.previous, c.corrected, c.corrected_by, c.corrected_at) for c in stored.corrections}
    who, when = scene.employer.user_id, world.clock.now()
    assert audit == {
        ("hours_worked", "812", "900", who, when),
        ("exit_kind", "transition_employment", "durable_employment", who, when),
    }


async def test_a_correction_may_not_put_a_recorded_follow_up_before_its_date(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    await follow(world, scene.employer, hire, 6, K.INACTIVE)
    with pytest.raises(FollowUpTooEarly):
        await correct_exit(
            uow=world.uow,
            actor=scene.employer,
            clock=world.clock,
            ids=world.ids,
            candidature_id=hire,
            facts=ExitFacts(date(2025, 10, 1), 812, K.TRANSITION_EMPLOYMENT),
        )


async def test_correcting_a_follow_up_keeps_the_previous_situation(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    await follow(world, scene.employer, hire, 3, K.NO_NEWS)
    await correct_follow_up(
        uow=world.uow,
        actor=scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=hire,
        follow_up=FollowUpFacts(3, K.POSITIVE_EXIT),
    )
    stored = world.uow.exits.rows[hire]
    assert stored.follow_ups[3].situation is K.POSITIVE_EXIT
    assert [(c.field, c.horizon_months, c.previous) for c in stored.corrections] == [("situation", 3, "no_news")]


async def test_correcting_a_follow_up_not_recorded_is_refused(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    with pytest.raises(FollowUpNotFound):
        await correct_follow_up(
            uow=world.uow,
            actor=scene.employer,
            clock=world.clock,
            ids=world.ids,
            candidature_id=hire,
            follow_up=FollowUpFacts(3, K.POSITIVE_EXIT),
        )


async def test_staff_reads_the_exit_of_a_hire(world: World, scene: Scene) -> None:
    hire = await a_hire(world, scene)
    await record(world, scene.employer, hire)
    found = await get_exit(uow=world.uow, actor=a_staff_member(), candidature_id=hire)
    assert found.candidature_id == hire
