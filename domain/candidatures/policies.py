"""Who may read a candidature, and who may answer it.

Reading: the employers of the company it is sent to, the prescribers of the
organisation that sent it, the job seeker it is for, staff; a partner
application as a member of its tenant, with ``candidatures:read``. Whoever
may not read one is told it does not exist (404). Answering (every
transition): the members of the company it is sent to, acting for it, with
``candidatures:write`` (403 for the other readers).
"""

from domain.candidatures.candidatures import Candidature
from domain.candidatures.listing import NOBODY, Readers
from domain.errors import Forbidden, NotFound
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from domain.ports.unit_of_work import UnitOfWork


class CandidatureNotFound(NotFound):
    code = "candidature-not-found"
    title = "Candidature introuvable"


async def readers_for(uow: UnitOfWork, actor: Principal) -> Readers:
    """The candidatures ``actor`` may read (in an open unit of work); none
    without ``candidatures:read``."""
    return await _audience(uow, actor) if actor.has_scope(Scope.CANDIDATURES_READ) else NOBODY


def ensure_read_scope(actor: Principal) -> None:
    if not actor.has_scope(Scope.CANDIDATURES_READ):
        raise Forbidden("Cette application n'a pas le droit candidatures:read.")


async def ensure_can_read(uow: UnitOfWork, actor: Principal, candidature: Candidature | None) -> Candidature:
    ensure_read_scope(actor)
    if candidature is None or not (await _audience(uow, actor)).include(candidature):
        raise _not_found()
    return candidature


async def ensure_can_answer(uow: UnitOfWork, actor: Principal, candidature: Candidature | None) -> Candidature:
    """404 for who may not read it, 403 for a reader who is not of its company."""
    if candidature is None or not (await _audience(uow, actor)).include(candidature):
        raise _not_found()
    if not actor.acts_for(Tenant(TenantKind.COMPANY, candidature.company_id)):
        raise Forbidden("Seuls les membres de la structure destinataire répondent à une candidature.")
    if not actor.has_scope(Scope.CANDIDATURES_WRITE):
        raise Forbidden("Cette application n'a pas le droit candidatures:write.")
    return candidature


async def _audience(uow: UnitOfWork, actor: Principal) -> Readers:
    if actor.is_staff:
        return Readers(everything=True)
    if actor.company_id is not None:
        return Readers(company_id=actor.company_id)
    if actor.organisation_id is not None:
        return Readers(organisation_id=actor.organisation_id)
    if actor.kind is UserKind.JOB_SEEKER and actor.user_id is not None:
        job_seeker = await uow.job_seekers.get_by_user(actor.user_id)
        return Readers(job_seeker_id=job_seeker.id) if job_seeker else NOBODY
    return NOBODY


def _not_found() -> CandidatureNotFound:
    return CandidatureNotFound("Cette candidature n'existe pas ou ne vous est pas visible.")
