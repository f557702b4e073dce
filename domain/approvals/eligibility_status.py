"""What makes a job seeker eligible in a company today, and why."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.approvals.approvals import Approval, ApprovalStatus
from domain.approvals.eligibility_for_hire import WAITING_PERIOD_MONTHS, approval_in_force, diagnosis_that_counts
from domain.companies.companies import Company
from domain.dates import add_months
from domain.eligibility.diagnoses import AuthorKind, EligibilityDiagnosis
from domain.errors import FieldError, RuleViolation
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.ages import paris_day
from domain.job_seekers.visibility import JobSeekerNotFound, ensure_can_see_job_seeker, ensure_scope
from domain.ports.system import Clock
from domain.ports.unit_of_work import UnitOfWork


class UnknownCompany(RuleViolation):
    code = "unknown-company"
    title = "Structure inconnue"


@dataclass(slots=True, frozen=True)
class EligibilityStatus:
    diagnosis: EligibilityDiagnosis | None  # the one that counts, valid by definition
    approval: Approval | None  # his latest PASS IAE not cancelled, ended or not
    at: datetime
    reasons: list[str]  # why, in French, for people

    @property
    def today(self) -> date:
        return paris_day(self.at)


async def get_eligibility(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, job_seeker_id: UUID, company_id: UUID | None
) -> EligibilityStatus:
    """The diagnosis that counts for a company today, the job seeker's PASS
    IAE if any, and the reasons, in French.

    - Whoever may see the job seeker (404 otherwise), with ``job_seekers:read``.
    - Without ``company_id``: the company the caller acts for, if any; else
      only a habilitated prescriber's diagnosis counts. Unknown company: 422.
    """
    async with uow:
        job_seeker = await uow.job_seekers.get(job_seeker_id)
        if job_seeker is None:
            raise JobSeekerNotFound("Ce candidat n'existe pas ou ne vous est pas visible.")
        ensure_can_see_job_seeker(actor, job_seeker, await uow.job_seekers.links(job_seeker.id))
        ensure_scope(actor, Scope.JOB_SEEKERS_READ)
        company = await _company(uow, company_id or actor.company_id, given=company_id is not None)
        approvals = await uow.approvals.for_job_seeker(job_seeker.id)
        at = clock.now()
        diagnosis = diagnosis_that_counts(
            diagnoses=await uow.diagnoses.for_job_seeker(job_seeker.id),
            approvals=approvals,
            company_id=company.id if company else None,
            at=at,
        )
        latest = max((a for a in approvals if not a.is_cancelled), key=lambda a: a.rank, default=None)
        return EligibilityStatus(diagnosis, latest, at, _reasons(company, diagnosis, approvals, at))


async def _company(uow: UnitOfWork, company_id: UUID | None, *, given: bool) -> Company | None:
    if company_id is None:
        return None
    company = await uow.companies.get(company_id)
    if company is None and given:
        raise UnknownCompany(
            "Aucune structure n'a cet identifiant.", errors=[FieldError("/query/company_id", "unknown company")]
        )
    return company


def _reasons(
    company: Company | None, diagnosis: EligibilityDiagnosis | None, approvals: list[Approval], at: datetime
) -> list[str]:
    today = paris_day(at)
    if company is not None and not company.subject_to_eligibility:
        return [f"Les structures {company.kind} ne demandent ni diagnostic d'éligibilité ni PASS IAE."]
    current = approval_in_force(approvals, today)
    reasons = [_about_approval(current, today)] if current else []
    if diagnosis is not None:
        reasons.append(_about_diagnosis(diagnosis, current, at))
    elif current is None:
        reasons.append(
            "Aucun diagnostic d'éligibilité valide : un prescripteur habilité ou la structure doit en faire un."
        )
    ended = max((a for a in approvals if not a.is_cancelled and a.end_at < today), key=lambda a: a.end_at, default=None)
    if current is None and ended is not None and today < add_months(ended.end_at, WAITING_PERIOD_MONTHS):
        reasons.append(
            f"Délai de carence : le dernier PASS IAE a pris fin le {ended.end_at:%d/%m/%Y} ; jusqu'au "
            f"{add_months(ended.end_at, WAITING_PERIOD_MONTHS):%d/%m/%Y}, seul un diagnostic d'un prescripteur "
            "habilité fait après cette fin permet d'en délivrer un nouveau."
        )
    return reasons


def _about_approval(approval: Approval, today: date) -> str:
    state = {ApprovalStatus.SUSPENDED: "suspendu", ApprovalStatus.FUTURE: "à venir"}.get(
        approval.status_on(today), "valide"
    )
    return (
        f"PASS IAE {approval.number_display} {state} jusqu'au {approval.end_at:%d/%m/%Y} : "
        "il sera repris, sans changer ses dates, à la prochaine embauche en SIAE."
    )


def _about_diagnosis(diagnosis: EligibilityDiagnosis, current: Approval | None, at: datetime) -> str:
    who = (
        "d'un prescripteur habilité, valable pour toutes les structures"
        if diagnosis.author_kind is AuthorKind.PRESCRIBER
        else "de la structure, valable pour elle seule"
    )
    if not diagnosis.is_expired(at):
        return f"Diagnostic {who} ; il expire le {paris_day(diagnosis.expires_at):%d/%m/%Y}."
    number = current.number_display if current else ""
    return f"Diagnostic {who} : expiré, il reste valable tant que le PASS IAE {number} qu'il a justifié est en cours."
