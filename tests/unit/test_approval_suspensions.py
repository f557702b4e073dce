"""Suspending a PASS IAE: the rules of DOMAIN.md "PASS IAE"."""

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.approvals.approvals import Approval, ApprovalCancelledError
from domain.approvals.business_dates import InvalidPeriod
from domain.approvals.events import ApprovalSuspended
from domain.approvals.hires import Employer
from domain.approvals.suspensions import (
    Suspension,
    SuspensionOutsideValidity,
    SuspensionOverlap,
    SuspensionReason,
    SuspensionReasonNotAllowed,
    SuspensionRequest,
    SuspensionStartTooOld,
    SuspensionTooLong,
)
from domain.companies.companies import CompanyKind
from tests.fakes.system import SequentialIds
from tests.unit.approval_situations import an_approval

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
ids = SequentialIds()


def suspension(
    start_at: date, end_at: date, reason: SuspensionReason = SuspensionReason.CONTRACT_SUSPENDED
) -> SuspensionRequest:
    return SuspensionRequest(start_at, end_at, reason)


def suspend(approval: Approval, employer: Employer, request: SuspensionRequest, *, today: date = TODAY) -> Suspension:
    return approval.suspend(ids=ids, request=request, employer=employer, today=today, at=AT)


def test_a_suspension_moves_the_end_date_by_its_days() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))

    suspend(approval, employer, suspension(date(2026, 3, 1), date(2026, 3, 31)))

    assert approval.end_at == date(2027, 12, 31) + timedelta(days=31)


def test_a_suspension_records_an_event() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))

    made = suspend(approval, employer, suspension(date(2026, 3, 1), date(2026, 3, 31)))

    assert approval.events == [
        ApprovalSuspended(
            approval.events[0].event_id,  # type: ignore[attr-defined]
            AT,
            approval.number,
            made.id,
            date(2026, 3, 1),
            date(2026, 3, 31),
            "contract_suspended",
        )
    ]


def test_a_suspension_lasts_at_most_36_months() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))

    suspend(approval, employer, suspension(date(2026, 3, 1), date(2029, 2, 28)))
    with pytest.raises(SuspensionTooLong):
        suspend(approval, employer, suspension(date(2029, 3, 1), date(2032, 3, 1)), today=date(2029, 3, 1))


def test_a_suspension_starts_at_most_365_days_ago() -> None:
    approval, employer = an_approval(start_at=date(2025, 1, 1))

    suspend(approval, employer, suspension(TODAY - timedelta(days=365), TODAY - timedelta(days=300)))
    with pytest.raises(SuspensionStartTooOld):
        suspend(approval, employer, suspension(TODAY - timedelta(days=366), TODAY - timedelta(days=366)))


def test_a_suspension_ends_after_it_starts() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))

    with pytest.raises(InvalidPeriod):
        suspend(approval, employer, suspension(date(2026, 3, 10), date(2026, 3, 9)))


def test_suspensions_of_one_pass_never_overlap() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    suspend(approval, employer, suspension(date(2026, 2, 1), date(2026, 2, 28)))

    with pytest.raises(SuspensionOverlap):
        suspend(approval, employer, suspension(date(2026, 2, 28), date(2026, 3, 15)))


def test_suspensions_may_follow_each_other() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    suspend(approval, employer, suspension(date(2026, 2, 1), date(2026, 2, 28)))

    suspend(approval, employer, suspension(date(2026, 3, 1), date(2026, 3, 15)))

    assert [s.start_at for s in approval.suspensions] == [date(2026, 2, 1), date(2026, 3, 1)]


def test_a_suspension_starts_within_the_validity_of_the_pass() -> None:
    approval, employer = an_approval(start_at=date(2026, 2, 1))

    with pytest.raises(SuspensionOutsideValidity):
        suspend(approval, employer, suspension(date(2026, 1, 15), date(2026, 2, 15)))


@pytest.mark.parametrize("kind", [CompanyKind.EI, CompanyKind.ACI])
def test_the_contrat_passerelle_suspends_in_an_ei_or_an_aci(kind: CompanyKind) -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1), kind=kind)

    suspend(approval, employer, suspension(date(2026, 3, 1), date(2026, 6, 1), SuspensionReason.CONTRAT_PASSERELLE))

    assert approval.suspensions[0].reason is SuspensionReason.CONTRAT_PASSERELLE


@pytest.mark.parametrize("kind", [CompanyKind.AI, CompanyKind.ETTI, CompanyKind.EITI])
def test_the_contrat_passerelle_is_refused_elsewhere(kind: CompanyKind) -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1), kind=kind)

    with pytest.raises(SuspensionReasonNotAllowed):
        suspend(approval, employer, suspension(date(2026, 3, 1), date(2026, 6, 1), SuspensionReason.CONTRAT_PASSERELLE))


def test_a_cancelled_pass_is_not_suspended() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    approval.release_hire(candidature_id=approval.issued_by_candidature_id, at=AT)

    with pytest.raises(ApprovalCancelledError):
        suspend(approval, employer, suspension(date(2026, 3, 1), date(2026, 3, 31)))
