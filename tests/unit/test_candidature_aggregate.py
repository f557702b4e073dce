"""The candidature aggregate: what each answer records besides its state."""

from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from domain.candidatures.candidatures import (
    Candidature,
    HireApprovalSummary,
    Hiring,
    InvalidHiringDates,
    ReasonNotOffered,
    RefusalReason,
    SenderKind,
    Stamp,
    check_hiring_dates,
)
from domain.candidatures.events import (
    CandidatureAccepted,
    CandidatureRefused,
    CandidatureSubmitted,
    CandidatureTransferred,
    HireCancelled,
)
from domain.candidatures.state_machine import CandidatureState
from domain.companies.companies import CompanyKind
from domain.companies.job_postings import ContractType

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STAMP = Stamp(actor_id=UUID(int=9), at=AT, event_id=UUID(int=10))
ORGANISATION, COMPANY, OTHER_COMPANY = UUID(int=20), UUID(int=30), UUID(int=31)


def submitted() -> Candidature:
    return Candidature.submit(
        id=UUID(int=1),
        job_seeker_id=UUID(int=2),
        company_id=COMPANY,
        job_posting_ids=(UUID(int=40),),
        sender_kind=SenderKind.PRESCRIBER,
        sender_organisation_id=ORGANISATION,
        sender_company_id=None,
        message="Je vous propose Samir.",
        stamp=Stamp(actor_id=UUID(int=8), at=AT, event_id=UUID(int=7)),
    )


def in_state(state: CandidatureState) -> Candidature:
    candidature = submitted()
    candidature.state = state
    candidature.events.clear()
    return candidature


def test_a_submitted_candidature_is_new_sent_by_its_author_without_history() -> None:
    candidature = submitted()

    assert (candidature.state, candidature.sender_id, candidature.history) == (CandidatureState.NEW, UUID(int=8), [])
    (event,) = candidature.events
    assert isinstance(event, CandidatureSubmitted)
    assert (event.event_id, event.sender_kind, event.sender_organisation_id) == (
        UUID(int=7),
        "prescriber",
        ORGANISATION,
    )


def test_refusing_records_the_reason_and_the_message() -> None:
    candidature = in_state(CandidatureState.PROCESSING)

    candidature.refuse(
        reason=RefusalReason.NO_POSITION, message="Plus de poste.", company_kind=CompanyKind.EI, stamp=STAMP
    )

    assert (candidature.state, candidature.refusal_reason, candidature.answer) == (
        CandidatureState.REFUSED,
        RefusalReason.NO_POSITION,
        "Plus de poste.",
    )
    (event,) = candidature.events
    assert isinstance(event, CandidatureRefused) and event.reason == "no_position"


@pytest.mark.parametrize("reason", [RefusalReason.NON_ELIGIBLE, RefusalReason.PREVENT_OBJECTIVES])
def test_a_geiq_may_not_refuse_for_eligibility_or_objectives(reason: RefusalReason) -> None:
    candidature = in_state(CandidatureState.NEW)

    with pytest.raises(ReasonNotOffered) as refused:
        candidature.refuse(reason=reason, message="", company_kind=CompanyKind.GEIQ, stamp=STAMP)

    assert refused.value.errors[0].pointer == "/reason"
    assert candidature.state is CandidatureState.NEW


def test_an_siae_may_refuse_a_candidate_as_non_eligible() -> None:
    candidature = in_state(CandidatureState.NEW)

    candidature.refuse(reason=RefusalReason.NON_ELIGIBLE, message="", company_kind=CompanyKind.ACI, stamp=STAMP)

    assert candidature.refusal_reason is RefusalReason.NON_ELIGIBLE


def test_leaving_the_refused_state_forgets_the_refusal_reason() -> None:
    candidature = in_state(CandidatureState.REFUSED)
    candidature.refusal_reason = RefusalReason.DUPLICATE

    candidature.move_to_prior_to_hire(STAMP)

    assert candidature.refusal_reason is None


