"""The candidature aggregate: a job seeker proposed to a company, and what
the company answers. Every change goes through the state machine, appends a
history entry and records an event."""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from domain.candidatures.events import (
    CandidatureAccepted,
    CandidatureEvent,
    CandidatureRefused,
    CandidatureStateChanged,
    CandidatureSubmitted,
    CandidatureTransferred,
    HireCancelled,
    HiringDatesChanged,
)
from domain.candidatures.state_machine import PENDING_STATES, CandidatureState, Transition, target_state
from domain.companies.companies import CompanyKind
from domain.companies.job_postings import ContractType
from domain.errors import Conflict, FieldError, RuleViolation


class SenderKind(StrEnum):
    JOB_SEEKER = "job_seeker"
    PRESCRIBER = "prescriber"
    EMPLOYER = "employer"  # auto-prescription: sent to the sender's own company


class RefusalReason(StrEnum):
    DID_NOT_COME = "did_not_come"
    DID_NOT_COME_TO_INTERVIEW = "did_not_come_to_interview"
    HIRED_ELSEWHERE = "hired_elsewhere"
    TRAINING = "training"
    NON_ELIGIBLE = "non_eligible"
    NOT_MOBILE = "not_mobile"
    NOT_INTERESTED = "not_interested"
    LACKING_SKILLS = "lacking_skills"
    INCOMPATIBLE = "incompatible"
    PREVENT_OBJECTIVES = "prevent_objectives"
    NO_POSITION = "no_position"
    DUPLICATE = "duplicate"
    OTHER = "other"


# A GEIQ is not subject to IAE eligibility nor to its objectives.
NOT_OFFERED_TO_GEIQ = frozenset({RefusalReason.NON_ELIGIBLE, RefusalReason.PREVENT_OBJECTIVES})
FIXED_TERM_CONTRACTS = frozenset({ContractType.FIXED_TERM, ContractType.FIXED_TERM_I, ContractType.FIXED_TERM_USAGE})


class ReasonNotOffered(RuleViolation):
    code = "refusal-reason-not-offered"
    title = "Motif de refus non proposé à cette structure"


class InvalidHiringDates(RuleViolation):
    code = "invalid-hiring-dates"
    title = "Dates d'embauche invalides"


class NotHired(Conflict):
    code = "candidature-not-accepted"
    title = "Candidature non acceptée"


@dataclass(slots=True, frozen=True)
class HistoryEntry:
    transition: Transition
    from_state: CandidatureState
    to_state: CandidatureState
    actor_id: UUID | None  # None when the system moved it
    at: datetime


@dataclass(slots=True, frozen=True)
class Stamp:
    """Who acts (a user or a partner application; None for the system), when,
    and the id of the event the change records."""

    actor_id: UUID | None
    at: datetime
    event_id: UUID


@dataclass(slots=True, frozen=True)
class Hiring:
    start_at: date
    end_at: date | None = None


@dataclass(slots=True, frozen=True)
class HireApprovalSummary:
    """The PASS IAE a hire uses, as the candidature records it."""

    number: str
    start_at: date
    end_at: date
    issued: bool


