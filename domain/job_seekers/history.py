"""Reading the history of a job seeker's profile."""

from datetime import datetime
from uuid import UUID

from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.changes import JobSeekerChange
from domain.job_seekers.visibility import JobSeekerNotFound, ensure_can_see_job_seeker, ensure_scope
from domain.ports.unit_of_work import UnitOfWork


async def job_seeker_history(
    *, uow: UnitOfWork, actor: Principal, job_seeker_id: UUID, after: tuple[datetime, UUID] | None, limit: int
) -> list[JobSeekerChange]:
    """The changes made to a job seeker's profile, newest first.

    - The person himself, whoever sees him (see ``GET /job-seekers/{id}``) and
      staff; anyone else: 404. Partner applications need ``job_seekers:read``.
    - Each change names its field, its author (person or partner application,
      and the structure he acted for) and when; the values before and after,
      except for the NIR, of which only the change is kept.
    """
    ensure_scope(actor, Scope.JOB_SEEKERS_READ)
    async with uow:
        job_seeker = await uow.job_seekers.get(job_seeker_id)
        if job_seeker is None:
            raise JobSeekerNotFound("Ce candidat n'existe pas ou ne vous est pas visible.")
        ensure_can_see_job_seeker(actor, job_seeker, await uow.job_seekers.links(job_seeker_id))
        return await uow.job_seeker_changes.of_job_seeker(job_seeker_id, after=after, limit=limit)
