"""The employee record state machine, as data: one row per transition.

``new`` (incomplete) → ``ready`` (the employer completed the ASP fields) →
``sent`` (in an uploaded batch file) → ``processed`` | ``rejected``; a
rejected record is fixed and made ready again; ``archived`` ends its life.
"""

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import Conflict


class RecordState(StrEnum):
    NEW = "new"
    READY = "ready"
    SENT = "sent"
    PROCESSED = "processed"
    REJECTED = "rejected"
    ARCHIVED = "archived"


class RecordTransition(StrEnum):
    READY = "ready"
    SEND = "send"
    PROCESS = "process"
    REJECT = "reject"
    ARCHIVE = "archive"


@dataclass(slots=True, frozen=True)
class Rule:
    sources: frozenset[RecordState]
    target: RecordState


S = RecordState
TRANSITIONS: dict[RecordTransition, Rule] = {
    RecordTransition.READY: Rule(frozenset({S.NEW, S.REJECTED}), S.READY),
    RecordTransition.SEND: Rule(frozenset({S.READY}), S.SENT),
    RecordTransition.PROCESS: Rule(frozenset({S.SENT}), S.PROCESSED),
    RecordTransition.REJECT: Rule(frozenset({S.SENT}), S.REJECTED),
    # A record in the ASP's hands waits for its answer before it may end.
    RecordTransition.ARCHIVE: Rule(frozenset({S.NEW, S.READY, S.PROCESSED, S.REJECTED}), S.ARCHIVED),
}
# The employer may still change the ASP fields of a record in these states.
EDITABLE_STATES = frozenset({S.NEW, S.READY, S.REJECTED})


class InvalidRecordTransition(Conflict):
    code = "employee-record-invalid-transition"
    title = "Transition impossible pour cette fiche salarié"


def allowed_transitions(state: RecordState) -> list[RecordTransition]:
    return [name for name, rule in TRANSITIONS.items() if state in rule.sources]


def target_state(state: RecordState, transition: RecordTransition) -> RecordState:
    """Where ``transition`` leads from ``state``; raises ``InvalidRecordTransition``."""
    rule = TRANSITIONS[transition]
    if state not in rule.sources:
        allowed = allowed_transitions(state)
        raise InvalidRecordTransition(
            f"Une fiche salarié « {state} » ne peut pas faire « {transition} » ; "
            f"possible : {', '.join(allowed) or 'aucune transition'}.",
            extra={
                "state": str(state),
                "transition": str(transition),
                "allowed_transitions": [str(t) for t in allowed],
            },
        )
    return rule.target