@dataclass(slots=True)
class Candidature:
    id: UUID
    job_seeker_id: UUID
    company_id: UUID
    job_posting_ids: tuple[UUID, ...]
    sender_kind: SenderKind
    sender_id: UUID | None  # the user, or the partner application, who sent it
    sender_organisation_id: UUID | None
    sender_company_id: UUID | None
    message: str
    state: CandidatureState
    created_at: datetime
    updated_at: datetime
    refusal_reason: RefusalReason | None = None
    answer: str = ""
    hiring_start_at: date | None = None
    hiring_end_at: date | None = None
    eligibility_diagnosis_id: UUID | None = None
    approval_number: str | None = None
    obsoleted_by_id: UUID | None = None  # the candidature whose acceptance made it obsolete
    first_answered_at: datetime | None = None  # when it first left ``new``; kept for the indicators
    history: list[HistoryEntry] = field(default_factory=list)
    events: list[CandidatureEvent] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def submit(
        cls,
        *,
        id: UUID,
        job_seeker_id: UUID,
        company_id: UUID,
        job_posting_ids: tuple[UUID, ...],
        sender_kind: SenderKind,
        sender_organisation_id: UUID | None,
        sender_company_id: UUID | None,
        message: str,
        stamp: Stamp,
    ) -> "Candidature":
        candidature = cls(
            id=id,
            job_seeker_id=job_seeker_id,
            company_id=company_id,
            job_posting_ids=job_posting_ids,
            sender_kind=sender_kind,
            sender_id=stamp.actor_id,
            sender_organisation_id=sender_organisation_id,
            sender_company_id=sender_company_id,
            message=message,
            state=CandidatureState.NEW,
            created_at=stamp.at,
            updated_at=stamp.at,
        )
        candidature.events.append(
            CandidatureSubmitted(
                **candidature._event_fields(stamp),
                sender_kind=str(sender_kind),
                sender_organisation_id=sender_organisation_id,
                sender_company_id=sender_company_id,
            )
        )
        return candidature

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES

    def process(self, stamp: Stamp) -> None:
        self._change(Transition.PROCESS, stamp)

    def postpone(self, stamp: Stamp) -> None:
        self._change(Transition.POSTPONE, stamp)

    def add_to_pool(self, stamp: Stamp) -> None:
        self._change(Transition.ADD_TO_POOL, stamp)

    def move_to_prior_to_hire(self, stamp: Stamp) -> None:
        self._change(Transition.MOVE_TO_PRIOR_TO_HIRE, stamp)

    def cancel_prior_to_hire(self, stamp: Stamp) -> None:
        self._change(Transition.CANCEL_PRIOR_TO_HIRE, stamp)

    def render_obsolete(self, *, by_candidature_id: UUID, stamp: Stamp) -> None:
        self._change(Transition.RENDER_OBSOLETE, stamp)
        self.obsoleted_by_id = by_candidature_id

    def reset(self, stamp: Stamp) -> None:
        self._change(Transition.RESET, stamp)
        self.obsoleted_by_id = None

    def refuse(self, *, reason: RefusalReason, message: str, company_kind: CompanyKind, stamp: Stamp) -> None:
        if company_kind is CompanyKind.GEIQ and reason in NOT_OFFERED_TO_GEIQ:
            raise ReasonNotOffered(
                f"Le motif « {reason} » n'est pas proposé à un GEIQ.",
                errors=[FieldError("/reason", "not offered to a GEIQ")],
            )
        self._move(Transition.REFUSE, stamp)
        self.refusal_reason, self.answer = reason, message
        self.events.append(CandidatureRefused(**self._event_fields(stamp), reason=str(reason), message=message))

    def accept(
        self,
        *,
        hiring: Hiring,
        message: str,
        eligibility_diagnosis_id: UUID | None,
        approval: HireApprovalSummary | None,
        stamp: Stamp,
    ) -> None:
        self._move(Transition.ACCEPT, stamp)
        self.hiring_start_at, self.hiring_end_at, self.answer = hiring.start_at, hiring.end_at, message
        self.eligibility_diagnosis_id = eligibility_diagnosis_id
        self.approval_number = approval.number if approval else None
        self.obsoleted_by_id = None
        self.events.append(
            CandidatureAccepted(
                **self._event_fields(stamp),
                hiring_start_at=hiring.start_at,
                hiring_end_at=hiring.end_at,
                approval_number=self.approval_number,
                approval_start_at=approval.start_at if approval else None,
                approval_end_at=approval.end_at if approval else None,
                approval_issued=approval.issued if approval else False,
            )
        )

    def change_hiring(self, hiring: Hiring, stamp: Stamp) -> None:
        """New dates for the hire (no transition: it stays ``accepted``)."""
        if self.state is not CandidatureState.ACCEPTED:
            raise NotHired(f"Seule une embauche a des dates : cette candidature est « {self.state} ».")
        self.hiring_start_at, self.hiring_end_at, self.updated_at = hiring.start_at, hiring.end_at, stamp.at
        self.events.append(
            HiringDatesChanged(
                **self._event_fields(stamp), hiring_start_at=hiring.start_at, hiring_end_at=hiring.end_at
            )
        )

    def cancel(self, stamp: Stamp) -> None:
        self._move(Transition.CANCEL, stamp)
        self.events.append(HireCancelled(**self._event_fields(stamp), approval_number=self.approval_number))

    def transfer(self, *, to_company_id: UUID, stamp: Stamp) -> None:
        """Start afresh at another company; the answers given here are dropped,
        the history is kept."""
        from_company_id = self.company_id
        self._move(Transition.TRANSFER, stamp)
        self.company_id, self.job_posting_ids = to_company_id, ()
        self.refusal_reason, self.answer = None, ""
        self.hiring_start_at = self.hiring_end_at = None
        self.eligibility_diagnosis_id, self.approval_number, self.obsoleted_by_id = None, None, None
        self.events.append(CandidatureTransferred(**self._event_fields(stamp), from_company_id=from_company_id))

    def _change(self, transition: Transition, stamp: Stamp) -> None:
        before = self._move(transition, stamp)
        self.events.append(
            CandidatureStateChanged(
                **self._event_fields(stamp),
                transition=str(transition),
                from_state=str(before),
                to_state=str(self.state),
            )
        )

    def _move(self, transition: Transition, stamp: Stamp) -> CandidatureState:
        before = self.state
        self.state = target_state(before, transition)
        if before is CandidatureState.REFUSED:
            self.refusal_reason = None
        if before is CandidatureState.CANCELLED:  # the cancelled hire no longer describes it
            self.hiring_start_at = self.hiring_end_at = None
            self.eligibility_diagnosis_id = self.approval_number = None
        if before is CandidatureState.NEW and self.first_answered_at is None:
            self.first_answered_at = stamp.at  # a reset or a transfer back to ``new`` does not undo the answer
        self.history.append(HistoryEntry(transition, before, self.state, stamp.actor_id, stamp.at))
        self.updated_at = stamp.at
        return before

    def _event_fields(self, stamp: Stamp) -> dict[str, object]:
        return {
            "event_id": stamp.event_id,
            "occurred_at": stamp.at,
            "candidature_id": self.id,
            "job_seeker_id": self.job_seeker_id,
            "company_id": self.company_id,
            "actor_id": stamp.actor_id,
        }


def check_hiring_dates(hiring: Hiring, contract_types: set[ContractType]) -> None:
    """A fixed-term contract needs its end date; a contract ends after it starts."""
    if hiring.end_at is None and contract_types & FIXED_TERM_CONTRACTS:
        raise InvalidHiringDates(
            "Un contrat à durée déterminée demande une date de fin d'embauche.",
            errors=[FieldError("/hiring_end_at", "required for a fixed-term contract")],
        )
    if hiring.end_at is not None and hiring.end_at < hiring.start_at:
        raise InvalidHiringDates(
            "La fin de l'embauche précède son début.",
            errors=[FieldError("/hiring_end_at", "must be on or after hiring_start_at")],
        )
