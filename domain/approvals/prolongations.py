"""Prolongations of a PASS IAE: asked by the employer, decided by a
habilitated prescriber, or granted on request for some reasons."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from domain.approvals.business_dates import InvalidPeriod, days_in
from domain.approvals.prolongation_denials import Denial, DenyReason, ProposedAction
from domain.companies.companies import CompanyKind
from domain.dates import add_days
from domain.errors import Conflict, FieldError, RuleViolation


class ProlongationReason(StrEnum):
    SENIOR_CDI = "senior_cdi"  # CDI inclusion for a person over 57
    COMPLETE_TRAINING = "complete_training"
    RQTH = "rqth"
    SENIOR = "senior"  # 50 or over
    PARTICULAR_DIFFICULTIES = "particular_difficulties"


class ProlongationStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    DENIED = "denied"


@dataclass(slots=True, frozen=True)
class ProlongationRule:
    per_request_days: int
    cumulative_days: int | None
    granted_on_request: bool = False
    company_kinds: frozenset[CompanyKind] | None = None
    min_age: int | None = None


# Durations are counted in days (12 months = 365 days) so that requests add up.
YEAR = 365
RULES = {
    ProlongationReason.SENIOR_CDI: ProlongationRule(10 * YEAR, 10 * YEAR, granted_on_request=True, min_age=57),
    ProlongationReason.COMPLETE_TRAINING: ProlongationRule(YEAR, None, granted_on_request=True),
    ProlongationReason.RQTH: ProlongationRule(YEAR, 3 * YEAR),
    ProlongationReason.SENIOR: ProlongationRule(YEAR, 5 * YEAR, min_age=50),
    ProlongationReason.PARTICULAR_DIFFICULTIES: ProlongationRule(
        YEAR, 3 * YEAR, company_kinds=frozenset({CompanyKind.AI, CompanyKind.ACI})
    ),
}


class ProlongationTooLong(RuleViolation):
    code = "prolongation-too-long"
    title = "Prolongation trop longue"


class ProlongationReasonNotAllowed(RuleViolation):
    code = "prolongation-reason-not-allowed"
    title = "Motif de prolongation non autorisé"


class PrescriberRequired(RuleViolation):
    code = "prolongation-prescriber-required"
    title = "Prescripteur habilité requis"


class ProlongationCumulativeLimit(Conflict):
    code = "prolongation-cumulative-limit"
    title = "Durée cumulée de prolongation dépassée"


class ProlongationPending(Conflict):
    code = "prolongation-pending"
    title = "Demande de prolongation déjà en cours"


class ProlongationAlreadyDecided(Conflict):
    code = "prolongation-already-decided"
    title = "Demande de prolongation déjà traitée"


@dataclass(slots=True)
class Prolongation:
    id: UUID
    reason: ProlongationReason
    start_at: date
    end_at: date  # included
    status: ProlongationStatus
    requested_at: datetime
    requested_by_user_id: UUID | None
    requested_by_company_id: UUID
    prescriber_organisation_id: UUID | None  # who decides; None when granted on request
    message: str = ""
    decided_at: datetime | None = None
    decided_by_user_id: UUID | None = None
    deny_reason: str | None = None  # the prescriber's explanation
    # The habilitated prescriber the employer addressed it to; None: any
    # member of the organisation decides.
    assigned_to_user_id: UUID | None = None
    deny_reason_code: DenyReason | None = None
    deny_proposed_actions: tuple[ProposedAction, ...] = ()
    deny_proposed_actions_explanation: str = ""

    @property
    def days(self) -> int:
        return days_in(self.start_at, self.end_at)

    @property
    def counts(self) -> bool:
        """Whether it takes from the cumulative allowance (pending ones may be granted)."""
        return self.status is not ProlongationStatus.DENIED

    def grant(self, *, after: date, by_user_id: UUID | None, at: datetime) -> None:
        """Granted: it starts the day after ``after`` (the PASS's current end,
        later than asked if a suspension moved it meanwhile) and lasts as many
        days as asked."""
        self._ensure_pending()
        start_at = add_days(after, 1)
        self.start_at, self.end_at = start_at, add_days(start_at, self.days - 1)
        self.status, self.decided_at, self.decided_by_user_id = ProlongationStatus.GRANTED, at, by_user_id

    def deny(self, *, denial: Denial, by_user_id: UUID | None, at: datetime) -> None:
        self._ensure_pending()
        self.deny_reason, self.deny_reason_code = denial.explanation, denial.reason
        self.deny_proposed_actions = denial.proposed_actions
        self.deny_proposed_actions_explanation = denial.proposed_actions_explanation
        self.status, self.decided_at, self.decided_by_user_id = ProlongationStatus.DENIED, at, by_user_id

    def _ensure_pending(self) -> None:
        if self.status is not ProlongationStatus.PENDING:
            raise ProlongationAlreadyDecided(f"Cette demande de prolongation est déjà {self.status}.")


@dataclass(slots=True, frozen=True)
class ProlongationAsk:
    reason: ProlongationReason
    end_at: date
    prescriber_organisation_id: UUID | None = None
    message: str = ""
    assigned_to_user_id: UUID | None = None  # checked by the use case: a member of that organisation


def new_prolongation(
    ask: ProlongationAsk,
    *,
    id: UUID,
    start_at: date,
    company_id: UUID,
    company_kind: CompanyKind,
    by_user_id: UUID | None,
    age: int | None,
    already: list[Prolongation],
    at: datetime,
) -> Prolongation:
    """A pending request from ``start_at`` (the day after the PASS's end) that
    obeys the limits of DOMAIN.md for its reason."""
    if ask.end_at < start_at:
        raise InvalidPeriod(
            "Une prolongation finit après la fin actuelle du PASS IAE.",
            errors=[FieldError("/end_at", "not after the PASS IAE end")],
        )
    _check_limits(ask, start_at=start_at, company_kind=company_kind, age=age, already=already)
    on_request = RULES[ask.reason].granted_on_request
    return Prolongation(
        id=id,
        reason=ask.reason,
        start_at=start_at,
        end_at=ask.end_at,
        status=ProlongationStatus.PENDING,
        requested_at=at,
        requested_by_user_id=by_user_id,
        requested_by_company_id=company_id,
        prescriber_organisation_id=None if on_request else ask.prescriber_organisation_id,
        message=ask.message,
        assigned_to_user_id=None if on_request else ask.assigned_to_user_id,
    )


def _check_limits(
    ask: ProlongationAsk, *, start_at: date, company_kind: CompanyKind, age: int | None, already: list[Prolongation]
) -> None:
    rule = RULES[ask.reason]
    if rule.company_kinds is not None and company_kind not in rule.company_kinds:
        kinds = ", ".join(sorted(rule.company_kinds))
        raise ProlongationReasonNotAllowed(
            f"Le motif {ask.reason} est réservé aux structures {kinds}.",
            errors=[FieldError("/reason", f"only for {kinds}")],
        )
    if rule.min_age is not None and age is not None and age < rule.min_age:
        raise ProlongationReasonNotAllowed(
            f"Le motif {ask.reason} concerne les personnes d'au moins {rule.min_age} ans.",
            errors=[FieldError("/reason", f"the job seeker must be {rule.min_age} or older")],
        )
    if not rule.granted_on_request and ask.prescriber_organisation_id is None:
        raise PrescriberRequired(
            f"Le motif {ask.reason} est décidé par un prescripteur habilité : nommez son organisation.",
            errors=[FieldError("/prescriber_organisation_id", "required for this reason")],
        )
    days = days_in(start_at, ask.end_at)
    if days > rule.per_request_days:
        raise ProlongationTooLong(
            f"Une prolongation pour le motif {ask.reason} dure au plus {rule.per_request_days} jours.",
            errors=[FieldError("/end_at", f"at most {rule.per_request_days} days after the PASS IAE end")],
        )
    used = sum(p.days for p in already if p.reason is ask.reason and p.counts)
    if rule.cumulative_days is not None and used + days > rule.cumulative_days:
        raise ProlongationCumulativeLimit(
            f"Les prolongations pour le motif {ask.reason} ne dépassent pas {rule.cumulative_days} jours "
            f"en tout ; {used} jours sont déjà accordés ou demandés.",
            extra={"used_days": used, "limit_days": rule.cumulative_days},
        )
