"""The candidature state machine, as data: one row per transition.

Every change of state goes through ``target_state``; a (state, transition)
pair that is not in the table is refused with the allowed transitions.
"""

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import Conflict


class CandidatureState(StrEnum):
    NEW = "new"
    PROCESSING = "processing"
    POSTPONED = "postponed"
    PRIOR_TO_HIRE = "prior_to_hire"
    POOL = "pool"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    CANCELLED = "cancelled"
    OBSOLETE = "obsolete"


class Transition(StrEnum):
    PROCESS = "process"
    POSTPONE = "postpone"
    ADD_TO_POOL = "add_to_pool"
    MOVE_TO_PRIOR_TO_HIRE = "move_to_prior_to_hire"
    CANCEL_PRIOR_TO_HIRE = "cancel_prior_to_hire"
    REFUSE = "refuse"
    ACCEPT = "accept"
    CANCEL = "cancel"
    RENDER_OBSOLETE = "render_obsolete"
    RESET = "reset"
    TRANSFER = "transfer"


class Mover(StrEnum):
    """Who may fire a transition: a member of the destination company, or the
    system as a consequence of another candidature's fate."""

    EMPLOYER = "employer"
    SYSTEM = "system"


@dataclass(slots=True, frozen=True)
class Rule:
    sources: frozenset[CandidatureState]
    target: CandidatureState
    by: Mover


S = CandidatureState
# A job seeker has at most one of these per company (submission rule, and a
# partial unique index in the database).
PENDING_STATES = frozenset({S.NEW, S.PROCESSING, S.POSTPONED, S.PRIOR_TO_HIRE, S.POOL})
ACCEPTABLE_STATES = frozenset(
    {S.NEW, S.POOL, S.PROCESSING, S.POSTPONED, S.PRIOR_TO_HIRE, S.OBSOLETE, S.REFUSED, S.CANCELLED}
)

TRANSITIONS: dict[Transition, Rule] = {
    Transition.PROCESS: Rule(frozenset({S.NEW, S.POOL}), S.PROCESSING, Mover.EMPLOYER),
    Transition.POSTPONE: Rule(frozenset({S.NEW, S.POOL, S.PROCESSING, S.PRIOR_TO_HIRE}), S.POSTPONED, Mover.EMPLOYER),
    Transition.ADD_TO_POOL: Rule(
        frozenset({S.NEW, S.PROCESSING, S.POSTPONED, S.CANCELLED, S.OBSOLETE}), S.POOL, Mover.EMPLOYER
    ),
    Transition.MOVE_TO_PRIOR_TO_HIRE: Rule(
        frozenset({S.NEW, S.POOL, S.PROCESSING, S.POSTPONED, S.OBSOLETE, S.REFUSED, S.CANCELLED}),
        S.PRIOR_TO_HIRE,
        Mover.EMPLOYER,
    ),
    Transition.CANCEL_PRIOR_TO_HIRE: Rule(frozenset({S.PRIOR_TO_HIRE}), S.PROCESSING, Mover.EMPLOYER),
    Transition.REFUSE: Rule(
        frozenset({S.NEW, S.POOL, S.PROCESSING, S.PRIOR_TO_HIRE, S.POSTPONED}), S.REFUSED, Mover.EMPLOYER
    ),
    Transition.ACCEPT: Rule(ACCEPTABLE_STATES, S.ACCEPTED, Mover.EMPLOYER),
    Transition.CANCEL: Rule(frozenset({S.ACCEPTED}), S.CANCELLED, Mover.EMPLOYER),
    # DOMAIN.md's table lists new, processing and postponed only, but its
    # acceptance rule (and issue 4) want every *pending* candidature of the
    # person to become obsolete: pool and prior_to_hire are pending too.
    Transition.RENDER_OBSOLETE: Rule(PENDING_STATES, S.OBSOLETE, Mover.SYSTEM),
    Transition.RESET: Rule(frozenset({S.OBSOLETE}), S.NEW, Mover.SYSTEM),
    Transition.TRANSFER: Rule(ACCEPTABLE_STATES, S.NEW, Mover.EMPLOYER),
}


class InvalidTransition(Conflict):
    code = "invalid-transition"
    title = "Transition impossible dans l'état actuel"


def allowed_transitions(state: CandidatureState, *, by: Mover = Mover.EMPLOYER) -> list[Transition]:
    """The transitions ``by`` may fire from ``state``, in the table's order."""
    return [name for name, rule in TRANSITIONS.items() if rule.by is by and state in rule.sources]


def target_state(state: CandidatureState, transition: Transition) -> CandidatureState:
    """Where ``transition`` leads from ``state``; raises ``InvalidTransition``
    (naming the state and the allowed transitions) when the table has no such move."""
    rule = TRANSITIONS[transition]
    if state not in rule.sources:
        allowed = allowed_transitions(state, by=rule.by)
        raise InvalidTransition(
            f"Une candidature « {state} » ne peut pas faire « {transition} » ; "
            f"possible : {', '.join(allowed) or 'aucune transition'}.",
            extra={
                "state": str(state),
                "transition": str(transition),
                "allowed_transitions": [str(t) for t in allowed],
            },
        )
    return rule.target
