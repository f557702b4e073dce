"""Changing the dates of a hire, and what its PASS IAE does then."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.approvals.approvals import Approval
from domain.approvals.events import ApprovalMoved
from domain.approvals.hire_dates import HireOutsideApproval, SuspensionBlocksMove
from domain.approvals.prolongations import ProlongationAsk, ProlongationReason
from domain.approvals.suspensions import SuspensionReason, SuspensionRequest
from domain.candidatures.candidatures import Hiring, InvalidHiringDates, NotHired
from domain.candidatures.hiring import change_hiring_dates
from domain.candidatures.state_machine import CandidatureState
from domain.companies.job_postings import ContractType
from domain.employee_records.opening import RecordAlreadySent
from tests.fakes.system import SequentialIds
from tests.unit.approval_situations import an_approval, stored_approval
from tests.unit.candidature_situations import a_candidature, a_posting, a_scene, stored_candidature
from tests.unit.employee_record_situations import HIRING_START, Hire, a_hire, a_ready_hire, stored_record
from tests.unit.situations import World

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
ids = SequentialIds()


def a_future_pass(start_at: date = date(2026, 3, 9)) -> Approval:
    approval, _ = an_approval(start_at=start_at)
    return approval


def move(approval: Approval, hiring_start: date, *, candidature_id=None, today: date = TODAY) -> bool:  # type: ignore[no-untyped-def]
    return approval.move_hire(
        ids=ids,
        candidature_id=candidature_id or approval.issued_by_candidature_id,
        hiring_start=hiring_start,
        today=today,
        at=AT,
    )


def test_a_pass_not_started_starts_with_its_hire_and_keeps_its_length() -> None:
    approval = a_future_pass(date(2026, 3, 9))

    assert move(approval, date(2026, 3, 23)) is True

    assert (approval.start_at, approval.end_at) == (date(2026, 3, 23), date(2028, 3, 21))
    assert approval.hires[0].hiring_start == date(2026, 3, 23)
    assert [type(e) for e in approval.events] == [ApprovalMoved]


def test_its_prolongations_and_suspensions_keep_it_consistent() -> None:
    approval, employer = an_approval(start_at=date(2026, 3, 9))
    request = SuspensionRequest(date(2026, 6, 1), date(2026, 6, 10), SuspensionReason.CONTRACT_SUSPENDED)
    approval.suspend(ids=ids, request=request, employer=employer, today=TODAY, at=AT)
    ask = ProlongationAsk(ProlongationReason.COMPLETE_TRAINING, approval.end_at + timedelta(days=100))
    prolongation = approval.request_prolongation(ids=ids, ask=ask, employer=employer, age=None, at=AT)
    length = (approval.end_at - approval.start_at).days

    move(approval, date(2026, 3, 16))

    assert (approval.end_at - approval.start_at).days == length
    assert prolongation.end_at == approval.end_at
    assert prolongation.start_at == approval.end_at - timedelta(days=99)
    assert approval.suspensions[0].start_at == date(2026, 6, 1)


def test_a_suspension_left_before_the_new_start_blocks_the_move() -> None:
    approval, employer = an_approval(start_at=date(2026, 3, 9))
    request = SuspensionRequest(date(2026, 3, 10), date(2026, 3, 20), SuspensionReason.CONTRACT_SUSPENDED)
    approval.suspend(ids=ids, request=request, employer=employer, today=TODAY, at=AT)

    with pytest.raises(SuspensionBlocksMove):
        move(approval, date(2026, 3, 16))

    assert approval.start_at == date(2026, 3, 9)


def test_a_started_pass_keeps_its_dates_and_the_new_start_stays_within_them() -> None:
    approval = a_future_pass(date(2026, 3, 1))

    assert move(approval, date(2026, 3, 5)) is False

    assert (approval.start_at, approval.hires[0].hiring_start) == (date(2026, 3, 1), date(2026, 3, 5))
    with pytest.raises(HireOutsideApproval):
        move(approval, date(2026, 2, 27))


def test_a_pass_another_hire_issued_keeps_its_dates_until_its_end() -> None:
    approval = a_future_pass(date(2026, 3, 9))
    reuse = uuid4()
    approval.reuse_for_hire(ids=ids, company_id=uuid4(), candidature_id=reuse, hiring_start=date(2026, 4, 1), at=AT)

    assert move(approval, date(2026, 3, 1), candidature_id=reuse) is False
    assert approval.start_at == date(2026, 3, 9)
    with pytest.raises(HireOutsideApproval):
        move(approval, approval.end_at + timedelta(days=1), candidature_id=reuse)


def test_a_pass_shared_with_another_hire_does_not_move() -> None:
    approval = a_future_pass(date(2026, 3, 9))
    approval.reuse_for_hire(ids=ids, company_id=uuid4(), candidature_id=uuid4(), hiring_start=date(2026, 4, 1), at=AT)

    assert move(approval, date(2026, 3, 16)) is False
    assert approval.start_at == date(2026, 3, 9)


# -- the use case --------------------------------------------------------------------------


async def change(world: World, hire: Hire, start: date, end: date | None = None):  # type: ignore[no-untyped-def]
    return await change_hiring_dates(
        uow=world.uow,
        actor=hire.scene.employer,
        clock=world.clock,
        ids=world.ids,
        candidature_id=hire.candidature_id,
        hiring=Hiring(start, end),
    )


async def test_a_hire_not_started_moves_with_its_pass(world: World) -> None:
    hire = await a_hire(world)

    await change(world, hire, HIRING_START + timedelta(days=14), HIRING_START + timedelta(days=200))

    candidature = await stored_candidature(world, hire.candidature_id)
    assert (candidature.hiring_start_at, candidature.hiring_end_at) == (date(2026, 3, 23), date(2026, 9, 25))
    approval = await stored_approval(world, hire.record.approval_number)
    assert (approval.start_at, approval.end_at) == (date(2026, 3, 23), date(2028, 3, 21))


async def test_a_ready_record_declares_the_new_pass_dates(world: World) -> None:
    hire = await a_ready_hire(world)

    await change(world, hire, date(2026, 3, 16))

    record = await stored_record(world, hire.record.id)
    assert (record.pass_start_at, record.pass_end_at) == (date(2026, 3, 16), date(2028, 3, 14))


async def test_a_hire_whose_record_went_to_the_asp_keeps_its_dates(world: World) -> None:
    hire = await a_ready_hire(world)
    async with world.uow as uow:
        await uow.employee_records.claim_batch(batch_file="RIAE_FS_20260302090000.json", limit=700)
        await uow.commit()

    with pytest.raises(RecordAlreadySent):
        await change(world, hire, date(2026, 3, 16))

    assert (await stored_approval(world, hire.record.approval_number)).start_at == HIRING_START


async def test_only_an_accepted_candidature_has_hiring_dates(world: World) -> None:
    scene = await a_scene(world)
    candidature = await a_candidature(
        world, job_seeker=scene.job_seeker, company=scene.company, state=CandidatureState.PROCESSING
    )

    with pytest.raises(NotHired):
        await change_hiring_dates(
            uow=world.uow,
            actor=scene.employer,
            clock=world.clock,
            ids=world.ids,
            candidature_id=candidature.id,
            hiring=Hiring(date(2026, 3, 16)),
        )


async def test_a_fixed_term_hire_keeps_an_end(world: World) -> None:
    scene = await a_scene(world)
    posting = await a_posting(world, scene.company, contract_type=ContractType.FIXED_TERM_I)
    candidature = await a_candidature(
        world,
        job_seeker=scene.job_seeker,
        company=scene.company,
        state=CandidatureState.ACCEPTED,
        job_posting_ids=(posting.id,),
    )

    with pytest.raises(InvalidHiringDates):
        await change_hiring_dates(
            uow=world.uow,
            actor=scene.employer,
            clock=world.clock,
            ids=world.ids,
            candidature_id=candidature.id,
            hiring=Hiring(date(2026, 3, 16)),
        )
