from collections.abc import Callable
from datetime import timedelta

import pytest

from domain.employee_records.batches import batch_file_name
from domain.employee_records.state_machine import RecordState
from domain.employee_records.use_cases import make_record_ready, revise_employee_record
from tests.unit.employee_record_situations import (
    Crash,
    FakeAspReferentials,
    FakeBatchFiles,
    FakeTransport,
    Hire,
    a_ready_hire,
    answer,
    export,
    feedback,
    stored_record,
)
from tests.unit.situations import World

# Marked before collection: the conftest's late anyio mark drops parametrized arguments.
pytestmark = pytest.mark.anyio


async def test_export_uploads_ready_records_and_marks_them_sent_with_file_and_line(world: World) -> None:
    first, second = await a_ready_hire(world), await a_ready_hire(world)
    files, transport = FakeBatchFiles(), FakeTransport()
    FILE = batch_file_name(world.clock.now())

    batches = await export(world, files, transport)

    assert [(b.file_name, b.lines) for b in batches] == [(FILE, 2)]
    assert transport.depot == [FILE]
    assert files.written[FILE] == [(1, first.record.id), (2, second.record.id)]
    stored = await stored_record(world, second.record.id)
    assert (stored.state, stored.batch_file, stored.batch_line) == (RecordState.SENT, FILE, 2)


async def test_nothing_ready_uploads_nothing(world: World) -> None:
    transport = FakeTransport()
    assert await export(world, FakeBatchFiles(), transport) == []
    assert transport.depot == []


