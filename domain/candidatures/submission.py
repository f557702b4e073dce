"""Submitting a candidature: a job seeker applies, a prescriber proposes
someone, an employer self-prescribes."""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from domain.candidatures.candidatures import Candidature, SenderKind, Stamp
from domain.candidatures.idempotency import IdempotencyRecord, IdempotentRequest, StoredResponse, in_progress
from domain.candidatures.policies import readers_for
from domain.companies.companies import Company
from domain.errors import Conflict, FieldError, Forbidden, NotFound, RuleViolation
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from domain.job_seekers.found_by_nir import may_apply_for
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerLinks
from domain.job_seekers.visibility import JobSeekerNotFound, can_see
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


class AlreadyPending(Conflict):
    code = "candidature-already-pending"
    title = "Candidature déjà en cours auprès de cette structure"


class CandidaturesClosed(Conflict):
    code = "candidatures-closed"
    title = "La structure ne reçoit pas de candidatures"


class InvalidJobPostingSelection(RuleViolation):
    code = "invalid-job-posting-selection"
    title = "Fiche de poste non proposée par cette structure"


@dataclass(slots=True, frozen=True)
class Application:
    company_id: UUID
    job_seeker_id: UUID | None = None  # the caller's own profile when he is the job seeker
    job_posting_ids: tuple[UUID, ...] = ()
    message: str = ""


@dataclass(slots=True, frozen=True)
class Idempotency:
    request: IdempotentRequest
    respond: Callable[[Candidature], StoredResponse]  # the answer a retry gets back


@dataclass(slots=True, frozen=True)
class Submission:
    """The candidature created, or the answer stored by an earlier identical
    request (then nothing was created); ``response`` is set whenever an
    idempotency key was given."""

    candidature: Candidature | None
    response: StoredResponse | None = None


@dataclass(slots=True, frozen=True)
class _Sender:
    kind: SenderKind
    organisation_id: UUID | None = None
    company_id: UUID | None = None


async def submit_candidature(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    application: Application,
    idempotency: Idempotency | None = None,
) -> Submission:
    """Send a candidature to a company.

    - A job seeker for himself (``job_seeker_id`` omitted); a prescriber acting
      for his organisation; an employer to the company he acts for only
      (auto-prescription); partner applications with ``candidatures:write``.
      Staff and anyone else: 403.
    - The job seeker must be visible to the caller, or found by his NIR for
      the caller's organisation or company (404); the company known (404),
      active and open to candidatures (409 ``candidatures-closed``).
    - Selected postings belong to the company and are active (422 naming
      ``/job_posting_ids/<i>``).
    - One pending candidature per job seeker and company: 409
      ``candidature-already-pending`` with the existing one's id when the
      caller may read it.
    - ``Idempotency-Key``: the same key and request from the same caller within
      24 hours give back the first answer, without a second candidature.
    """
    async with uow:
        if idempotency is not None:
            replayed = await _replay(uow, idempotency.request, clock)
            if replayed is not None:
                return Submission(candidature=None, response=replayed)
        sender = _sender(actor, application)
        company = await _open_company(uow, application.company_id)
        job_seeker = await _job_seeker(uow, actor, application)
        await _check_postings(uow, company, application.job_posting_ids)
        await _check_not_pending(uow, actor, job_seeker.id, company.id)
        candidature = Candidature.submit(
            id=ids.new_id(),
            job_seeker_id=job_seeker.id,
            company_id=company.id,
            job_posting_ids=tuple(dict.fromkeys(application.job_posting_ids)),
            sender_kind=sender.kind,
            sender_organisation_id=sender.organisation_id,
            sender_company_id=sender.company_id,
            message=application.message,
            stamp=Stamp(actor_id=actor.user_id or actor.client_id, at=clock.now(), event_id=ids.new_id()),
        )
        await uow.candidatures.add(candidature)
        response = await _remember(uow, idempotency, candidature, clock) if idempotency is not None else None
        await record_notifications(uow, candidature.events)
        await uow.commit()
        return Submission(candidature=candidature, response=response)


async def _replay(uow: UnitOfWork, request: IdempotentRequest, clock: Clock) -> StoredResponse | None:
    if not await uow.idempotency.claim(caller=request.caller, key=request.key):
        raise in_progress()
    record = await uow.idempotency.get(caller=request.caller, key=request.key)
    if record is None or record.is_expired(clock.now()):
        return None
    return record.replay_for(request)


