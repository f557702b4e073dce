"""The candidature keeps the instant it first left ``new``: what the 30-day
answer indicator reads instead of the history. Whatever the path, it is the
first move out of ``new`` in the history, and it never changes afterwards."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from domain.candidatures.candidatures import Candidature, Hiring, RefusalReason, SenderKind, Stamp
from domain.candidatures.state_machine import TRANSITIONS, CandidatureState, Transition
from domain.companies.companies import CompanyKind

S, T = CandidatureState, Transition
CREATED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def submitted() -> Candidature:
    return Candidature.submit(
        id=uuid4(),
        job_seeker_id=uuid4(),
        company_id=uuid4(),
        job_posting_ids=(),
        sender_kind=SenderKind.PRESCRIBER,
        sender_organisation_id=uuid4(),
        sender_company_id=None,
        message="",
        stamp=Stamp(actor_id=None, at=CREATED, event_id=uuid4()),
    )


def on_day(day: int) -> Stamp:
    return Stamp(actor_id=UUID(int=9), at=CREATED + timedelta(days=day), event_id=uuid4())


def fire(candidature: Candidature, transition: Transition, stamp: Stamp) -> None:
    if transition is T.REFUSE:
        candidature.refuse(reason=RefusalReason.OTHER, message="", company_kind=CompanyKind.EI, stamp=stamp)
    elif transition is T.ACCEPT:
        hiring = Hiring(date(2026, 2, 1))
        candidature.accept(hiring=hiring, message="", eligibility_diagnosis_id=None, approval=None, stamp=stamp)
    elif transition is T.TRANSFER:
        candidature.transfer(to_company_id=uuid4(), stamp=stamp)
    elif transition is T.RENDER_OBSOLETE:
        candidature.render_obsolete(by_candidature_id=uuid4(), stamp=stamp)
    else:
        getattr(candidature, transition.value)(stamp)


def test_a_new_candidature_has_no_answer_yet() -> None:
    assert submitted().first_answered_at is None


def test_a_refusal_straight_from_new_is_the_first_answer() -> None:
    candidature = submitted()

    fire(candidature, T.REFUSE, on_day(3))

    assert candidature.first_answered_at == CREATED + timedelta(days=3)


def test_later_answers_leave_the_first_one_alone() -> None:
    candidature = submitted()

    fire(candidature, T.PROCESS, on_day(2))
    fire(candidature, T.ACCEPT, on_day(9))

    assert candidature.first_answered_at == CREATED + timedelta(days=2)


def test_coming_back_to_new_keeps_the_first_answer() -> None:
    candidature = submitted()
    fire(candidature, T.POSTPONE, on_day(1))
    fire(candidature, T.TRANSFER, on_day(4))

    fire(candidature, T.PROCESS, on_day(50))

    assert (candidature.state, candidature.first_answered_at) == (S.PROCESSING, CREATED + timedelta(days=1))


@given(st.lists(st.tuples(st.sampled_from(list(Transition)), st.integers(0, 60)), max_size=12))
def test_the_first_answer_is_the_first_move_out_of_new_and_is_set_once(moves: list[tuple[Transition, int]]) -> None:
    candidature, day, first = submitted(), 0, None
    for transition, wait in moves:
        if candidature.state not in TRANSITIONS[transition].sources:
            continue
        day += wait
        fire(candidature, transition, on_day(day))
        first = first or candidature.first_answered_at
        assert candidature.first_answered_at == first
    out_of_new = [entry.at for entry in candidature.history if entry.from_state is S.NEW]
    assert candidature.first_answered_at == min(out_of_new, default=None)
