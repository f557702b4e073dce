"""Archiving an employee record the employer will not send or follow any more."""

import pytest

from domain.employee_records.records import RecordNotEditable
from domain.employee_records.state_machine import InvalidRecordTransition, RecordState, RecordTransition
from domain.employee_records.use_cases import archive_employee_record
from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal
from tests.unit.candidature_situations import an_employer
from tests.unit.employee_record_situations import (
    FakeBatchFiles,
    FakeTransport,
    Hire,
    a_hire,
    a_ready_hire,
    export,
    stored_record,
)
from tests.unit.situations import World, a_company, a_staff_member

pytestmark = pytest.mark.anyio


async def archive(world: World, hire: Hire, actor: Principal | None = None) -> None:
    await archive_employee_record(
        uow=world.uow, actor=actor or hire.scene.employer, clock=world.clock, record_id=hire.record.id
    )


async def test_the_employer_archives_a_new_record_and_its_history_says_who(world: World) -> None:
    hire = await a_hire(world)

    await archive(world, hire)

    stored = await stored_record(world, hire.record.id)
    assert stored.state is RecordState.ARCHIVED
    last = stored.history[-1]
    assert (last.transition, last.from_state, last.actor_id) == (
        RecordTransition.ARCHIVE,
        RecordState.NEW,
        hire.scene.employer.user_id,
    )


async def test_a_ready_record_archived_is_left_out_of_the_next_export(world: World) -> None:
    archived, kept = await a_ready_hire(world), await a_ready_hire(world)

    await archive(world, archived)
    [batch] = await export(world, FakeBatchFiles(), FakeTransport())

    assert (await stored_record(world, kept.record.id)).state is RecordState.SENT
    assert (await stored_record(world, archived.record.id)).state is RecordState.ARCHIVED
    assert batch.lines == 1


async def test_a_record_held_by_a_batch_being_uploaded_cannot_be_archived(world: World) -> None:
    hire = await a_ready_hire(world)
    world.uow.employee_records.rows[hire.record.id].claim(batch_file="RIAE_FS_20260302090000.json", line=1)

    with pytest.raises(RecordNotEditable):
        await archive(world, hire)
    assert (await stored_record(world, hire.record.id)).state is RecordState.READY


async def test_a_sent_record_waits_for_the_asp_answer_and_an_archived_one_stays_archived(world: World) -> None:
    sent, archived = await a_ready_hire(world), await a_hire(world)
    await export(world, FakeBatchFiles(), FakeTransport())
    await archive(world, archived)

    for hire in (sent, archived):
        with pytest.raises(InvalidRecordTransition):
            await archive(world, hire)
    assert (await stored_record(world, sent.record.id)).state is RecordState.SENT


async def test_staff_may_not_archive_and_another_company_does_not_see_the_record(world: World) -> None:
    hire = await a_hire(world)
    stranger = await an_employer(world, await a_company(world))

    with pytest.raises(Forbidden):
        await archive(world, hire, a_staff_member())
    with pytest.raises(NotFound):
        await archive(world, hire, stranger)
    assert (await stored_record(world, hire.record.id)).state is RecordState.NEW
