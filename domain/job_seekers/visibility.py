"""Who may see, edit and read the NIR of a job seeker.

Seeing him (DOMAIN.md "Job seekers" and "Personal data guards"): the person
himself; members of a prescriber organisation that created him, diagnosed
him or sent a candidature for him; members of a company that created him,
diagnosed him or received a candidature from him; staff. Finding him by his
NIR is not seeing him: it lets the tenant apply for him, no more. A partner
application sees what a member of its tenant sees. Whoever may not see him
is told he does not exist (404), never 403. Who may change what:
``editing.py``.

These functions say nothing of scopes: each use case checks the scope of
its own action (``job_seekers:read``, ``candidatures:write``…).
"""

from domain.companies.companies import SUBJECT_TO_ELIGIBILITY
from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerLinks


class JobSeekerNotFound(NotFound):
    code = "job-seeker-not-found"
    title = "Candidat introuvable"


def is_himself(actor: Principal, job_seeker: JobSeeker) -> bool:
    return actor.user_id is not None and actor.user_id == job_seeker.user_id


def is_linked(actor: Principal, links: JobSeekerLinks) -> bool:
    """Whether the tenant the actor acts for followed this person."""
    if actor.organisation_id is not None:
        return actor.organisation_id in links.organisation_ids
    return actor.company_id is not None and actor.company_id in links.company_ids


def can_see(actor: Principal, job_seeker: JobSeeker, links: JobSeekerLinks) -> bool:
    return actor.is_staff or is_himself(actor, job_seeker) or is_linked(actor, links)


def ensure_can_see_job_seeker(actor: Principal, job_seeker: JobSeeker, links: JobSeekerLinks) -> None:
    if can_see(actor, job_seeker, links):
        return
    raise JobSeekerNotFound("Ce candidat n'existe pas ou ne vous est pas visible.")


def may_read_nir(actor: Principal, job_seeker: JobSeeker, links: JobSeekerLinks) -> bool:
    """The NIR in clear goes to who needs it: the person himself; members of a
    habilitated prescriber organisation who see him (they certify his
    eligibility and the PASS IAE is issued on their word); employers of an
    SIAE who see him (the employee record they send to the ASP carries it).
    Orienteurs, other employers (GEIQ, EA…) and staff read it masked."""
    if is_himself(actor, job_seeker):
        return True
    if not is_linked(actor, links) or actor.acting_for is None:
        return False
    if actor.organisation_id is not None:
        return actor.acting_for.habilitated
    return actor.acting_for.company_kind in SUBJECT_TO_ELIGIBILITY


def ensure_scope(actor: Principal, scope: Scope) -> None:
    """People hold every scope; a partner application only those granted."""
    if not actor.has_scope(scope):
        raise Forbidden(f"Cette application n'a pas le droit {scope}.")
