"""Matches for one job seeker: his profile turned into a ``MatchProfile``."""

from uuid import UUID

from domain.approvals.business_dates import paris_date
from domain.approvals.eligibility_for_hire import approval_in_force, diagnosis_that_counts
from domain.errors import RuleViolation
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.visibility import JobSeekerNotFound, ensure_can_see_job_seeker, ensure_scope
from domain.matching.matches import match_postings
from domain.matching.ranking import Match, MatchProfile
from domain.ports.matching import LocatedSearch
from domain.ports.referentials import CommuneReferential
from domain.ports.system import Clock
from domain.ports.unit_of_work import UnitOfWork


class CommuneUnknown(RuleViolation):
    code = "job-seeker-without-commune"
    title = "Commune du candidat inconnue"


async def matches_for_job_seeker(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    search: LocatedSearch,
    communes: CommuneReferential,
    job_seeker_id: UUID,
    distance_km: float,
    limit: int,
) -> list[Match]:
    """Active postings to suggest to a job seeker, best first.

    - Whoever may see the job seeker (404 otherwise), with ``job_seekers:read``.
    - His profile needs a commune (422 ``job-seeker-without-commune``).
    - He counts as eligible to the IAE when he holds a PASS IAE in force or a
      habilitated prescriber's diagnosis that is still valid.
    - Companies where he has a pending candidature are left out.
    """
    async with uow:
        job_seeker = await uow.job_seekers.get(job_seeker_id)
        if job_seeker is None:
            raise JobSeekerNotFound("Ce candidat n'existe pas ou ne vous est pas visible.")
        ensure_can_see_job_seeker(actor, job_seeker, await uow.job_seekers.links(job_seeker.id))
        ensure_scope(actor, Scope.JOB_SEEKERS_READ)
        if job_seeker.commune is None:
            raise CommuneUnknown("Renseignez la commune du candidat pour lui suggérer des offres.")
        at = clock.now()
        approvals = await uow.approvals.for_job_seeker(job_seeker.id)
        diagnosis = diagnosis_that_counts(
            diagnoses=await uow.diagnoses.for_job_seeker(job_seeker.id), approvals=approvals, company_id=None, at=at
        )
        pending_companies = await uow.candidatures.pending_company_ids(job_seeker.id)
    profile = MatchProfile(
        commune=job_seeker.commune,
        wished_rome_codes=frozenset(job_seeker.wished_rome_codes),
        eligible_for_iae=diagnosis is not None or approval_in_force(approvals, paris_date(at)) is not None,
        excluded_company_ids=pending_companies,
    )
    return await match_postings(
        search=search, communes=communes, profile=profile, distance_km=distance_km, limit=limit, today=paris_date(at)
    )
