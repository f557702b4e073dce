"""Update notifications (movement M): a PASS IAE change after the ASP holds the record."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.approvals.suspensions import SuspensionReason, SuspensionRequest
from domain.approvals.use_cases import suspend_approval
from domain.employee_records.batches import Movement
from domain.employee_records.records import RecordNotEditable
from domain.employee_records.state_machine import RecordState
from domain.employee_records.updates import (
    TRANSITIONS,
    InvalidUpdateTransition,
    RecordUpdate,
    UpdateState,
    UpdateTransition,
)
from domain.employee_records.use_cases import (
    PassDatesKnown,
    RecordNotDeclared,
    UpdateWaiting,
    archive_employee_record,
    list_record_updates,
    tell_pass_dates_again,
)
from domain.errors import Forbidden
from domain.identity.principal import Principal
from tests.unit.employee_record_situations import (
    Crash,
    FakeBatchFiles,
    FakeTransport,
    Hire,
    a_hire,
    a_ready_hire,
    answer,
    export,
    feedback,
    stored_record,
)
from tests.unit.situations import World, a_staff_member

pytestmark = pytest.mark.anyio

PASS_END = date(2028, 3, 7)  # a PASS IAE issued on 2026-03-09 lasts 730 days


async def a_processed_hire(world: World, files: FakeBatchFiles, transport: FakeTransport) -> Hire:
    hire = await a_ready_hire(world)
    [batch] = await export(world, files, transport)
    answer(files, transport, batch.file_name, "0000")
    await feedback(world, files, transport)
    world.clock.advance(timedelta(hours=2))
    return hire


async def a_hire_with_an_update(world: World, files: FakeBatchFiles, transport: FakeTransport) -> Hire:
    """A processed hire whose PASS IAE is then suspended from 1 to 10 April: one update is new."""
    hire = await a_processed_hire(world, files, transport)
    await suspend(world, hire, date(2026, 4, 1), date(2026, 4, 10))
    return hire


async def an_interrupted_export(
    world: World, files: FakeBatchFiles, transport: FakeTransport, interruption: type[BaseException]
) -> None:
    """An export that dies: on ``ConnectionError`` the upload fails, on ``Crash``
    the process dies right after the upload."""
    transport.fail_next_upload = interruption is ConnectionError
    transport.crash_after_upload = interruption is Crash
    with pytest.raises(interruption):
        await export(world, files, transport)


async def suspend(world: World, hire: Hire, start: date, end: date) -> None:
    await suspend_approval(
        uow=world.uow,
        actor=hire.scene.employer,
        clock=world.clock,
        ids=world.ids,
        number=hire.record.approval_number,
        request=SuspensionRequest(start, end, SuspensionReason.CONTRACT_SUSPENDED),
    )


async def updates_of(world: World, hire: Hire) -> list[RecordUpdate]:
    return await list_record_updates(uow=world.uow, actor=hire.scene.employer, record_id=hire.record.id)


async def test_suspending_the_pass_of_a_processed_record_queues_an_update_with_the_new_end(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_processed_hire(world, files, transport)

    await suspend(world, hire, date(2026, 4, 1), date(2026, 4, 10))

    [update] = await updates_of(world, hire)
    assert (update.state, update.pass_start_at, update.pass_end_at) == (
        UpdateState.NEW,
        date(2026, 3, 9),
        PASS_END + timedelta(days=10),
    )


async def test_a_processed_record_archived_still_gets_the_update_of_a_later_pass_change(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_processed_hire(world, files, transport)
    await archive_employee_record(uow=world.uow, actor=hire.scene.employer, clock=world.clock, record_id=hire.record.id)

    await suspend(world, hire, date(2026, 4, 1), date(2026, 4, 10))

    [update] = await updates_of(world, hire)
    assert (update.state, update.pass_end_at) == (UpdateState.NEW, PASS_END + timedelta(days=10))


async def test_a_second_change_rewrites_the_pending_update(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_hire_with_an_update(world, files, transport)

    await suspend(world, hire, date(2026, 5, 1), date(2026, 5, 5))

    [update] = await updates_of(world, hire)
    assert update.pass_end_at == PASS_END + timedelta(days=15)


async def test_a_pass_change_before_the_record_reached_the_asp_queues_nothing(world: World) -> None:
    hire = await a_hire(world)

    await suspend(world, hire, date(2026, 4, 1), date(2026, 4, 10))

    assert await updates_of(world, hire) == []


async def test_a_pass_change_while_the_record_is_ready_goes_into_its_own_declaration(world: World) -> None:
    hire = await a_ready_hire(world)

    await suspend(world, hire, date(2026, 4, 1), date(2026, 4, 10))

    assert await updates_of(world, hire) == []
    stored = await stored_record(world, hire.record.id)
    assert (stored.state, stored.pass_end_at) == (RecordState.READY, PASS_END + timedelta(days=10))


async def test_a_pass_change_while_the_record_is_in_a_batch_being_uploaded_queues_an_update(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_ready_hire(world)
    await an_interrupted_export(world, files, transport, ConnectionError)

    await suspend(world, hire, date(2026, 4, 1), date(2026, 4, 10))

    [update] = await updates_of(world, hire)
    assert (update.state, update.pass_end_at) == (UpdateState.NEW, PASS_END + timedelta(days=10))
    stored = await stored_record(world, hire.record.id)
    assert (stored.batch_file is not None, stored.pass_end_at) == (True, PASS_END)


async def test_only_a_ready_record_in_no_batch_takes_new_pass_dates_into_its_declaration(world: World) -> None:
    new, claimed = await a_hire(world), await a_ready_hire(world)
    world.uow.employee_records.rows[claimed.record.id].claim(batch_file="RIAE_FS_20260302090000.json", line=1)

    for hire in (new, claimed):
        with pytest.raises(RecordNotEditable):
            world.uow.employee_records.rows[hire.record.id].declare_pass_dates(
                (date(2026, 3, 9), PASS_END + timedelta(days=10))
            )
    assert (await stored_record(world, claimed.record.id)).pass_end_at == PASS_END


async def test_updates_go_in_their_own_m_file_with_the_new_dates(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_hire_with_an_update(world, files, transport)
    fresh = await a_ready_hire(world)

    batches = await export(world, files, transport)

    assert [(b.movement, b.lines) for b in batches] == [(Movement.CREATION, 1), (Movement.UPDATE, 1)]
    creation, update_file = (b.file_name for b in batches)
    assert creation != update_file and transport.depot[-2:] == [creation, update_file]
    [update] = await updates_of(world, hire)
    assert files.written[update_file] == [(1, update.id)]
    assert files.written[creation] == [(1, fresh.record.id)]
    assert (update.state, update.batch_file, update.batch_line) == (UpdateState.SENT, update_file, 1)
    assert (await stored_record(world, hire.record.id)).state is RecordState.PROCESSED


async def test_feedback_on_an_m_file_processes_or_rejects_the_updates_once(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    first, second = (await a_ready_hire(world)), (await a_ready_hire(world))
    [batch] = await export(world, files, transport)
    answer(files, transport, batch.file_name, "0000", "0000")
    await feedback(world, files, transport)
    for hire in (first, second):
        await suspend(world, hire, date(2026, 4, 1), date(2026, 4, 10))
    [m_file] = await export(world, files, transport)
    answer(files, transport, m_file.file_name, "0000", "3436", movement=Movement.UPDATE)

    [applied] = await feedback(world, files, transport)
    answer(files, transport, m_file.file_name, "3436", "0000", movement=Movement.UPDATE)
    [again] = await feedback(world, files, transport)

    assert (applied.processed, applied.rejected, applied.skipped) == (1, 1, 0)
    assert (again.processed, again.rejected, again.skipped) == (0, 0, 2)
    [accepted], [refused] = await updates_of(world, first), await updates_of(world, second)
    assert (accepted.state, accepted.asp_code) == (UpdateState.PROCESSED, "0000")
    assert (refused.state, refused.asp_code, refused.asp_label) == (UpdateState.REJECTED, "3436", "libellé 3436")


async def test_a_change_while_an_update_is_in_a_batch_being_uploaded_adds_another(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_hire_with_an_update(world, files, transport)
    await an_interrupted_export(world, files, transport, ConnectionError)

    await suspend(world, hire, date(2026, 5, 1), date(2026, 5, 5))

    newest, held = await updates_of(world, hire)
    assert (held.batch_file is not None, held.pass_end_at) == (True, PASS_END + timedelta(days=10))
    assert (newest.batch_file, newest.pass_end_at) == (None, PASS_END + timedelta(days=15))


async def test_a_crash_after_uploading_an_m_file_resumes_it_under_the_same_name(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_hire_with_an_update(world, files, transport)
    await an_interrupted_export(world, files, transport, Crash)
    [held] = await updates_of(world, hire)
    assert held.state is UpdateState.NEW

    [resumed] = await export(world, files, transport)

    [update] = await updates_of(world, hire)
    assert (resumed.file_name, resumed.movement, resumed.resumed) == (held.batch_file, Movement.UPDATE, True)
    assert (update.state, update.batch_file) == (UpdateState.SENT, held.batch_file)


@pytest.mark.parametrize("state", list(UpdateState))
async def test_the_asp_answer_moves_only_a_sent_update(state: UpdateState) -> None:
    at = datetime(2026, 4, 1, 9, tzinfo=UTC)
    update = RecordUpdate(uuid4(), uuid4(), state, date(2026, 3, 9), PASS_END, created_at=at, updated_at=at)

    accepted = update.apply_answer(code="0000", label="OK", at=at)

    assert accepted is (state is UpdateState.SENT)
    assert update.state is (UpdateState.PROCESSED if accepted else state)
    sources, _ = TRANSITIONS[UpdateTransition.SEND]
    if state in sources:
        update.mark_sent(at=at)
        assert update.state is UpdateState.SENT
    else:
        with pytest.raises(InvalidUpdateTransition):
            update.mark_sent(at=at)


async def tell_again(world: World, hire: Hire, actor: Principal | None = None) -> RecordUpdate:
    return await tell_pass_dates_again(
        uow=world.uow, actor=actor or hire.scene.employer, clock=world.clock, ids=world.ids, record_id=hire.record.id
    )


async def test_after_a_rejected_update_the_employer_tells_the_current_dates_again(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_hire_with_an_update(world, files, transport)
    [m_file] = await export(world, files, transport)
    answer(files, transport, m_file.file_name, "3417", movement=Movement.UPDATE)
    await feedback(world, files, transport)

    told = await tell_again(world, hire)

    newest, rejected = await updates_of(world, hire)
    assert newest == told and rejected.state is UpdateState.REJECTED
    assert (told.state, told.batch_file, told.pass_end_at) == (UpdateState.NEW, None, PASS_END + timedelta(days=10))
    [m_again] = await export(world, files, transport)
    assert files.written[m_again.file_name] == [(1, told.id)]


async def test_telling_again_is_refused_while_the_asp_has_or_awaits_the_current_dates(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    known = await a_processed_hire(world, files, transport)
    waiting = await a_hire_with_an_update(world, files, transport)
    undeclared = await a_ready_hire(world)  # after the exports above

    for hire, refusal in ((undeclared, RecordNotDeclared), (known, PassDatesKnown), (waiting, UpdateWaiting)):
        with pytest.raises(refusal):
            await tell_again(world, hire)
    assert await updates_of(world, known) == [] and len(await updates_of(world, waiting)) == 1


async def test_staff_may_not_tell_the_asp_for_the_employer(world: World) -> None:
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_processed_hire(world, files, transport)

    with pytest.raises(Forbidden):
        await tell_again(world, hire, a_staff_member())
