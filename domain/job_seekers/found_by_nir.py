"""What finding a person by his NIR allows: applying for him, and (for who
may make one) his eligibility diagnosis; not seeing his profile."""

from domain.identity.principal import Principal
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerLinks
from domain.job_seekers.visibility import can_see
from domain.ports.unit_of_work import UnitOfWork


async def may_apply_for(
    uow: UnitOfWork, actor: Principal, job_seeker: JobSeeker, links: JobSeekerLinks | None = None
) -> bool:
    """Whoever sees him, and the organisation or company that found him by
    his NIR: DOMAIN.md lets a prescriber or an employer "apply for a job
    seeker he can see, or find one by NIR". The candidature or the diagnosis
    he makes then links his structure to the person."""
    if can_see(actor, job_seeker, links if links is not None else await uow.job_seekers.links(job_seeker.id)):
        return True
    if actor.organisation_id is None and actor.company_id is None:
        return False
    return await uow.job_seekers.was_found_by(
        job_seeker.id, organisation_id=actor.organisation_id, company_id=actor.company_id
    )
