"""Transferring a candidature to another company of the same employer."""

from uuid import UUID

from domain.candidatures.answers import stamp_of
from domain.candidatures.policies import ensure_can_answer
from domain.candidatures.reading import CandidatureView, view_of
from domain.candidatures.state_machine import Transition, target_state
from domain.candidatures.submission import AlreadyPending, CandidaturesClosed
from domain.errors import FieldError, Forbidden, RuleViolation
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.principal import Principal
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


class SameCompany(RuleViolation):
    code = "transfer-to-same-company"
    title = "Transfert vers la même structure"


async def transfer_candidature(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    candidature_id: UUID,
    to_company_id: UUID,
) -> CandidatureView:
    """Send a candidature on to another company: it starts again as ``new``
    there, without selected postings nor answers; its history is kept.

    - Members of the company it is sent to, acting for it (403 / 404), who are
      also active members of the other company (403).
    - From a state accept allows (409 ``invalid-transition`` otherwise); not to
      the same company (422); the other company must receive candidatures
      (409); the job seeker may not already have a pending candidature there
      (409).
    """
    async with uow:
        candidature = await ensure_can_answer(uow, actor, await uow.candidatures.get_for_update(candidature_id))
        target_state(candidature.state, Transition.TRANSFER)
        if to_company_id == candidature.company_id:
            raise SameCompany(
                "La candidature est déjà adressée à cette structure.",
                errors=[FieldError("/company_id", "the candidature is already sent to this company")],
            )
        await _ensure_member_of(uow, actor, to_company_id)
        target = await uow.companies.get(to_company_id)
        assert target is not None  # the company of a membership exists (foreign key)
        if not target.is_active or target.block_candidatures:
            raise CandidaturesClosed(f"La structure {target.name} ne reçoit pas de candidatures en ce moment.")
        existing = await uow.candidatures.pending_for(job_seeker_id=candidature.job_seeker_id, company_id=target.id)
        if existing is not None:
            raise AlreadyPending(
                "Ce candidat a déjà une candidature en cours auprès de cette structure.",
                extra={"candidature_id": str(existing.id)},
            )
        candidature.transfer(to_company_id=target.id, stamp=stamp_of(actor, clock, ids))
        await uow.commit()
        return await view_of(uow, candidature)


async def _ensure_member_of(uow: UnitOfWork, actor: Principal, company_id: UUID) -> None:
    membership = None
    if actor.user_id is not None:
        membership = await uow.memberships.get(user_id=actor.user_id, tenant=Tenant(TenantKind.COMPANY, company_id))
    if membership is None or not membership.is_active:
        raise Forbidden("On ne transfère une candidature que vers une autre structure dont on est membre.")
