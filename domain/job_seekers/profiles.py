"""Reading and editing a job seeker's profile."""

from uuid import UUID

from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.changes import changes_to_keep
from domain.job_seekers.editing import EditingFacts, ensure_may_change
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerCard, JobSeekerLinks
from domain.job_seekers.registration import check_referentials, ensure_unique_identity
from domain.job_seekers.visibility import JobSeekerNotFound, ensure_can_see_job_seeker, ensure_scope, may_read_nir
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork
from domain.referentials.bundle import Referentials


async def get_job_seeker(*, uow: UnitOfWork, actor: Principal, job_seeker_id: UUID) -> JobSeekerCard:
    """A job seeker's profile.

    - The person himself; members of a prescriber organisation that created
      him, diagnosed him or sent a candidature for him; members of a company
      that created him, diagnosed him or received a candidature from him;
      staff. Anyone else, a structure that only found him by his NIR
      included: 404.
    - Partner applications need ``job_seekers:read`` (403).
    - The NIR is in clear for the person himself, habilitated prescribers and
      employers of an SIAE (who certify his eligibility or declare his hire to
      the ASP); masked (``1 85 05 ** *** *** **``) for everyone else.
    """
    ensure_scope(actor, Scope.JOB_SEEKERS_READ)
    async with uow:
        job_seeker, links = await _visible(uow, actor, job_seeker_id)
        return JobSeekerCard(job_seeker, nir_in_clear=may_read_nir(actor, job_seeker, links))


async def revise_job_seeker(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    referentials: Referentials,
    job_seeker_id: UUID,
    changes: dict[str, object],
) -> JobSeekerCard:
    """Change some fields of a job seeker's profile; ``null`` clears an optional one.

    - Whoever may not see him: 404. Partner applications need ``job_seekers:write``.
    - His identity (``first_name``, ``last_name``, ``birthdate``, ``sex``,
      ``nir``, ``email``): himself when he has an account; otherwise the
      structure that registered him, until a PASS IAE is issued to him;
      staff always. Anyone else: 403 ``job-seeker-identity-locked``.
    - His other details (``phone``, ``commune``, ``france_travail_id``,
      ``wished_rome_codes``): himself, the structure that registered him and
      the structures that have a candidature for him (sent or received);
      anyone else, staff included: 403 ``job-seeker-details-locked``.
    - Only the fields whose value changes count; each change is kept in his
      history (``GET /job-seekers/{id}/history``).
    - The same checks as at registration: referentials (422 naming the field),
      plausible birthdate, NIR consistent with it and with the sex (422
      naming the rule), NIR and email nobody else's (409, ``existing_id``
      when visible).
    """
    ensure_scope(actor, Scope.JOB_SEEKERS_WRITE)
    async with uow:
        job_seeker, links = await _visible(uow, actor, job_seeker_id)
        fields = {change.field for change in job_seeker.differences(changes)}
        ensure_may_change(actor, job_seeker, fields, await _editing_facts(uow, job_seeker_id))
        commune, rome_codes = changes.get("commune"), changes.get("wished_rome_codes", ())
        check_referentials(referentials, commune, rome_codes)  # type: ignore[arg-type]
        at = clock.now()
        changed = job_seeker.revise(changes, at=at, event_id=ids.new_id())
        await ensure_unique_identity(uow, actor, job_seeker)
        kept = changes_to_keep(changed, job_seeker_id=job_seeker_id, actor=actor, at=at, ids=ids)
        await uow.job_seeker_changes.add_all(kept)
        await uow.commit()
        return JobSeekerCard(job_seeker, nir_in_clear=may_read_nir(actor, job_seeker, links))


async def _editing_facts(uow: UnitOfWork, job_seeker_id: UUID) -> EditingFacts:
    return EditingFacts(
        candidature_tenants=await uow.job_seekers.candidature_tenants(job_seeker_id),
        holds_approval=await uow.job_seekers.holds_approval(job_seeker_id),
    )


async def _visible(uow: UnitOfWork, actor: Principal, job_seeker_id: UUID) -> tuple[JobSeeker, JobSeekerLinks]:
    job_seeker = await uow.job_seekers.get(job_seeker_id)
    if job_seeker is None:
        raise JobSeekerNotFound("Ce candidat n'existe pas ou ne vous est pas visible.")
    links = await uow.job_seekers.links(job_seeker_id)
    ensure_can_see_job_seeker(actor, job_seeker, links)
    return job_seeker, links