@pytest.fixture
def max_lines(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Batches of a few lines instead of 700, for runs of several batches."""
    from domain.employee_records import export as module

    return lambda lines: monkeypatch.setattr(module, "MAX_LINES", lines)


async def test_a_batch_holds_at_most_700_lines(world: World, max_lines: Callable[[int], None]) -> None:
    hires = [await a_ready_hire(world) for _ in range(3)]
    max_lines(2)
    batches = await export(world, FakeBatchFiles(), FakeTransport(), max_batches=5)
    assert [b.lines for b in batches] == [2, 1]
    assert batches[0].file_name != batches[1].file_name
    assert {(await stored_record(world, h.record.id)).state for h in hires} == {RecordState.SENT}


@pytest.mark.parametrize("side_by_side_writes", [False, True])
async def test_a_run_plans_at_most_max_batches_named_after_consecutive_seconds(
    world: World, max_lines: Callable[[int], None], side_by_side_writes: bool
) -> None:
    hires = [await a_ready_hire(world) for _ in range(3)]
    max_lines(1)
    batches = await export(
        world, FakeBatchFiles(), FakeTransport(), max_batches=2, side_by_side_writes=side_by_side_writes
    )
    now = world.clock.now()
    assert [b.file_name for b in batches] == [batch_file_name(now), batch_file_name(now + timedelta(seconds=1))]
    states = [(await stored_record(world, h.record.id)).state for h in hires]
    assert sorted(states) == [RecordState.READY, RecordState.SENT, RecordState.SENT]


async def test_a_failed_upload_leaves_the_records_ready_and_the_batch_to_resume(world: World) -> None:
    hire = await a_ready_hire(world)
    files, transport = FakeBatchFiles(), FakeTransport()
    transport.fail_next_upload = True
    FILE = batch_file_name(world.clock.now())

    with pytest.raises(ConnectionError):
        await export(world, files, transport)

    assert (await stored_record(world, hire.record.id)).state is RecordState.READY
    batches = await export(world, files, transport)
    assert [(b.file_name, b.resumed) for b in batches] == [(FILE, True)]
    assert (await stored_record(world, hire.record.id)).state is RecordState.SENT


@pytest.mark.parametrize("side_by_side_writes", [False, True])
async def test_an_upload_failing_mid_run_leaves_its_batch_and_the_one_planned_meanwhile_to_resume(
    world: World, max_lines: Callable[[int], None], side_by_side_writes: bool
) -> None:
    hires = [await a_ready_hire(world) for _ in range(3)]
    max_lines(1)
    files, transport = FakeBatchFiles(), FakeTransport()
    upload = transport.upload

    async def fail_the_second(file_name: str) -> None:
        transport.fail_next_upload = len(transport.depot) == 1
        await upload(file_name)

    transport.upload = fail_the_second  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await export(world, files, transport, max_batches=3, side_by_side_writes=side_by_side_writes)
    states = [(await stored_record(world, h.record.id)).state for h in hires]
    assert sorted(states) == [RecordState.READY, RecordState.READY, RecordState.SENT]

    transport.upload = upload  # type: ignore[method-assign]
    resumed = await export(world, files, transport, max_batches=3, side_by_side_writes=side_by_side_writes)

    assert [b.resumed for b in resumed] == [True, True]
    for hire in hires:
        stored = await stored_record(world, hire.record.id)
        holding = [name for name, lines in files.written.items() if any(r == hire.record.id for _, r in lines)]
        assert (stored.state, [stored.batch_file]) == (RecordState.SENT, holding)


async def a_crash_after_the_upload(world: World, files: FakeBatchFiles, transport: FakeTransport) -> str:
    """An export that dies right after uploading its batch; the batch's file name."""
    transport.crash_after_upload = True
    planned = batch_file_name(world.clock.now())
    with pytest.raises(Crash):
        await export(world, files, transport)
    return planned


async def test_a_crash_after_the_upload_resumes_the_same_file_and_never_plans_the_record_again(world: World) -> None:
    hire = await a_ready_hire(world)
    files, transport = FakeBatchFiles(), FakeTransport()
    FILE = await a_crash_after_the_upload(world, files, transport)
    world.clock.advance(timedelta(minutes=5))
    await a_ready_hire(world)

    batches = await export(world, files, transport)

    assert (batches[0].file_name, batches[0].resumed) == (FILE, True)
    holding = [name for name, lines in files.written.items() if any(r == hire.record.id for _, r in lines)]
    assert holding == [FILE]
    stored = await stored_record(world, hire.record.id)
    assert (stored.state, stored.batch_file) == (RecordState.SENT, FILE)


async def test_an_answer_to_a_batch_a_crash_left_planned_settles_it_and_it_is_not_uploaded_again(
    world: World,
) -> None:
    hire = await a_ready_hire(world)
    files, transport = FakeBatchFiles(), FakeTransport()
    FILE = await a_crash_after_the_upload(world, files, transport)
    answer(files, transport, FILE, "0000")

    [applied] = await feedback(world, files, transport)
    again = await export(world, files, transport)

    assert (applied.processed, applied.skipped, again) == (1, 0, [])
    stored = await stored_record(world, hire.record.id)
    assert (stored.state, stored.batch_file, stored.batch_line) == (RecordState.PROCESSED, FILE, 1)
    assert transport.depot == [FILE]


async def test_feedback_processes_accepted_lines_and_rejects_the_others(world: World) -> None:
    hires = [await a_ready_hire(world) for _ in range(3)]
    files, transport = FakeBatchFiles(), FakeTransport()
    [batch] = await export(world, files, transport)
    answer(files, transport, batch.file_name, "0000", "3436", "3417")

    [applied] = await feedback(world, files, transport)

    assert (applied.processed, applied.rejected, applied.skipped) == (2, 1, 0)
    states = [await stored_record(world, h.record.id) for h in hires]
    assert [(r.state, r.processed_as_duplicate) for r in states] == [
        (RecordState.PROCESSED, False),
        (RecordState.PROCESSED, True),
        (RecordState.REJECTED, False),
    ]
    assert (states[2].asp_code, states[2].asp_label) == ("3417", "libellé 3417")
    assert transport.retrait == {}


async def test_a_rejection_emails_the_admins_of_the_company(world: World) -> None:
    hire = await a_ready_hire(world)
    files, transport = FakeBatchFiles(), FakeTransport()
    [batch] = await export(world, files, transport)
    answer(files, transport, batch.file_name, "3417")

    await feedback(world, files, transport)

    messages = [m for m in world.uow.outbox.rows.values() if m.event_type == "EmployeeRecordRejected"]
    assert [m.template for m in messages] == ["employee_record_rejected"]
    assert messages[0].context["employee_record_id"] == str(hire.record.id)


async def test_applying_the_same_feedback_twice_changes_nothing(world: World) -> None:
    hire = await a_ready_hire(world)
    files, transport = FakeBatchFiles(), FakeTransport()
    [batch] = await export(world, files, transport)
    answer(files, transport, batch.file_name, "3417")
    await feedback(world, files, transport)
    before = await stored_record(world, hire.record.id)
    answer(files, transport, batch.file_name, "0000")

    [again] = await feedback(world, files, transport)

    assert (again.processed, again.rejected, again.skipped) == (0, 0, 1)
    assert await stored_record(world, hire.record.id) == before
    rejections = [m for m in world.uow.outbox.rows.values() if m.event_type == "EmployeeRecordRejected"]
    assert len(rejections) == 1


async def test_a_fixed_rejected_record_goes_in_a_new_batch(world: World) -> None:
    hire = await a_ready_hire(world)
    files, transport = FakeBatchFiles(), FakeTransport()
    [batch] = await export(world, files, transport)
    answer(files, transport, batch.file_name, "3417")
    await feedback(world, files, transport)
    await _fix_and_ready(world, hire)
    world.clock.advance(timedelta(hours=2))

    [again] = await export(world, files, transport)

    assert again.file_name == batch_file_name(world.clock.now()) != batch.file_name
    stored = await stored_record(world, hire.record.id)
    assert (stored.state, stored.batch_file, stored.batch_line) == (RecordState.SENT, again.file_name, 1)


async def _fix_and_ready(world: World, hire: Hire) -> None:
    common = {
        "uow": world.uow,
        "actor": hire.scene.employer,
        "clock": world.clock,
        "referentials": FakeAspReferentials(),
    }
    await revise_employee_record(**common, record_id=hire.record.id, changes={"address_commune": "75056"})  # type: ignore[arg-type]
    await make_record_ready(**common, record_id=hire.record.id)  # type: ignore[arg-type]
