"""The candidature state machine is DOMAIN.md's table, walked exhaustively."""

import itertools
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from domain.candidatures.candidatures import Candidature, Hiring, HistoryEntry, RefusalReason, SenderKind, Stamp
from domain.candidatures.events import CandidatureStateChanged
from domain.candidatures.state_machine import (
    PENDING_STATES,
    TRANSITIONS,
    CandidatureState,
    InvalidTransition,
    Mover,
    Transition,
    allowed_transitions,
    target_state,
)
from domain.companies.companies import CompanyKind

S, T = CandidatureState, Transition
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# DOMAIN.md "Candidatures", row by row: (from-states, to-state, by).
EXPECTED = {
    T.PROCESS: ({S.NEW, S.POOL}, S.PROCESSING, Mover.EMPLOYER),
    T.POSTPONE: ({S.NEW, S.POOL, S.PROCESSING, S.PRIOR_TO_HIRE}, S.POSTPONED, Mover.EMPLOYER),
    T.ADD_TO_POOL: ({S.NEW, S.PROCESSING, S.POSTPONED, S.CANCELLED, S.OBSOLETE}, S.POOL, Mover.EMPLOYER),
    T.MOVE_TO_PRIOR_TO_HIRE: (
        {S.NEW, S.POOL, S.PROCESSING, S.POSTPONED, S.OBSOLETE, S.REFUSED, S.CANCELLED},
        S.PRIOR_TO_HIRE,
        Mover.EMPLOYER,
    ),
    T.CANCEL_PRIOR_TO_HIRE: ({S.PRIOR_TO_HIRE}, S.PROCESSING, Mover.EMPLOYER),
    T.REFUSE: ({S.NEW, S.POOL, S.PROCESSING, S.PRIOR_TO_HIRE, S.POSTPONED}, S.REFUSED, Mover.EMPLOYER),
    T.ACCEPT: (
        {S.NEW, S.POOL, S.PROCESSING, S.POSTPONED, S.PRIOR_TO_HIRE, S.OBSOLETE, S.REFUSED, S.CANCELLED},
        S.ACCEPTED,
        Mover.EMPLOYER,
    ),
    T.CANCEL: ({S.ACCEPTED}, S.CANCELLED, Mover.EMPLOYER),
    # Every pending state (the table names new, processing and postponed; see state_machine.py).
    T.RENDER_OBSOLETE: (
        {S.NEW, S.PROCESSING, S.POSTPONED, S.PRIOR_TO_HIRE, S.POOL},
        S.OBSOLETE,
        Mover.SYSTEM,
    ),
    T.RESET: ({S.OBSOLETE}, S.NEW, Mover.SYSTEM),
    T.TRANSFER: (
        {S.NEW, S.POOL, S.PROCESSING, S.POSTPONED, S.PRIOR_TO_HIRE, S.OBSOLETE, S.REFUSED, S.CANCELLED},
        S.NEW,
        Mover.EMPLOYER,
    ),
}
EVERY_PAIR = list(itertools.product(CandidatureState, Transition))


def a_candidature_in(state: CandidatureState) -> Candidature:
    return Candidature(
        id=UUID(int=1),
        job_seeker_id=UUID(int=2),
        company_id=UUID(int=3),
        job_posting_ids=(),
        sender_kind=SenderKind.JOB_SEEKER,
        sender_id=UUID(int=4),
        sender_organisation_id=None,
        sender_company_id=None,
        message="",
        state=state,
        created_at=AT,
        updated_at=AT,
    )


def test_the_table_has_every_transition_of_domain_md_and_no_other() -> None:
    actual = {t: (set(rule.sources), rule.target, rule.by) for t, rule in TRANSITIONS.items()}
    assert actual == EXPECTED


def test_pending_states_are_those_of_the_submission_rule() -> None:
    assert {S.NEW, S.PROCESSING, S.POSTPONED, S.PRIOR_TO_HIRE, S.POOL} == PENDING_STATES


@pytest.mark.parametrize(("state", "transition"), EVERY_PAIR)
def test_every_pair_in_the_table_leads_to_its_target_and_every_other_is_refused(
    state: CandidatureState, transition: Transition
) -> None:
    sources, target, _ = EXPECTED[transition]
    if state in sources:
        assert target_state(state, transition) is target
    else:
        with pytest.raises(InvalidTransition):
            target_state(state, transition)


def test_a_refused_transition_names_the_state_and_the_allowed_ones() -> None:
    with pytest.raises(InvalidTransition) as refused:
        target_state(S.ACCEPTED, T.PROCESS)

    assert refused.value.extra["state"] == "accepted"
    assert refused.value.extra["allowed_transitions"] == ["cancel"]


def test_the_allowed_transitions_of_a_state_are_the_employers_rows_from_it() -> None:
    assert allowed_transitions(S.PRIOR_TO_HIRE) == [
        T.POSTPONE,
        T.CANCEL_PRIOR_TO_HIRE,
        T.REFUSE,
        T.ACCEPT,
        T.TRANSFER,
    ]


def test_nothing_but_cancel_leaves_an_accepted_candidature() -> None:
    assert [t for t, (sources, _, _) in EXPECTED.items() if S.ACCEPTED in sources] == [T.CANCEL]


def fire(candidature: Candidature, transition: Transition, stamp: Stamp) -> None:
    """Calls the aggregate method of ``transition`` with plausible arguments."""
    if transition is T.REFUSE:
        candidature.refuse(reason=RefusalReason.NO_POSITION, message="", company_kind=CompanyKind.EI, stamp=stamp)
    elif transition is T.ACCEPT:
        hiring = Hiring(start_at=date(2026, 3, 9))
        candidature.accept(hiring=hiring, message="", eligibility_diagnosis_id=None, approval=None, stamp=stamp)
    elif transition is T.RENDER_OBSOLETE:
        candidature.render_obsolete(by_candidature_id=UUID(int=11), stamp=stamp)
    elif transition is T.TRANSFER:
        candidature.transfer(to_company_id=UUID(int=12), stamp=stamp)
    else:
        getattr(candidature, transition.value)(stamp)


@pytest.mark.parametrize(("state", "transition"), EVERY_PAIR)
def test_a_move_appends_one_history_entry_and_one_event_or_changes_nothing(
    state: CandidatureState, transition: Transition
) -> None:
    candidature = a_candidature_in(state)
    stamp = Stamp(actor_id=UUID(int=9), at=AT, event_id=UUID(int=10))
    sources, target, _ = EXPECTED[transition]

    if state in sources:
        fire(candidature, transition, stamp)
        assert candidature.history == [HistoryEntry(transition, state, target, UUID(int=9), AT)]
        assert candidature.state is target
        assert [e.event_id for e in candidature.events] == [UUID(int=10)]
    else:
        with pytest.raises(InvalidTransition):
            fire(candidature, transition, stamp)
        assert (candidature.state, candidature.history, candidature.events) == (state, [], [])


def test_a_state_change_records_an_event_with_both_states() -> None:
    candidature = a_candidature_in(S.NEW)

    candidature.postpone(Stamp(actor_id=UUID(int=9), at=AT, event_id=UUID(int=10)))

    (event,) = candidature.events
    assert isinstance(event, CandidatureStateChanged)
    assert (event.event_id, event.transition, event.from_state, event.to_state) == (
        UUID(int=10),
        "postpone",
        "new",
        "postponed",
    )
