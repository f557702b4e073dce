"""The PASS IAE: the approval that lets a person be hired in an SIAE."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from domain.approvals import events
from domain.approvals.business_dates import days_in
from domain.approvals.hire_dates import HireDates
from domain.approvals.hires import ApprovalHire, Employer
from domain.approvals.numbers import PassNumber
from domain.approvals.prolongation_denials import Denial
from domain.approvals.prolongations import (
    Prolongation,
    ProlongationAsk,
    ProlongationPending,
    ProlongationStatus,
    new_prolongation,
)
from domain.approvals.suspension_edits import SuspensionEdits
from domain.approvals.suspensions import Suspension, SuspensionRequest, new_suspension
from domain.dates import add_days
from domain.errors import Conflict, NotFound

if TYPE_CHECKING:
    from domain.ports.system import IdGenerator

# Two years minus one day: the first day counts.
VALIDITY = timedelta(days=730)


class ApprovalStatus(StrEnum):
    FUTURE = "future"
    VALID = "valid"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    # Its issuing hire was cancelled: kept for history, it no longer counts.
    CANCELLED = "cancelled"


class ApprovalCancelledError(Conflict):
    code = "approval-cancelled"
    title = "PASS IAE annulé"


class ApprovalChangedConcurrently(Conflict):
    """Two transactions changed one PASS IAE (or issued one to one person) at once."""

    code = "approval-changed-concurrently"
    title = "PASS IAE modifié entre-temps"


@dataclass(slots=True)
class Approval(SuspensionEdits, HireDates):
    id: UUID
    number: str  # the 12 characters of a ``PassNumber``, without spaces
    job_seeker_id: UUID
    rank: int  # 1 for a person's first PASS IAE, 2 for the next…: one issue at a time
    start_at: date
    end_at: date  # included; moves with suspensions and granted prolongations
    diagnosis_id: UUID | None
    issued_by_company_id: UUID
    issued_by_candidature_id: UUID
    created_at: datetime
    hires: list[ApprovalHire] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)
    prolongations: list[Prolongation] = field(default_factory=list)
    cancelled_at: datetime | None = None
    version: int = 1  # bumped by every change, so that concurrent changes conflict
    events: list[object] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def issue(
        cls,
        *,
        ids: "IdGenerator",
        number: PassNumber,
        job_seeker_id: UUID,
        rank: int,
        hiring_start: date,
        diagnosis_id: UUID,
        company_id: UUID,
        candidature_id: UUID,
        at: datetime,
    ) -> "Approval":
        """A new PASS IAE for a hire: valid from the hiring start for 730 days."""
        end_at = add_days(hiring_start, VALIDITY.days - 1, pointer="/hiring_start_at")
        approval = cls(
            id=ids.new_id(),
            number=number.value,
            job_seeker_id=job_seeker_id,
            rank=rank,
            start_at=hiring_start,
            end_at=end_at,
            diagnosis_id=diagnosis_id,
            issued_by_company_id=company_id,
            issued_by_candidature_id=candidature_id,
            created_at=at,
        )
        approval.hires.append(ApprovalHire(ids.new_id(), company_id, candidature_id, hiring_start, at))
        approval.events.append(
            events.ApprovalIssued(
                ids.new_id(), at, number.value, job_seeker_id, company_id, candidature_id, hiring_start, end_at
            )
        )
        return approval

    @property
    def number_display(self) -> str:
        return PassNumber(self.number).display

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def status_on(self, day: date) -> ApprovalStatus:
        if self.is_cancelled:
            return ApprovalStatus.CANCELLED
        if day < self.start_at:
            return ApprovalStatus.FUTURE
        if day > self.end_at:
            return ApprovalStatus.EXPIRED
        if any(s.covers(day) for s in self.suspensions):
            return ApprovalStatus.SUSPENDED
        return ApprovalStatus.VALID

    def in_force_on(self, day: date) -> bool:
        """Whether it has not ended by ``day``: valid, suspended, or starting
        later (issued for a hire that has not begun). Such a PASS is reused by
        the next hire and keeps its diagnosis valid."""
        return not self.is_cancelled and day <= self.end_at

    def remaining_days_on(self, day: date) -> int:
        """Days of validity left from ``day`` (or from its start, if later),
        both ends included, suspended days excluded."""
        if self.status_on(day) in (ApprovalStatus.CANCELLED, ApprovalStatus.EXPIRED):
            return 0
        first = max(self.start_at, day)
        suspended = sum(_overlap(s.start_at, s.end_at, first, self.end_at) for s in self.suspensions)
        return days_in(first, self.end_at) - suspended

    def is_hired_by(self, company_id: UUID) -> bool:
        """Whether the company employs the holder with this PASS IAE now."""
        return any(h.is_active and h.company_id == company_id for h in self.hires)

    def was_hired_by(self, company_id: UUID) -> bool:
        return any(h.company_id == company_id for h in self.hires)

    def prolongation(self, prolongation_id: UUID) -> Prolongation | None:
        return next((p for p in self.prolongations if p.id == prolongation_id), None)

    def reuse_for_hire(
        self, *, ids: "IdGenerator", company_id: UUID, candidature_id: UUID, hiring_start: date, at: datetime
    ) -> None:
        """Another hire with this PASS: its dates stay; a suspension running
        on the hiring start ends the day before."""
        self._ensure_not_cancelled()
        for suspension in [s for s in self.suspensions if s.covers(hiring_start)]:
            kept_days = (hiring_start - suspension.start_at).days
            self.end_at -= timedelta(days=suspension.days - kept_days)
            if kept_days:
                suspension.end_at = hiring_start - timedelta(days=1)
            else:
                self.suspensions.remove(suspension)
        self.hires.append(ApprovalHire(ids.new_id(), company_id, candidature_id, hiring_start, at))
        self._record(events.ApprovalReused(ids.new_id(), at, self.number, company_id, candidature_id, hiring_start))

    def release_hire(self, *, candidature_id: UUID, at: datetime) -> None:
        """The hire of this candidature was cancelled. When it issued the PASS
        and no other hire uses it, the PASS is cancelled (its number is kept).
        The candidature's ``HireCancelled`` event tells the story: no event here."""
        hire = next((h for h in self.hires if h.is_active and h.candidature_id == candidature_id), None)
        if hire is None:
            raise NotFound(f"Aucune embauche de cette candidature n'utilise le PASS IAE {self.number_display}.")
        hire.released_at = at
        self.version += 1
        in_use = any(h.is_active for h in self.hires)
        if candidature_id == self.issued_by_candidature_id and not in_use:
            self.cancelled_at = self.cancelled_at or at

    def suspend(
        self, *, ids: "IdGenerator", request: SuspensionRequest, employer: Employer, today: date, at: datetime
    ) -> Suspension:
        """Suspend it for a period: its end date moves later by as many days."""
        self._ensure_not_cancelled()
        suspension = new_suspension(
            request,
            id=ids.new_id(),
            company_id=employer.company_id,
            company_kind=employer.company_kind,
            by_user_id=employer.user_id,
            validity=(self.start_at, self.end_at),
            existing=self.suspensions,
            today=today,
            at=at,
        )
        self.suspensions.append(suspension)
        self.suspensions.sort(key=lambda s: s.start_at)
        self.end_at = add_days(self.end_at, suspension.days, pointer="/end_at")
        s = suspension
        self._record(events.ApprovalSuspended(ids.new_id(), at, self.number, s.id, s.start_at, s.end_at, s.reason))
        return suspension

    def request_prolongation(
        self, *, ids: "IdGenerator", ask: ProlongationAsk, employer: Employer, age: int | None, at: datetime
    ) -> Prolongation:
        """Ask to extend it from the day after its end; the reasons that need
        no prescriber's decision are granted at once."""
        self._ensure_not_cancelled()
        if any(p.status is ProlongationStatus.PENDING for p in self.prolongations):
            raise ProlongationPending("Une demande de prolongation de ce PASS IAE attend déjà une décision.")
        prolongation = new_prolongation(
            ask,
            id=ids.new_id(),
            start_at=add_days(self.end_at, 1),
            company_id=employer.company_id,
            company_kind=employer.company_kind,
            by_user_id=employer.user_id,
            age=age,
            already=self.prolongations,
            at=at,
        )
        self.prolongations.append(prolongation)
        self._record(
            events.ProlongationRequested(
                event_id=ids.new_id(),
                occurred_at=at,
                approval_number=self.number,
                prolongation_id=prolongation.id,
                reason=prolongation.reason,
                end_at=prolongation.end_at,
                requested_by_company_id=employer.company_id,
                prescriber_organisation_id=prolongation.prescriber_organisation_id,
                assigned_to_user_id=prolongation.assigned_to_user_id,
            )
        )
        if prolongation.prescriber_organisation_id is None:
            self.grant_prolongation(ids=ids, prolongation_id=prolongation.id, by_user_id=None, at=at)
        return prolongation

    def grant_prolongation(
        self, *, ids: "IdGenerator", prolongation_id: UUID, by_user_id: UUID | None, at: datetime
    ) -> Prolongation:
        """A granted prolongation moves the end date of the PASS to its own."""
        prolongation = self._prolongation_to_decide(prolongation_id)
        prolongation.grant(after=self.end_at, by_user_id=by_user_id, at=at)
        self.end_at = prolongation.end_at
        self._record_decision(ids, prolongation, at)
        return prolongation

    def deny_prolongation(
        self, *, ids: "IdGenerator", prolongation_id: UUID, denial: Denial, by_user_id: UUID | None, at: datetime
    ) -> Prolongation:
        prolongation = self._prolongation_to_decide(prolongation_id)
        prolongation.deny(denial=denial, by_user_id=by_user_id, at=at)
        self._record_decision(ids, prolongation, at)
        return prolongation

    def _prolongation_to_decide(self, prolongation_id: UUID) -> Prolongation:
        self._ensure_not_cancelled()
        prolongation = self.prolongation(prolongation_id)
        if prolongation is None:
            raise NotFound("Demande de prolongation introuvable.")
        return prolongation

    def _record_decision(self, ids: "IdGenerator", prolongation: Prolongation, at: datetime) -> None:
        self._record(
            events.ProlongationDecided(
                event_id=ids.new_id(),
                occurred_at=at,
                approval_number=self.number,
                prolongation_id=prolongation.id,
                granted=prolongation.status is ProlongationStatus.GRANTED,
                deny_reason=prolongation.deny_reason,
                requested_by_company_id=prolongation.requested_by_company_id,
                requested_by_user_id=prolongation.requested_by_user_id,
                prescriber_organisation_id=prolongation.prescriber_organisation_id,
                deny_reason_code=prolongation.deny_reason_code,
                proposed_actions=tuple(str(a) for a in prolongation.deny_proposed_actions),
                proposed_actions_explanation=prolongation.deny_proposed_actions_explanation,
            )
        )

    def _record(self, event: object) -> None:
        self.version += 1
        self.events.append(event)

    def _ensure_not_cancelled(self) -> None:
        if self.is_cancelled:
            raise ApprovalCancelledError(f"Le PASS IAE {self.number_display} est annulé.")


def _overlap(start: date, end: date, other_start: date, other_end: date) -> int:
    return max(0, (min(end, other_end) - max(start, other_start)).days + 1)
