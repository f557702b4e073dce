"""Finding a person by his NIR, so that a known person is not registered twice."""

from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.job_seekers import JobSeekerCard, NirLookup
from domain.job_seekers.nir import compact_nir
from domain.job_seekers.visibility import ensure_scope, may_read_nir
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


async def find_job_seeker_by_nir(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, nir: str
) -> JobSeekerCard | None:
    """The person with exactly this NIR (spaces ignored), or nobody.

    - Prescribers (habilitated or orienteurs) and employers acting for their
      organisation or company; partner applications with ``job_seekers:read``.
      Job seekers and staff: 403.
    - Every lookup is audited (who, for which tenant, when, whom it found),
      found or not; the NIR itself is not stored.
    - Finding him by his NIR links the caller's tenant to him: he may then
      read his profile and apply for him, as one who knows his NIR knows him.
    """
    if actor.organisation_id is None and actor.company_id is None:
        raise Forbidden("La recherche par NIR est réservée aux prescripteurs et aux employeurs.")
    ensure_scope(actor, Scope.JOB_SEEKERS_READ)
    async with uow:
        job_seeker = await uow.job_seekers.get_by_nir(compact_nir(nir))
        await uow.job_seekers.record_lookup(
            NirLookup(
                id=ids.new_id(),
                at=clock.now(),
                user_id=actor.user_id,
                client_id=actor.client_id,
                organisation_id=actor.organisation_id,
                company_id=actor.company_id,
                found_job_seeker_id=job_seeker.id if job_seeker else None,
            )
        )
        await uow.commit()
        if job_seeker is None:
            return None
        links = await uow.job_seekers.links(job_seeker.id)
        return JobSeekerCard(job_seeker, nir_in_clear=may_read_nir(actor, job_seeker, links))
