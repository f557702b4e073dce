"""Status and remaining days of a PASS IAE, and what a hire does to it."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.approvals.approvals import Approval, ApprovalCancelledError, ApprovalStatus
from domain.approvals.events import ApprovalIssued, ApprovalReused
from domain.approvals.numbers import PassNumber
from domain.approvals.suspensions import SuspensionReason, SuspensionRequest
from domain.errors import NotFound
from tests.fakes.system import SequentialIds
from tests.unit.approval_situations import an_approval

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ids = SequentialIds()


def test_a_new_pass_lasts_730_days_from_the_hiring_start() -> None:
    approval, _ = an_approval(start_at=date(2025, 3, 2))

    assert (approval.start_at, approval.end_at) == (date(2025, 3, 2), date(2027, 3, 1))
    assert approval.remaining_days_on(date(2025, 3, 2)) == 730


def test_a_pass_lasts_730_days_even_across_a_29_february() -> None:
    approval, _ = an_approval(start_at=date(2026, 3, 2))

    assert approval.end_at == date(2028, 2, 29)


def test_issuing_records_the_hire_and_an_event() -> None:
    approval, employer = an_approval()
    issued = Approval.issue(
        ids=ids,
        number=PassNumber("999990000002"),
        job_seeker_id=approval.job_seeker_id,
        rank=2,
        hiring_start=date(2026, 3, 2),
        diagnosis_id=uuid4(),
        company_id=employer.company_id,
        candidature_id=approval.issued_by_candidature_id,
        at=AT,
    )

    assert [h.company_id for h in issued.hires] == [employer.company_id]
    assert [type(e) for e in issued.events] == [ApprovalIssued]


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2026, 3, 1), ApprovalStatus.FUTURE),
        (date(2026, 3, 2), ApprovalStatus.VALID),
        (date(2028, 2, 29), ApprovalStatus.VALID),
        (date(2028, 3, 1), ApprovalStatus.EXPIRED),
    ],
)
def test_the_status_follows_the_dates(day: date, status: ApprovalStatus) -> None:
    approval, _ = an_approval(start_at=date(2026, 3, 2))

    assert approval.status_on(day) is status


def test_a_pass_is_suspended_on_the_days_of_a_suspension() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    request = SuspensionRequest(date(2026, 2, 1), date(2026, 2, 28), SuspensionReason.CONTRACT_SUSPENDED)
    approval.suspend(ids=ids, request=request, employer=employer, today=date(2026, 3, 2), at=AT)

    assert approval.status_on(date(2026, 2, 10)) is ApprovalStatus.SUSPENDED
    assert approval.status_on(date(2026, 3, 1)) is ApprovalStatus.VALID


def test_remaining_days_count_from_today_both_ends_included() -> None:
    approval, _ = an_approval(start_at=date(2026, 3, 2))

    assert approval.remaining_days_on(date(2028, 2, 29)) == 1
    assert approval.remaining_days_on(date(2027, 3, 2)) == 365


def test_a_future_pass_has_all_its_days_left() -> None:
    approval, _ = an_approval(start_at=date(2026, 6, 1))

    assert approval.remaining_days_on(date(2026, 3, 2)) == 730


def test_remaining_days_leave_out_the_suspended_days_to_come() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    request = SuspensionRequest(date(2026, 3, 1), date(2026, 3, 10), SuspensionReason.CONTRACT_SUSPENDED)
    approval.suspend(ids=ids, request=request, employer=employer, today=date(2026, 3, 1), at=AT)
    # 730 days from 1 January 2026, plus 10 suspended: ends 10 January 2028.

    assert approval.end_at == date(2028, 1, 10)
    assert approval.remaining_days_on(date(2026, 3, 5)) == (date(2028, 1, 10) - date(2026, 3, 5)).days + 1 - 6


def test_an_expired_pass_has_no_day_left() -> None:
    approval, _ = an_approval(start_at=date(2024, 1, 1))

    assert approval.remaining_days_on(date(2026, 3, 2)) == 0


def test_reusing_a_pass_keeps_its_dates_and_records_the_hire() -> None:
    approval, _ = an_approval(start_at=date(2026, 1, 1))
    other_company, candidature = uuid4(), uuid4()

    approval.reuse_for_hire(
        ids=ids, company_id=other_company, candidature_id=candidature, hiring_start=date(2026, 6, 1), at=AT
    )

    assert (approval.start_at, approval.end_at) == (date(2026, 1, 1), date(2027, 12, 31))
    assert approval.is_hired_by(other_company)
    assert [type(e) for e in approval.events] == [ApprovalReused]


def test_a_hire_during_a_suspension_ends_it_the_day_before() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    request = SuspensionRequest(date(2026, 2, 1), date(2026, 4, 30), SuspensionReason.CONTRACT_BROKEN)
    approval.suspend(ids=ids, request=request, employer=employer, today=date(2026, 3, 1), at=AT)

    approval.reuse_for_hire(ids=ids, company_id=uuid4(), candidature_id=uuid4(), hiring_start=date(2026, 3, 1), at=AT)

    assert [(s.start_at, s.end_at) for s in approval.suspensions] == [(date(2026, 2, 1), date(2026, 2, 28))]
    assert approval.end_at == date(2027, 12, 31) + timedelta(days=28)


def test_a_hire_on_the_first_day_of_a_suspension_removes_it() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    request = SuspensionRequest(date(2026, 2, 1), date(2026, 4, 30), SuspensionReason.CONTRACT_BROKEN)
    approval.suspend(ids=ids, request=request, employer=employer, today=date(2026, 3, 1), at=AT)

    approval.reuse_for_hire(ids=ids, company_id=uuid4(), candidature_id=uuid4(), hiring_start=date(2026, 2, 1), at=AT)

    assert approval.suspensions == []
    assert approval.end_at == date(2027, 12, 31)


def test_releasing_the_hire_that_issued_a_pass_cancels_it() -> None:
    approval, _ = an_approval()

    approval.release_hire(candidature_id=approval.issued_by_candidature_id, at=AT)

    assert approval.cancelled_at == AT
    assert approval.status_on(date(2026, 3, 2)) is ApprovalStatus.CANCELLED
    assert approval.remaining_days_on(date(2026, 3, 2)) == 0


def test_a_pass_another_hire_uses_is_not_cancelled_with_its_first_hire() -> None:
    approval, _ = an_approval(start_at=date(2026, 1, 1))
    approval.reuse_for_hire(ids=ids, company_id=uuid4(), candidature_id=uuid4(), hiring_start=date(2026, 6, 1), at=AT)

    approval.release_hire(candidature_id=approval.issued_by_candidature_id, at=AT)

    assert approval.cancelled_at is None


def test_releasing_a_reuse_leaves_the_pass_to_its_first_hire() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    reuse = uuid4()
    approval.reuse_for_hire(ids=ids, company_id=uuid4(), candidature_id=reuse, hiring_start=date(2026, 6, 1), at=AT)

    approval.release_hire(candidature_id=reuse, at=AT)

    assert approval.cancelled_at is None
    assert [h.company_id for h in approval.hires if h.is_active] == [employer.company_id]


def test_releasing_a_hire_the_pass_does_not_have_is_not_found() -> None:
    approval, _ = an_approval()

    with pytest.raises(NotFound):
        approval.release_hire(candidature_id=uuid4(), at=AT)


def test_a_cancelled_pass_is_not_reused() -> None:
    approval, _ = an_approval()
    approval.release_hire(candidature_id=approval.issued_by_candidature_id, at=AT)

    with pytest.raises(ApprovalCancelledError):
        approval.reuse_for_hire(
            ids=ids, company_id=uuid4(), candidature_id=uuid4(), hiring_start=date(2026, 3, 2), at=AT
        )


def test_every_change_bumps_the_version() -> None:
    approval, _ = an_approval(start_at=date(2026, 1, 1))
    before = approval.version

    approval.reuse_for_hire(ids=ids, company_id=uuid4(), candidature_id=uuid4(), hiring_start=date(2026, 6, 1), at=AT)

    assert approval.version == before + 1
