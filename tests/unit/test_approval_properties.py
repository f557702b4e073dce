"""Whatever an employer and prescribers do to a PASS IAE, its end date is its
730 days plus its suspended days plus its granted prolongations, its
suspensions never overlap, and a refused change changes nothing."""

import copy
import itertools
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.approvals.approvals import Approval
from domain.approvals.hires import Employer
from domain.approvals.prolongation_denials import Denial, DenyReason
from domain.approvals.prolongations import ProlongationAsk, ProlongationReason, ProlongationStatus
from domain.approvals.suspensions import SuspensionReason, SuspensionRequest
from domain.errors import DomainError
from tests.fakes.system import SequentialIds
from tests.unit.approval_situations import an_approval

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
START = date(2026, 1, 1)
ids = SequentialIds()

days = st.integers(min_value=0, max_value=900)
suspend = st.tuples(st.just("suspend"), days, st.integers(min_value=0, max_value=400))
prolong = st.tuples(
    st.just("prolong"), st.sampled_from(list(ProlongationReason)), st.integers(min_value=1, max_value=400)
)
decide = st.tuples(st.just("decide"), st.booleans(), st.just(0))
hire = st.tuples(st.just("hire"), days, st.just(0))
operations = st.lists(st.one_of(suspend, prolong, decide, hire), max_size=25)


def apply(approval: Approval, employer: Employer, operation: tuple[str, object, int]) -> None:
    kind, first, second = operation
    if kind == "suspend":
        begin = START + timedelta(days=int(first))  # type: ignore[call-overload]
        request = SuspensionRequest(begin, begin + timedelta(days=second), SuspensionReason.CONTRACT_SUSPENDED)
        approval.suspend(ids=ids, request=request, employer=employer, today=begin, at=AT)
    elif kind == "prolong":
        ask = ProlongationAsk(first, approval.end_at + timedelta(days=second), uuid4())  # type: ignore[arg-type]
        approval.request_prolongation(ids=ids, ask=ask, employer=employer, age=60, at=AT)
    elif kind == "decide" and approval.prolongations:
        latest = approval.prolongations[-1].id  # pending or already decided
        if first:
            approval.grant_prolongation(ids=ids, prolongation_id=latest, by_user_id=None, at=AT)
        else:
            approval.deny_prolongation(
                ids=ids, prolongation_id=latest, denial=Denial(DenyReason.REASON, "Non"), by_user_id=None, at=AT
            )
    elif kind == "hire":
        hiring_start = START + timedelta(days=int(first))  # type: ignore[call-overload]
        approval.reuse_for_hire(ids=ids, company_id=uuid4(), candidature_id=uuid4(), hiring_start=hiring_start, at=AT)


@settings(max_examples=300, deadline=None)
@given(operations)
def test_the_end_date_is_always_what_the_suspensions_and_prolongations_add(
    steps: list[tuple[str, object, int]],
) -> None:
    approval, employer = an_approval(start_at=START)
    for step in steps:
        before = copy.deepcopy(approval)
        try:
            apply(approval, employer, step)
        except DomainError:
            assert approval == before, "a refused change changes nothing"

    suspended = sum(s.days for s in approval.suspensions)
    granted = sum(p.days for p in approval.prolongations if p.status is ProlongationStatus.GRANTED)
    assert approval.end_at == START + timedelta(days=729 + suspended + granted)
    periods = sorted((s.start_at, s.end_at) for s in approval.suspensions)
    assert all(earlier[1] < later[0] for earlier, later in itertools.pairwise(periods))
    assert 0 <= approval.remaining_days_on(AT.date()) <= (approval.end_at - START).days + 1
