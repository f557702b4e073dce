"""Finding a person by his NIR, so that a known person is not registered twice
and can be applied for: who he is, and whether he may be hired in IAE now.

It lives with the approvals because it answers with his eligibility (the
diagnosis that counts, the PASS IAE in force), which this area decides."""

from dataclasses import dataclass
from datetime import date, datetime

from domain.approvals.eligibility_for_hire import approval_in_force, diagnosis_that_counts
from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.ages import paris_day
from domain.job_seekers.job_seekers import JobSeeker, NirLookup
from domain.job_seekers.lookup_budget import LookupBudget, NirLookupsExhausted, give_back, take_lookup
from domain.job_seekers.nir import compact_nir
from domain.job_seekers.visibility import ensure_scope
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


@dataclass(slots=True, frozen=True)
class FoundJobSeeker:
    """What a lookup shows of the person found: his names and birthdate
    (``job_seeker`` holds more: the answer shows no more), and until which
    day he has a valid diagnosis and a PASS IAE in force, if he has."""

    job_seeker: JobSeeker
    diagnosis_valid_until: date | None
    approval_valid_until: date | None


async def find_job_seeker_by_nir(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    budget: LookupBudget,
    nir: str,
) -> FoundJobSeeker | None:
    """The person with exactly this NIR (spaces ignored), or nobody.

    - Prescribers (habilitated or orienteurs) and employers acting for their
      organisation or company; partner applications with ``job_seekers:read``.
      Job seekers and staff: 403.
    - Budgeted per person and per partner application, per hour: at most
      ``TREMPLIN_NIR_LOOKUPS_PER_HOUR`` lookups (30), of which at most
      ``TREMPLIN_NIR_MISSES_PER_HOUR`` (10) find nobody. Past either, every
      lookup is refused until the hour ends: 429 ``nir-lookups-exhausted``
      with ``Retry-After``; staff sees who ran out.
    - Shows his names, birthdate, the last day of his valid diagnosis (one by
      a habilitated prescriber, or by the caller's company) and of his PASS
      IAE in force, and his id, to apply for him (``POST /candidatures``) or
      to diagnose him (habilitated prescribers and SIAE). Finding him links
      nothing: his contact details, criteria and profile come with a
      candidature, a diagnosis or a hire.
    - Every lookup is audited (who, for which tenant, when, whom it found),
      found or not; the NIR itself is not stored.
    """
    if actor.organisation_id is None and actor.company_id is None:
        raise Forbidden("La recherche par NIR est réservée aux prescripteurs et aux employeurs.")
    ensure_scope(actor, Scope.JOB_SEEKERS_READ)
    at = clock.now()
    try:
        reservation = await take_lookup(budget, actor, now=at, ids=ids)
    except NirLookupsExhausted as refused:
        async with uow:
            await uow.nir_lookup_refusals.record(refused.refusal)
            await uow.commit()
        raise
    try:
        found = await _look_up(uow=uow, actor=actor, ids=ids, nir=compact_nir(nir), at=at)
    except BaseException:
        await give_back(budget, reservation)
        raise
    if found is not None:
        await give_back(budget, reservation)
    return found


async def _look_up(
    *, uow: UnitOfWork, actor: Principal, ids: IdGenerator, nir: str, at: datetime
) -> FoundJobSeeker | None:
    async with uow:
        job_seeker = await uow.job_seekers.get_by_nir(nir)
        await uow.job_seekers.record_lookup(
            NirLookup(
                id=ids.new_id(),
                at=at,
                user_id=actor.user_id,
                client_id=actor.client_id,
                organisation_id=actor.organisation_id,
                company_id=actor.company_id,
                found_job_seeker_id=job_seeker.id if job_seeker else None,
            )
        )
        found = await _eligibility(uow, actor, job_seeker, at) if job_seeker else None
        await uow.commit()
        return found


async def _eligibility(uow: UnitOfWork, actor: Principal, job_seeker: JobSeeker, at: datetime) -> FoundJobSeeker:
    """A diagnosis is valid until it expires, or for as long as a PASS IAE it justified is in force."""
    approvals = await uow.approvals.for_job_seeker(job_seeker.id)
    diagnoses = await uow.diagnoses.for_job_seeker(job_seeker.id)
    diagnosis = diagnosis_that_counts(diagnoses=diagnoses, approvals=approvals, company_id=actor.company_id, at=at)
    current = approval_in_force(approvals, paris_day(at))
    diagnosis_until = None
    if diagnosis is not None:
        backing = [a.end_at for a in approvals if a.diagnosis_id == diagnosis.id and a.in_force_on(paris_day(at))]
        diagnosis_until = max([paris_day(diagnosis.expires_at), *backing])
    return FoundJobSeeker(
        job_seeker=job_seeker,
        diagnosis_valid_until=diagnosis_until,
        approval_valid_until=current.end_at if current else None,
    )