def test_leaving_the_cancelled_state_forgets_the_cancelled_hire() -> None:
    candidature = in_state(CandidatureState.CANCELLED)
    candidature.hiring_start_at, candidature.approval_number = date(2026, 3, 9), "999990000001"

    candidature.add_to_pool(STAMP)

    assert (candidature.hiring_start_at, candidature.approval_number) == (None, None)


def test_accepting_records_the_hire_the_diagnosis_and_the_pass_iae() -> None:
    candidature = in_state(CandidatureState.PROCESSING)
    approval = HireApprovalSummary("999990000001", date(2026, 3, 9), date(2028, 3, 7), issued=True)

    candidature.accept(
        hiring=Hiring(date(2026, 3, 9), date(2026, 9, 8)),
        message="Bienvenue !",
        eligibility_diagnosis_id=UUID(int=50),
        approval=approval,
        stamp=STAMP,
    )

    assert (
        candidature.hiring_start_at,
        candidature.hiring_end_at,
        candidature.eligibility_diagnosis_id,
        candidature.approval_number,
    ) == (date(2026, 3, 9), date(2026, 9, 8), UUID(int=50), "999990000001")
    (event,) = candidature.events
    assert isinstance(event, CandidatureAccepted)
    assert (event.approval_number, event.approval_end_at, event.approval_issued) == (
        "999990000001",
        date(2028, 3, 7),
        True,
    )


def test_cancelling_a_hire_records_the_pass_iae_it_used() -> None:
    candidature = in_state(CandidatureState.ACCEPTED)
    candidature.approval_number = "999990000001"

    candidature.cancel(STAMP)

    (event,) = candidature.events
    assert isinstance(event, HireCancelled) and event.approval_number == "999990000001"


def test_a_transferred_candidature_starts_afresh_at_the_other_company_and_keeps_its_history() -> None:
    candidature = in_state(CandidatureState.REFUSED)
    candidature.refusal_reason, candidature.answer = RefusalReason.NO_POSITION, "Plus de poste."

    candidature.transfer(to_company_id=OTHER_COMPANY, stamp=STAMP)

    assert (candidature.company_id, candidature.state, candidature.job_posting_ids) == (
        OTHER_COMPANY,
        CandidatureState.NEW,
        (),
    )
    assert (candidature.refusal_reason, candidature.answer) == (None, "")
    assert [entry.transition for entry in candidature.history] == ["transfer"]
    (event,) = candidature.events
    assert isinstance(event, CandidatureTransferred) and event.from_company_id == COMPANY


def test_an_obsolete_candidature_remembers_which_hire_made_it_so_until_reset() -> None:
    candidature = in_state(CandidatureState.PROCESSING)

    candidature.render_obsolete(by_candidature_id=UUID(int=60), stamp=STAMP)
    obsoleted_by = candidature.obsoleted_by_id
    candidature.reset(STAMP)

    assert (obsoleted_by, candidature.obsoleted_by_id, candidature.state) == (UUID(int=60), None, CandidatureState.NEW)


@pytest.mark.parametrize(
    "contract", [ContractType.FIXED_TERM, ContractType.FIXED_TERM_I, ContractType.FIXED_TERM_USAGE]
)
def test_a_fixed_term_contract_needs_a_hiring_end_date(contract: ContractType) -> None:
    with pytest.raises(InvalidHiringDates) as refused:
        check_hiring_dates(Hiring(date(2026, 3, 9)), {contract})

    assert refused.value.errors[0].pointer == "/hiring_end_at"


def test_a_permanent_contract_needs_no_hiring_end_date() -> None:
    check_hiring_dates(Hiring(date(2026, 3, 9)), {ContractType.PERMANENT})


def test_a_hire_may_not_end_before_it_starts() -> None:
    with pytest.raises(InvalidHiringDates):
        check_hiring_dates(Hiring(date(2026, 3, 9), date(2026, 3, 8)), set())


def test_a_hire_may_end_the_day_it_starts() -> None:
    check_hiring_dates(Hiring(date(2026, 3, 9), date(2026, 3, 9)), {ContractType.FIXED_TERM})
