"""Changing, ending early and deleting a suspension: the PASS IAE's end follows."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.approvals.approvals import Approval, ApprovalCancelledError
from domain.approvals.business_dates import InvalidPeriod
from domain.approvals.events import SuspensionChanged, SuspensionDeleted
from domain.approvals.hires import Employer
from domain.approvals.suspension_edits import SuspensionEndNotEarlier, SuspensionNotFound, SuspensionStarted
from domain.approvals.suspension_use_cases import change_suspension_end, delete_suspension, end_suspension
from domain.approvals.suspensions import (
    Suspension,
    SuspensionOverlap,
    SuspensionReason,
    SuspensionRequest,
    SuspensionTooLong,
)
from domain.approvals.use_cases import suspend_approval
from domain.companies.companies import CompanyKind
from domain.employee_records.updates import UpdateState
from domain.employee_records.use_cases import list_record_updates
from domain.errors import Forbidden
from tests.fakes.system import SequentialIds
from tests.unit.approval_situations import an_approval, stored_approval
from tests.unit.employee_record_situations import (
    FakeBatchFiles,
    FakeTransport,
    Hire,
    a_hire,
    a_ready_hire,
    answer,
    export,
    feedback,
)
from tests.unit.situations import World

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
ids = SequentialIds()
ISSUED_END = date(2027, 12, 31)  # of a PASS IAE from 2026-01-01
PASS_END = date(2028, 3, 7)  # of the PASS IAE of a hire on 2026-03-09


def suspended(start_at: date, end_at: date) -> tuple[Approval, Employer, Suspension]:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    request = SuspensionRequest(start_at, end_at, SuspensionReason.CONTRACT_SUSPENDED)
    made = approval.suspend(ids=ids, request=request, employer=employer, today=TODAY, at=AT)
    approval.events.clear()
    return approval, employer, made


def change(approval: Approval, employer: Employer, made: Suspension, end_at: date) -> Suspension:
    return approval.change_suspension_end(ids=ids, suspension_id=made.id, end_at=end_at, employer=employer, at=AT)


def test_a_later_end_moves_the_pass_end_later_by_as_many_days() -> None:
    approval, employer, made = suspended(date(2026, 3, 1), date(2026, 3, 10))

    change(approval, employer, made, date(2026, 3, 20))

    assert (made.end_at, approval.end_at) == (date(2026, 3, 20), ISSUED_END + timedelta(days=20))


def test_an_earlier_end_brings_the_pass_end_back() -> None:
    approval, employer, made = suspended(date(2026, 3, 1), date(2026, 3, 31))

    change(approval, employer, made, date(2026, 3, 5))

    assert approval.end_at == ISSUED_END + timedelta(days=5)
    assert [type(e) for e in approval.events] == [SuspensionChanged]


def test_an_end_before_its_start_is_refused() -> None:
    approval, employer, made = suspended(date(2026, 3, 1), date(2026, 3, 31))

    with pytest.raises(InvalidPeriod):
        change(approval, employer, made, date(2026, 2, 28))

    assert approval.end_at == ISSUED_END + timedelta(days=31)


def test_a_new_end_keeps_to_36_months() -> None:
    approval, employer, made = suspended(date(2026, 3, 1), date(2026, 3, 31))

    with pytest.raises(SuspensionTooLong):
        change(approval, employer, made, date(2029, 3, 1))


def test_a_new_end_may_not_run_into_the_next_suspension() -> None:
    approval, employer, made = suspended(date(2026, 3, 1), date(2026, 3, 10))
    request = SuspensionRequest(date(2026, 4, 1), date(2026, 4, 10), SuspensionReason.CONTRACT_BROKEN)
    approval.suspend(ids=ids, request=request, employer=employer, today=TODAY, at=AT)

    with pytest.raises(SuspensionOverlap):
        change(approval, employer, made, date(2026, 4, 1))


def test_only_the_company_that_created_it_changes_it() -> None:
    approval, _, made = suspended(date(2026, 3, 1), date(2026, 3, 10))
    another = Employer(company_id=uuid4(), company_kind=CompanyKind.EI, user_id=uuid4())

    with pytest.raises(Forbidden):
        change(approval, another, made, date(2026, 3, 5))


def test_an_unknown_suspension_is_not_found() -> None:
    approval, employer, _ = suspended(date(2026, 3, 1), date(2026, 3, 10))

    with pytest.raises(SuspensionNotFound):
        approval.change_suspension_end(
            ids=ids, suspension_id=uuid4(), end_at=date(2026, 3, 5), employer=employer, at=AT
        )


def test_ending_early_needs_a_day_before_its_current_end() -> None:
    approval, employer, made = suspended(date(2026, 3, 1), date(2026, 3, 10))

    with pytest.raises(SuspensionEndNotEarlier):
        approval.end_suspension(ids=ids, suspension_id=made.id, end_at=date(2026, 3, 10), employer=employer, at=AT)

    approval.end_suspension(ids=ids, suspension_id=made.id, end_at=date(2026, 3, 2), employer=employer, at=AT)
    assert approval.end_at == ISSUED_END + timedelta(days=2)


def test_a_suspension_that_has_not_started_is_deleted_and_gives_its_days_back() -> None:
    approval, employer, made = suspended(date(2026, 3, 10), date(2026, 3, 19))

    approval.delete_suspension(ids=ids, suspension_id=made.id, employer=employer, today=TODAY, at=AT)

    assert (approval.suspensions, approval.end_at) == ([], ISSUED_END)
    assert [type(e) for e in approval.events] == [SuspensionDeleted]


@pytest.mark.parametrize("start_at", [TODAY, date(2026, 2, 20)], ids=["starting-today", "under-way"])
def test_a_suspension_that_started_is_not_deleted(start_at: date) -> None:
    approval, employer, made = suspended(start_at, date(2026, 3, 19))

    with pytest.raises(SuspensionStarted):
        approval.delete_suspension(ids=ids, suspension_id=made.id, employer=employer, today=TODAY, at=AT)


def test_the_suspensions_of_a_cancelled_pass_do_not_change() -> None:
    approval, employer, made = suspended(date(2026, 3, 1), date(2026, 3, 10))
    approval.cancelled_at = AT

    with pytest.raises(ApprovalCancelledError):
        change(approval, employer, made, date(2026, 3, 5))


# -- the use cases: the ASP is told --------------------------------------------------------


async def a_processed_hire(world: World) -> Hire:
    """A hire whose employee record the ASP holds."""
    files, transport = FakeBatchFiles(), FakeTransport()
    hire = await a_ready_hire(world)
    [batch] = await export(world, files, transport)
    answer(files, transport, batch.file_name, "0000")
    await feedback(world, files, transport)
    return hire


async def suspend(world: World, hire: Hire, start: date, end: date) -> Suspension:
    view = await suspend_approval(
        uow=world.uow,
        actor=hire.scene.employer,
        clock=world.clock,
        ids=world.ids,
        number=hire.record.approval_number,
        request=SuspensionRequest(start, end, SuspensionReason.CONTRACT_SUSPENDED),
    )
    return next(s for s in view.approval.suspensions if s.start_at == start)


async def test_ending_early_today_tells_the_asp_the_new_end(world: World) -> None:
    hire = await a_processed_hire(world)
    made = await suspend(world, hire, date(2026, 3, 10), date(2026, 4, 30))
    world.clock.at = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)

    view = await end_suspension(
        uow=world.uow,
        actor=hire.scene.employer,
        clock=world.clock,
        ids=world.ids,
        number=hire.record.approval_number,
        suspension_id=made.id,
    )

    assert view.approval.suspensions[0].end_at == date(2026, 3, 20)
    [update] = await list_record_updates(uow=world.uow, actor=hire.scene.employer, record_id=hire.record.id)
    assert (update.state, update.pass_end_at) == (UpdateState.NEW, PASS_END + timedelta(days=11))


async def test_deleting_and_changing_are_committed(world: World) -> None:
    hire = await a_hire(world)
    number = hire.record.approval_number
    first = await suspend(world, hire, date(2026, 4, 1), date(2026, 4, 10))
    second = await suspend(world, hire, date(2026, 5, 1), date(2026, 5, 10))
    common = {"uow": world.uow, "actor": hire.scene.employer, "clock": world.clock, "ids": world.ids, "number": number}

    await delete_suspension(**common, suspension_id=first.id)  # type: ignore[arg-type]
    await change_suspension_end(**common, suspension_id=second.id, end_at=date(2026, 5, 3))  # type: ignore[arg-type]

    stored = await stored_approval(world, number)
    assert [(s.start_at, s.end_at) for s in stored.suspensions] == [(date(2026, 5, 1), date(2026, 5, 3))]
    assert stored.end_at == PASS_END + timedelta(days=3)
