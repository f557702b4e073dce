"""Dates stay plausible (DOMAIN.md, "Input rules"): inputs within 1900-2100,
hires from today to 6 months ahead (a GEIQ may declare one begun), and a
date computed past the calendar's end is a named rule, never an OverflowError."""

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.approvals.approvals import Approval
from domain.approvals.numbers import PassNumber
from domain.approvals.prolongations import ProlongationAsk, ProlongationReason
from domain.approvals.suspensions import SuspensionReason, SuspensionRequest
from domain.candidatures.candidatures import Hiring
from domain.candidatures.hiring_window import HiringStartInThePast, HiringStartTooFarAhead, check_hiring_window
from domain.companies.companies import CompanyKind
from domain.dates import DateOverflow, ImplausibleDate, add_days, add_months, ensure_plausible
from domain.indicators.reports import Period
from tests.fakes.system import SequentialIds
from tests.unit.approval_situations import an_approval

TODAY = date(2026, 3, 2)
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LAST_DAY = date.max  # 9999-12-31


def pointers(error: pytest.ExceptionInfo[Exception]) -> list[str]:
    return [e.pointer for e in getattr(error.value, "errors", [])]


# -- the plausible window ----------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2101, 1, 1), date.min, date.max])
def test_a_date_outside_1900_2100_is_implausible(day: date) -> None:
    with pytest.raises(ImplausibleDate) as refused:
        ensure_plausible(day, pointer="/birthdate")
    assert pointers(refused) == ["/birthdate"]


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2100, 12, 31)])
def test_the_bounds_themselves_are_plausible(day: date) -> None:
    assert ensure_plausible(day, pointer="/birthdate") == day


def test_an_indicator_period_is_plausible_and_in_order() -> None:
    with pytest.raises(ImplausibleDate) as refused:
        Period(date(1899, 12, 31), date(2026, 1, 31))
    assert pointers(refused) == ["/from"]
    with pytest.raises(ImplausibleDate):
        Period(date(2026, 1, 1), date(9999, 12, 31))
    assert Period(date(1900, 1, 1), date(2100, 12, 31)).instants()[1].year == 2101


# -- arithmetic that does not overflow -----------------------------------------------------------


def test_days_past_the_calendar_end_are_a_date_overflow_naming_the_input() -> None:
    with pytest.raises(DateOverflow) as refused:
        add_days(date(9999, 12, 1), 31, pointer="/end_at")
    assert pointers(refused) == ["/end_at"]
    assert add_days(date(9999, 12, 1), 30) == LAST_DAY


def test_months_past_the_calendar_end_are_a_date_overflow() -> None:
    with pytest.raises(DateOverflow):
        add_months(date(9999, 6, 30), 7)
    with pytest.raises(DateOverflow):
        add_months(date(1, 3, 1), -3)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_a_pass_issued_for_a_hire_at_the_calendar_end_is_a_date_overflow() -> None:
    with pytest.raises(DateOverflow) as refused:
        Approval.issue(
            ids=SequentialIds(),
            number=PassNumber.issue(prefix="99999", sequence=1),
            job_seeker_id=uuid4(),
            rank=1,
            hiring_start=date(9999, 6, 1),
            diagnosis_id=uuid4(),
            company_id=uuid4(),
            candidature_id=uuid4(),
            at=AT,
        )
    assert pointers(refused) == ["/hiring_start_at"]


def test_a_prolongation_of_a_pass_ending_on_the_last_day_of_the_calendar_is_a_date_overflow() -> None:
    approval, employer = an_approval()
    approval.end_at = LAST_DAY
    ask = ProlongationAsk(reason=ProlongationReason.SENIOR_CDI, end_at=LAST_DAY)
    with pytest.raises(DateOverflow):
        approval.request_prolongation(ids=SequentialIds(), ask=ask, employer=employer, age=60, at=AT)
    assert approval.prolongations == []


def test_a_prolongation_granted_after_a_suspension_moved_the_end_is_a_date_overflow() -> None:
    approval, employer = an_approval()
    approval.end_at = date(9998, 12, 1)
    ids = SequentialIds()
    ask = ProlongationAsk(ProlongationReason.RQTH, end_at=date(9999, 11, 30), prescriber_organisation_id=uuid4())
    prolongation = approval.request_prolongation(ids=ids, ask=ask, employer=employer, age=None, at=AT)
    approval.end_at += timedelta(days=40)  # as a suspension does meanwhile
    with pytest.raises(DateOverflow):
        approval.grant_prolongation(ids=ids, prolongation_id=prolongation.id, by_user_id=uuid4(), at=AT)


def test_a_suspension_near_the_calendar_end_is_a_date_overflow_not_a_crash() -> None:
    approval, employer = an_approval(start_at=date(9997, 1, 1))
    request = SuspensionRequest(date(9999, 1, 1), date(9999, 1, 31), SuspensionReason.CONTRACT_SUSPENDED)
    with pytest.raises(DateOverflow) as refused:
        approval.suspend(ids=SequentialIds(), request=request, employer=employer, today=date(9999, 1, 2), at=AT)
    assert pointers(refused) == ["/start_at"]


# -- when a hire may start -------------------------------------------------------------------------


def test_a_hire_starts_today_or_up_to_six_months_ahead() -> None:
    for start in (TODAY, TODAY + timedelta(days=1), date(2026, 9, 2)):
        check_hiring_window(Hiring(start), company_kind=CompanyKind.EI, today=TODAY)


def test_a_hire_in_an_siae_may_not_start_yesterday() -> None:
    with pytest.raises(HiringStartInThePast) as refused:
        check_hiring_window(Hiring(TODAY - timedelta(days=1)), company_kind=CompanyKind.EI, today=TODAY)
    assert pointers(refused) == ["/hiring_start_at"]


@pytest.mark.parametrize("kind", [CompanyKind.EA, CompanyKind.ACI, CompanyKind.OPCS])
def test_only_a_geiq_may_declare_a_hire_already_begun(kind: CompanyKind) -> None:
    yesterday = Hiring(TODAY - timedelta(days=1))
    check_hiring_window(yesterday, company_kind=CompanyKind.GEIQ, today=TODAY)
    with pytest.raises(HiringStartInThePast):
        check_hiring_window(yesterday, company_kind=kind, today=TODAY)


@pytest.mark.parametrize("kind", [CompanyKind.EI, CompanyKind.GEIQ])
def test_a_hire_more_than_six_months_ahead_is_refused_even_in_a_geiq(kind: CompanyKind) -> None:
    with pytest.raises(HiringStartTooFarAhead) as refused:
        check_hiring_window(Hiring(date(2026, 9, 3)), company_kind=kind, today=TODAY)
    assert pointers(refused) == ["/hiring_start_at"]


def test_a_geiq_hire_begun_before_1900_or_ending_after_2100_is_implausible() -> None:
    with pytest.raises(ImplausibleDate):
        check_hiring_window(Hiring(date(1899, 12, 31)), company_kind=CompanyKind.GEIQ, today=TODAY)
    with pytest.raises(ImplausibleDate) as refused:
        check_hiring_window(Hiring(TODAY, date(2101, 1, 1)), company_kind=CompanyKind.EI, today=TODAY)
    assert pointers(refused) == ["/hiring_end_at"]
