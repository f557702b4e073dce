"""Making an eligibility diagnosis."""

from dataclasses import dataclass
from uuid import UUID

from domain.companies.companies import Company
from domain.eligibility.criteria_rules import check_age_criteria, check_auto_prescription, known_criteria
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.errors import FieldError, Forbidden, NotFound, RuleViolation
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.ages import paris_day
from domain.job_seekers.found_by_nir import may_apply_for
from domain.job_seekers.visibility import JobSeekerNotFound, ensure_scope
from domain.ports.referentials import CriteriaReferential
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


class DiagnosisCompanyId(RuleViolation):
    code = "diagnosis-company-id"
    title = "Structure du diagnostic mal indiquée"


class NotSubjectToEligibility(RuleViolation):
    code = "company-not-subject-to-eligibility"
    title = "Structure non soumise à l'éligibilité IAE"


@dataclass(slots=True, frozen=True)
class DiagnosisRequest:
    criteria: tuple[str, ...]
    company_id: UUID | None = None  # an employer's company; none for a prescriber


async def make_eligibility_diagnosis(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    criteria_referential: CriteriaReferential,
    job_seeker_id: UUID,
    request: DiagnosisRequest,
) -> EligibilityDiagnosis:
    """Certify that a job seeker meets the IAE eligibility criteria.

    - A member of a habilitated prescriber organisation: the criteria are
      recorded, none is required; valid 6 calendar months; counts for every company.
    - An employer (auto-prescription), acting for ``company_id``, which must be
      an SIAE (EI, AI, ACI, ETTI, EITI; else 422): at least 1 level 1 criterion,
      or else at least 2 level 2 criteria for AI and ETTI, 3 for ACI, EI and
      EITI (422 ``auto-prescription-criteria``); valid 92 days; counts for that company only.
    - Orienteurs, job seekers and staff: 403; partner applications need
      ``eligibility:write``. The job seeker must be visible to the caller, or
      found by his NIR for the caller's organisation or company (404).
    - Unknown or repeated criterion: 422 naming ``/criteria/<i>``. SENIOR (50 or
      more) and JEUNE (under 26) must agree with a known birthdate (422
      ``age-criterion-mismatch``).
    """
    _ensure_may_diagnose(actor, request)
    async with uow:
        job_seeker = await uow.job_seekers.get(job_seeker_id)
        if job_seeker is None or not await may_apply_for(uow, actor, job_seeker):
            raise JobSeekerNotFound("Ce candidat n'existe pas ou ne vous est pas visible.")
        criteria = known_criteria(request.criteria, criteria_referential)
        at = clock.now()
        check_age_criteria(criteria, birthdate=job_seeker.birthdate, on=paris_day(at))
        codes = tuple(criterion.code for criterion in criteria)
        common = {"id": ids.new_id(), "job_seeker_id": job_seeker.id, "author_user_id": actor.user_id}
        if actor.organisation_id is not None:
            diagnosis = EligibilityDiagnosis.by_prescriber(
                **common, organisation_id=actor.organisation_id, criteria=codes, at=at, event_id=ids.new_id()
            )
        else:
            company = await _diagnosing_company(uow, request.company_id)
            check_auto_prescription(criteria, company.kind)
            diagnosis = EligibilityDiagnosis.by_employer(
                **common, company_id=company.id, criteria=codes, at=at, event_id=ids.new_id()
            )
        await uow.diagnoses.add(diagnosis)
        await uow.commit()
        return diagnosis


def diagnosis_refusal(actor: Principal) -> str | None:
    """Why ``actor`` may not make a diagnosis at all (the rule, in French), or
    None when he may: for a page to explain it before he fills the form."""
    try:
        _ensure_may_diagnose(actor, DiagnosisRequest(criteria=(), company_id=actor.company_id))
    except (Forbidden, RuleViolation) as refusal:
        return refusal.detail
    return None


def _ensure_may_diagnose(actor: Principal, request: DiagnosisRequest) -> None:
    if actor.organisation_id is not None:
        if not actor.is_habilitated_prescriber:
            raise Forbidden("Seul un prescripteur habilité certifie l'éligibilité IAE ; un orienteur ne le peut pas.")
        if request.company_id is not None:
            raise DiagnosisCompanyId(
                "Le diagnostic d'un prescripteur habilité vaut pour toutes les structures : ne donnez pas company_id.",
                errors=[FieldError("/company_id", "only an employer's diagnosis names a company")],
            )
    elif actor.company_id is not None:
        if request.company_id is None:
            raise DiagnosisCompanyId(
                "Un employeur diagnostique pour sa structure : donnez company_id.",
                errors=[FieldError("/company_id", "required for an employer")],
            )
        if request.company_id != actor.company_id:
            raise Forbidden("Un employeur ne diagnostique que pour la structure pour laquelle il agit.")
    else:
        raise Forbidden("Seuls les prescripteurs habilités et les employeurs de SIAE font un diagnostic.")
    ensure_scope(actor, Scope.ELIGIBILITY_WRITE)


async def _diagnosing_company(uow: UnitOfWork, company_id: UUID | None) -> Company:
    company = await uow.companies.get(company_id) if company_id else None
    if company is None:
        raise NotFound("Structure introuvable.")
    if not company.subject_to_eligibility:
        raise NotSubjectToEligibility(
            f"Une structure {company.kind} n'est pas soumise à l'éligibilité IAE : pas de diagnostic à faire.",
            errors=[FieldError("/company_id", "must be an SIAE (EI, AI, ACI, ETTI, EITI)")],
        )
    return company
