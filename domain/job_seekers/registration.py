"""Registering a job seeker: by a prescriber or an employer, or by himself at signup."""

from domain.errors import FieldError, Forbidden, RuleViolation
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import User
from domain.job_seekers.job_seekers import (
    Creator,
    JobSeeker,
    JobSeekerCard,
    JobSeekerDetails,
    JobSeekerEmailTaken,
    NirTaken,
)
from domain.job_seekers.visibility import can_see, ensure_scope, may_read_nir
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork
from domain.referentials.bundle import Referentials


class InvalidJobSeeker(RuleViolation):
    code = "invalid-job-seeker"
    title = "Profil de candidat invalide"


async def register_job_seeker(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    referentials: Referentials,
    details: JobSeekerDetails,
) -> JobSeekerCard:
    """Create a job seeker's profile, recording who created it.

    - Prescribers (habilitated or orienteurs) and employers acting for their
      organisation or company; partner applications with ``job_seekers:write``.
      Job seekers sign up instead; staff does not create profiles (403).
    - The commune must be in the INSEE referential (422 naming ``/commune``),
      the wished ROME codes in the ROME one (422 naming ``/wished_rome_codes/<i>``);
      the birthdate plausible (16 to 100 years old); the NIR's year and month
      of birth those of the birthdate, and its first digit the sex (1, 3, 7 for
      ``M``; 2, 4, 8 for ``F``), when both are given (422 naming the rule).
    - Same NIR, or same email, as an existing person: 409 ``job-seeker-nir-taken``
      or ``job-seeker-email-taken``, with ``existing_id`` when the caller may see
      that person (otherwise, ``GET /job-seekers?nir=`` finds him by his NIR).
    - The creator's organisation or company then sees him.
    """
    if actor.organisation_id is None and actor.company_id is None:
        raise Forbidden("Seuls les prescripteurs et les employeurs créent des profils de candidats.")
    ensure_scope(actor, Scope.JOB_SEEKERS_WRITE)
    check_referentials(referentials, details.commune, details.wished_rome_codes)
    async with uow:
        job_seeker = JobSeeker.register(
            id=ids.new_id(),
            details=details,
            created_by=Creator(
                user_id=actor.user_id, organisation_id=actor.organisation_id, company_id=actor.company_id
            ),
            at=clock.now(),
            event_id=ids.new_id(),
        )
        await ensure_unique_identity(uow, actor, job_seeker)
        await uow.job_seekers.add(job_seeker)
        await uow.commit()
        links = await uow.job_seekers.links(job_seeker.id)
        return JobSeekerCard(job_seeker, nir_in_clear=may_read_nir(actor, job_seeker, links))


async def register_account_holder(*, uow: UnitOfWork, user: User, clock: Clock, ids: IdGenerator) -> JobSeeker:
    """The profile of a person who signs up himself, linked to his account
    (in the signup's transaction, which commits). A profile a prescriber
    made with his email is not handed over to an unverified signup: 409."""
    if await uow.job_seekers.get_by_email(user.email) is not None:
        raise JobSeekerEmailTaken(
            "Un profil de candidat existe déjà avec cette adresse e-mail : "
            "le prescripteur ou l'employeur qui l'a créé peut vous aider à y accéder."
        )
    job_seeker = JobSeeker.register(
        id=ids.new_id(),
        details=JobSeekerDetails(first_name=user.first_name, last_name=user.last_name, email=user.email),
        created_by=Creator(user_id=user.id),
        user_id=user.id,
        at=clock.now(),
        event_id=ids.new_id(),
    )
    await uow.job_seekers.add(job_seeker)
    return job_seeker


def check_referentials(referentials: Referentials, commune: str | None, rome_codes: tuple[str, ...]) -> None:
    problems = []
    if commune is not None and referentials.communes.get(commune) is None:
        problems.append(FieldError("/commune", f"unknown INSEE commune code {commune!r}"))
    problems += [
        FieldError(f"/wished_rome_codes/{index}", f"unknown ROME code {code!r}")
        for index, code in enumerate(rome_codes)
        if referentials.rome.rome_name(code) is None
    ]
    if problems:
        raise InvalidJobSeeker("; ".join(f"{p.pointer}: {p.message}" for p in problems), errors=problems)


async def ensure_unique_identity(uow: UnitOfWork, actor: Principal, job_seeker: JobSeeker) -> None:
    """One person, one profile: his NIR and his email are nobody else's."""
    by_nir = await uow.job_seekers.get_by_nir(job_seeker.nir) if job_seeker.nir else None
    if by_nir is not None and by_nir.id != job_seeker.id:
        hint = "retrouvez-le par son NIR (GET /api/v1/job-seekers?nir=)"
        detail, extra = await _taken(uow, actor, by_nir, "ce NIR", hint)
        raise NirTaken(detail, extra=extra)
    by_email = await uow.job_seekers.get_by_email(job_seeker.email) if job_seeker.email else None
    if by_email is not None and by_email.id != job_seeker.id:
        hint = "retrouvez-le par son NIR, ou demandez à qui le suit de vous l'adresser"
        detail, extra = await _taken(uow, actor, by_email, "cette adresse e-mail", hint)
        raise JobSeekerEmailTaken(detail, extra=extra)


async def _taken(
    uow: UnitOfWork, actor: Principal, existing: JobSeeker, what: str, hint: str
) -> tuple[str, dict[str, object] | None]:
    if can_see(actor, existing, await uow.job_seekers.links(existing.id)):
        return f"Un candidat que vous suivez a déjà {what}.", {"existing_id": str(existing.id)}
    return f"Un candidat a déjà {what} : {hint}.", None
