from datetime import UTC, datetime
from itertools import product
from uuid import uuid4

import pytest

from domain.employee_records.asp_fields import AspFields
from domain.employee_records.records import EmployeeRecord
from domain.employee_records.state_machine import (
    TRANSITIONS,
    InvalidRecordTransition,
    RecordState,
    RecordTransition,
    allowed_transitions,
    target_state,
)

S, T = RecordState, RecordTransition
AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
EXPECTED = {
    (S.NEW, T.READY): S.READY,
    (S.REJECTED, T.READY): S.READY,
    (S.READY, T.SEND): S.SENT,
    (S.SENT, T.PROCESS): S.PROCESSED,
    (S.SENT, T.REJECT): S.REJECTED,
    (S.NEW, T.ARCHIVE): S.ARCHIVED,
    (S.READY, T.ARCHIVE): S.ARCHIVED,
    (S.PROCESSED, T.ARCHIVE): S.ARCHIVED,
    (S.REJECTED, T.ARCHIVE): S.ARCHIVED,
}


def a_record(state: RecordState) -> EmployeeRecord:
    return EmployeeRecord(
        id=uuid4(),
        candidature_id=uuid4(),
        company_id=uuid4(),
        job_seeker_id=uuid4(),
        approval_number="999990000001",
        siret="78000010500012",
        asp_measure="EI_DC",
        asp_uid="0" * 30,
        state=state,
        fields=AspFields(),
        created_at=AT,
        updated_at=AT,
    )


@pytest.mark.parametrize(("state", "transition"), list(product(RecordState, RecordTransition)))
def test_every_state_and_transition_pair_follows_the_table(state: RecordState, transition: RecordTransition) -> None:
    if (state, transition) in EXPECTED:
        assert target_state(state, transition) is EXPECTED[(state, transition)]
    else:
        with pytest.raises(InvalidRecordTransition):
            target_state(state, transition)


def test_the_table_holds_exactly_the_expected_moves() -> None:
    table = {(source, name): rule.target for name, rule in TRANSITIONS.items() for source in rule.sources}
    assert table == EXPECTED


def test_a_refused_transition_names_the_allowed_ones() -> None:
    with pytest.raises(InvalidRecordTransition) as refused:
        target_state(S.SENT, T.READY)
    assert refused.value.extra["allowed_transitions"] == ["process", "reject"]


def test_a_sent_record_cannot_be_archived_before_the_asp_answers() -> None:
    assert T.ARCHIVE not in allowed_transitions(S.SENT)


def test_each_move_appends_a_history_entry() -> None:
    record = a_record(S.READY)
    record.claim(batch_file="RIAE_FS_20260302090000.json", line=1)
    record.mark_sent(at=AT)
    record.apply_answer(code="0000", label="Traité", at=AT, event_id=uuid4())
    assert [(e.from_state, e.to_state) for e in record.history] == [(S.READY, S.SENT), (S.SENT, S.PROCESSED)]


def test_an_answer_to_a_record_not_sent_changes_nothing() -> None:
    record = a_record(S.PROCESSED)
    assert record.apply_answer(code="3308", label="Commune", at=AT, event_id=uuid4()) is False
    assert (record.state, record.asp_code, record.events) == (S.PROCESSED, None, [])


def test_the_duplicate_code_processes_the_record_as_a_duplicate() -> None:
    record = a_record(S.SENT)
    record.apply_answer(code="3436", label="Doublon", at=AT, event_id=uuid4())
    assert (record.state, record.processed_as_duplicate) == (S.PROCESSED, True)


def test_another_code_rejects_the_record_and_raises_an_event() -> None:
    record = a_record(S.SENT)
    record.apply_answer(code="3417", label="Commune inconnue", at=AT, event_id=uuid4())
    assert (record.state, record.asp_code, record.asp_label) == (S.REJECTED, "3417", "Commune inconnue")
    assert len(record.events) == 1