async def _remember(
    uow: UnitOfWork, idempotency: Idempotency, candidature: Candidature, clock: Clock
) -> StoredResponse:
    """Store the answer with the candidature, in the same transaction."""
    response, request = idempotency.respond(candidature), idempotency.request
    await uow.idempotency.put(
        IdempotencyRecord(request.caller, request.key, request.fingerprint, response, clock.now())
    )
    return response


def _sender(actor: Principal, application: Application) -> _Sender:
    if not actor.has_scope(Scope.CANDIDATURES_WRITE):
        raise Forbidden("Cette application n'a pas le droit candidatures:write.")
    if actor.company_id is not None:
        if application.company_id != actor.company_id:
            raise Forbidden("Un employeur ne prescrit que vers la structure pour laquelle il agit.")
        return _Sender(SenderKind.EMPLOYER, company_id=actor.company_id)
    if actor.organisation_id is not None:
        return _Sender(SenderKind.PRESCRIBER, organisation_id=actor.organisation_id)
    if actor.kind is UserKind.JOB_SEEKER:
        return _Sender(SenderKind.JOB_SEEKER)
    if actor.is_staff:
        raise Forbidden("L'équipe Tremplin n'envoie pas de candidatures.")
    raise Forbidden("Indiquez la structure pour laquelle vous agissez (en-tête Tremplin-Act-As).")


async def _open_company(uow: UnitOfWork, company_id: UUID) -> Company:
    company = await uow.companies.get(company_id)
    if company is None:
        raise NotFound("Structure introuvable.", errors=[FieldError("/company_id", "unknown company")])
    if not company.is_active:
        raise CandidaturesClosed(f"La structure {company.name} n'est plus en activité.")
    if company.block_candidatures:
        raise CandidaturesClosed(f"La structure {company.name} ne reçoit pas de candidatures en ce moment.")
    return company


async def _job_seeker(uow: UnitOfWork, actor: Principal, application: Application) -> JobSeeker:
    if application.job_seeker_id is None:
        if actor.kind is not UserKind.JOB_SEEKER or actor.user_id is None:
            raise RuleViolation(
                "Indiquez le candidat (job_seeker_id).",
                errors=[FieldError("/job_seeker_id", "required unless the job seeker applies himself")],
            )
        own = await uow.job_seekers.get_by_user(actor.user_id)
        if own is None:
            raise JobSeekerNotFound("Complétez d'abord votre profil de candidat.")
        return own
    job_seeker = await uow.job_seekers.get(application.job_seeker_id)
    if job_seeker is None or not await _may_apply_for(uow, actor, job_seeker):
        raise JobSeekerNotFound("Ce candidat n'existe pas ou ne vous est pas visible.")
    return job_seeker


async def _may_apply_for(uow: UnitOfWork, actor: Principal, job_seeker: JobSeeker) -> bool:
    # Most callers see him through who registered him: the query of all his links is left for the others.
    return can_see(actor, job_seeker, _creator_links(job_seeker)) or await may_apply_for(uow, actor, job_seeker)


def _creator_links(job_seeker: JobSeeker) -> JobSeekerLinks:
    """The links the profile itself records: who registered him (more links never hide him)."""
    return JobSeekerLinks(
        organisation_ids=frozenset(i for i in (job_seeker.created_by_organisation_id,) if i is not None),
        company_ids=frozenset(i for i in (job_seeker.created_by_company_id,) if i is not None),
    )


async def _check_postings(uow: UnitOfWork, company: Company, posting_ids: tuple[UUID, ...]) -> None:
    problems = []
    for index, posting_id in enumerate(posting_ids):
        posting = await uow.job_postings.get(posting_id)
        if posting is None or posting.company_id != company.id or not posting.is_active:
            problems.append(FieldError(f"/job_posting_ids/{index}", "not an active job posting of this company"))
    if problems:
        raise InvalidJobPostingSelection(
            "Les fiches de poste choisies doivent être des fiches ouvertes de la structure.", errors=problems
        )


async def _check_not_pending(uow: UnitOfWork, actor: Principal, job_seeker_id: UUID, company_id: UUID) -> None:
    existing = await uow.candidatures.pending_for(job_seeker_id=job_seeker_id, company_id=company_id)
    if existing is None:
        return
    visible = (await readers_for(uow, actor)).include(existing)
    raise AlreadyPending(
        "Ce candidat a déjà une candidature en cours auprès de cette structure.",
        extra={"candidature_id": str(existing.id)} if visible else {},
    )
