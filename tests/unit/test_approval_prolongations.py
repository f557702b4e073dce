"""Prolongations of a PASS IAE: reasons, limits, decisions (DOMAIN.md "PASS IAE")."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.approvals.approvals import Approval, ApprovalCancelledError
from domain.approvals.business_dates import InvalidPeriod
from domain.approvals.events import ProlongationDecided, ProlongationRequested
from domain.approvals.hires import Employer
from domain.approvals.prolongation_denials import Denial, DenyReason
from domain.approvals.prolongations import (
    PrescriberRequired,
    Prolongation,
    ProlongationAlreadyDecided,
    ProlongationAsk,
    ProlongationCumulativeLimit,
    ProlongationPending,
    ProlongationReason,
    ProlongationReasonNotAllowed,
    ProlongationStatus,
    ProlongationTooLong,
)
from domain.approvals.suspensions import SuspensionReason, SuspensionRequest
from domain.companies.companies import CompanyKind
from tests.fakes.system import SequentialIds
from tests.unit.approval_situations import an_approval

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORGANISATION = uuid4()
ids = SequentialIds()


def ask(
    approval: Approval,
    employer: Employer,
    reason: ProlongationReason,
    *,
    days: int = 100,
    age: int | None = None,
    organisation: UUID | None = ORGANISATION,
) -> Prolongation:
    end_at = approval.end_at + timedelta(days=days)
    return approval.request_prolongation(
        ids=ids,
        ask=ProlongationAsk(reason=reason, end_at=end_at, prescriber_organisation_id=organisation),
        employer=employer,
        age=age,
        at=AT,
    )


def grant(approval: Approval, prolongation: Prolongation) -> None:
    approval.grant_prolongation(ids=ids, prolongation_id=prolongation.id, by_user_id=uuid4(), at=AT)


def test_a_request_starts_the_day_after_the_pass_ends_and_waits_for_a_decision() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))

    prolongation = ask(approval, employer, ProlongationReason.RQTH, days=100)

    assert (prolongation.start_at, prolongation.end_at) == (date(2028, 1, 1), date(2028, 4, 9))
    assert prolongation.status is ProlongationStatus.PENDING
    assert approval.end_at == date(2027, 12, 31)
    assert [type(e) for e in approval.events] == [ProlongationRequested]


def test_a_granted_prolongation_moves_the_end_date() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    prolongation = ask(approval, employer, ProlongationReason.RQTH, days=100)

    grant(approval, prolongation)

    assert prolongation.status is ProlongationStatus.GRANTED
    assert approval.end_at == date(2028, 4, 9)
    assert isinstance(approval.events[-1], ProlongationDecided) and approval.events[-1].granted


def test_a_granted_prolongation_follows_a_suspension_made_meanwhile() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    prolongation = ask(approval, employer, ProlongationReason.RQTH, days=100)
    request = SuspensionRequest(date(2026, 3, 1), date(2026, 3, 10), SuspensionReason.CONTRACT_SUSPENDED)
    approval.suspend(ids=ids, request=request, employer=employer, today=date(2026, 3, 2), at=AT)

    grant(approval, prolongation)

    assert (prolongation.start_at, prolongation.days) == (date(2028, 1, 11), 100)
    assert approval.end_at == prolongation.end_at


def test_a_denied_prolongation_keeps_the_end_date_and_its_reason() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    prolongation = ask(approval, employer, ProlongationReason.SENIOR)

    approval.deny_prolongation(
        ids=ids,
        prolongation_id=prolongation.id,
        denial=Denial(DenyReason.REASON, "Pièces manquantes"),
        by_user_id=uuid4(),
        at=AT,
    )

    assert (prolongation.status, prolongation.deny_reason) == (ProlongationStatus.DENIED, "Pièces manquantes")
    assert approval.end_at == date(2027, 12, 31)


def test_a_decided_request_is_not_decided_again() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    prolongation = ask(approval, employer, ProlongationReason.RQTH)
    grant(approval, prolongation)

    with pytest.raises(ProlongationAlreadyDecided):
        approval.deny_prolongation(
            ids=ids, prolongation_id=prolongation.id, denial=Denial(DenyReason.REASON, "Non"), by_user_id=None, at=AT
        )


@pytest.mark.parametrize("reason", [ProlongationReason.SENIOR_CDI, ProlongationReason.COMPLETE_TRAINING])
def test_some_reasons_are_granted_on_request(reason: ProlongationReason) -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))

    prolongation = ask(approval, employer, reason, organisation=None)

    assert prolongation.status is ProlongationStatus.GRANTED
    assert prolongation.prescriber_organisation_id is None
    assert approval.end_at == prolongation.end_at


@pytest.mark.parametrize(
    "reason", [ProlongationReason.RQTH, ProlongationReason.SENIOR, ProlongationReason.PARTICULAR_DIFFICULTIES]
)
def test_other_reasons_name_the_prescriber_who_decides(reason: ProlongationReason) -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1), kind=CompanyKind.ACI)

    with pytest.raises(PrescriberRequired):
        ask(approval, employer, reason, organisation=None)


def test_one_request_waits_at_a_time() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    ask(approval, employer, ProlongationReason.RQTH)

    with pytest.raises(ProlongationPending):
        ask(approval, employer, ProlongationReason.SENIOR)


def test_a_prolongation_ends_after_the_pass() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))

    with pytest.raises(InvalidPeriod):
        ask(approval, employer, ProlongationReason.RQTH, days=0)


@pytest.mark.parametrize(
    ("reason", "longest"),
    [
        (ProlongationReason.SENIOR_CDI, 3650),
        (ProlongationReason.COMPLETE_TRAINING, 365),
        (ProlongationReason.RQTH, 365),
        (ProlongationReason.SENIOR, 365),
        (ProlongationReason.PARTICULAR_DIFFICULTIES, 365),
    ],
)
def test_a_request_lasts_at_most_the_limit_of_its_reason(reason: ProlongationReason, longest: int) -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1), kind=CompanyKind.AI)
    ask(approval, employer, reason, days=longest, age=60)
    approval.prolongations.clear()

    with pytest.raises(ProlongationTooLong):
        ask(approval, employer, reason, days=longest + 1, age=60)


@pytest.mark.parametrize(
    ("reason", "in_all"),
    [
        (ProlongationReason.RQTH, 3 * 365),
        (ProlongationReason.SENIOR, 5 * 365),
        (ProlongationReason.PARTICULAR_DIFFICULTIES, 3 * 365),
    ],
)
def test_requests_of_one_reason_add_up_to_at_most_its_cumulative_limit(reason: ProlongationReason, in_all: int) -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1), kind=CompanyKind.ACI)
    for _ in range(in_all // 365):
        grant(approval, ask(approval, employer, reason, days=365))

    with pytest.raises(ProlongationCumulativeLimit):
        ask(approval, employer, reason, days=1)


def test_a_denied_request_does_not_count_towards_the_limit() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    for _ in range(3):
        refused = ask(approval, employer, ProlongationReason.RQTH, days=365)
        approval.deny_prolongation(
            ids=ids, prolongation_id=refused.id, denial=Denial(DenyReason.REASON, "Non"), by_user_id=None, at=AT
        )

    assert ask(approval, employer, ProlongationReason.RQTH, days=365).status is ProlongationStatus.PENDING


@pytest.mark.parametrize("kind", [CompanyKind.EI, CompanyKind.ETTI, CompanyKind.EITI])
def test_particular_difficulties_are_for_ai_and_aci_only(kind: CompanyKind) -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1), kind=kind)

    with pytest.raises(ProlongationReasonNotAllowed):
        ask(approval, employer, ProlongationReason.PARTICULAR_DIFFICULTIES)


@pytest.mark.parametrize(
    ("reason", "too_young"), [(ProlongationReason.SENIOR, 49), (ProlongationReason.SENIOR_CDI, 56)]
)
def test_age_reasons_are_refused_to_younger_people(reason: ProlongationReason, too_young: int) -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))

    with pytest.raises(ProlongationReasonNotAllowed):
        ask(approval, employer, reason, age=too_young)


def test_age_reasons_are_accepted_when_the_birthdate_is_unknown() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))

    assert ask(approval, employer, ProlongationReason.SENIOR, age=None).status is ProlongationStatus.PENDING


def test_a_cancelled_pass_is_not_prolonged() -> None:
    approval, employer = an_approval(start_at=date(2026, 1, 1))
    approval.release_hire(candidature_id=approval.issued_by_candidature_id, at=AT)

    with pytest.raises(ApprovalCancelledError):
        ask(approval, employer, ProlongationReason.RQTH)
