"""Suspensions of a PASS IAE: while suspended, its days do not run out."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from domain.approvals.business_dates import InvalidPeriod, days_in
from domain.companies.companies import CompanyKind
from domain.dates import add_months
from domain.errors import Conflict, FieldError, RuleViolation


class SuspensionReason(StrEnum):
    CONTRACT_SUSPENDED = "contract_suspended"  # contract suspended for more than 15 days
    CONTRACT_BROKEN = "contract_broken"
    FINISHED_CONTRACT = "finished_contract"
    APPROVAL_BETWEEN_CTA_MEMBERS = "approval_between_cta_members"
    CONTRAT_PASSERELLE = "contrat_passerelle"


MAX_SUSPENSION_MONTHS = 36
MAX_BACKDATING = timedelta(days=365)
# The contrat passerelle (a bridge to a classic employer) exists for EI and ACI only.
REASON_COMPANY_KINDS = {SuspensionReason.CONTRAT_PASSERELLE: frozenset({CompanyKind.EI, CompanyKind.ACI})}


class SuspensionTooLong(RuleViolation):
    code = "suspension-too-long"
    title = "Suspension trop longue"


class SuspensionStartTooOld(RuleViolation):
    code = "suspension-start-too-old"
    title = "Début de suspension trop ancien"


class SuspensionOutsideValidity(RuleViolation):
    code = "suspension-outside-validity"
    title = "Suspension hors de la validité du PASS IAE"


class SuspensionReasonNotAllowed(RuleViolation):
    code = "suspension-reason-not-allowed"
    title = "Motif de suspension non autorisé"


class SuspensionOverlap(Conflict):
    code = "suspension-overlap"
    title = "Suspensions qui se chevauchent"


@dataclass(slots=True)
class Suspension:
    id: UUID
    start_at: date
    end_at: date  # included
    reason: SuspensionReason
    company_id: UUID
    created_by_user_id: UUID | None
    created_at: datetime

    @property
    def days(self) -> int:
        return days_in(self.start_at, self.end_at)

    def covers(self, day: date) -> bool:
        return self.start_at <= day <= self.end_at

    def overlaps(self, start_at: date, end_at: date) -> bool:
        return self.start_at <= end_at and start_at <= self.end_at


@dataclass(slots=True, frozen=True)
class SuspensionRequest:
    start_at: date
    end_at: date
    reason: SuspensionReason


def new_suspension(
    request: SuspensionRequest,
    *,
    id: UUID,
    company_id: UUID,
    company_kind: CompanyKind,
    by_user_id: UUID | None,
    validity: tuple[date, date],
    existing: list[Suspension],
    today: date,
    at: datetime,
) -> Suspension:
    """A suspension that obeys DOMAIN.md: it starts within the PASS validity
    and overlaps none of its other suspensions."""
    _check_alone(request, company_kind=company_kind, today=today)
    if not validity[0] <= request.start_at <= validity[1]:
        raise SuspensionOutsideValidity(
            f"Une suspension commence pendant la validité du PASS IAE ({validity[0]} – {validity[1]}).",
            errors=[FieldError("/start_at", "outside the PASS IAE validity")],
        )
    if any(s.overlaps(request.start_at, request.end_at) for s in existing):
        raise SuspensionOverlap("Cette période chevauche une suspension existante du PASS IAE.")
    return Suspension(id, request.start_at, request.end_at, request.reason, company_id, by_user_id, at)


def check_period(start_at: date, end_at: date) -> None:
    """A suspension ends on or after its start, within 36 months."""
    if end_at < start_at:
        raise InvalidPeriod(
            "La fin de la suspension précède son début.", errors=[FieldError("/end_at", "before start_at")]
        )
    if end_at >= add_months(start_at, MAX_SUSPENSION_MONTHS, pointer="/start_at"):
        raise SuspensionTooLong(
            f"Une suspension dure au plus {MAX_SUSPENSION_MONTHS} mois.",
            errors=[FieldError("/end_at", f"at most {MAX_SUSPENSION_MONTHS} months after start_at")],
        )


def _check_alone(request: SuspensionRequest, *, company_kind: CompanyKind, today: date) -> None:
    check_period(request.start_at, request.end_at)
    if request.start_at < today - MAX_BACKDATING:
        raise SuspensionStartTooOld(
            f"Une suspension commence au plus {MAX_BACKDATING.days} jours dans le passé.",
            errors=[FieldError("/start_at", f"at most {MAX_BACKDATING.days} days in the past")],
        )
    allowed = REASON_COMPANY_KINDS.get(request.reason)
    if allowed is not None and company_kind not in allowed:
        kinds = ", ".join(sorted(allowed))
        raise SuspensionReasonNotAllowed(
            f"Le motif {request.reason} est réservé aux structures {kinds}.",
            errors=[FieldError("/reason", f"only for {kinds}")],
        )
