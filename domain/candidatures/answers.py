"""The employer's answers that change only the candidature: process,
postpone, pool, prior to hire (and back), refuse."""

from collections.abc import Callable
from uuid import UUID

from domain.candidatures.candidatures import Candidature, RefusalReason, Stamp
from domain.candidatures.policies import ensure_can_answer
from domain.candidatures.reading import CandidatureView, view_of
from domain.candidatures.state_machine import PENDING_STATES, Transition, target_state
from domain.candidatures.submission import AlreadyPending
from domain.identity.principal import Principal
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork

MOVES: dict[Transition, Callable[[Candidature, Stamp], None]] = {
    Transition.PROCESS: Candidature.process,
    Transition.POSTPONE: Candidature.postpone,
    Transition.ADD_TO_POOL: Candidature.add_to_pool,
    Transition.MOVE_TO_PRIOR_TO_HIRE: Candidature.move_to_prior_to_hire,
    Transition.CANCEL_PRIOR_TO_HIRE: Candidature.cancel_prior_to_hire,
}


async def move_candidature(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    candidature_id: UUID,
    transition: Transition,
) -> CandidatureView:
    """Move a candidature along the state machine: ``process``, ``postpone``,
    ``add_to_pool``, ``move_to_prior_to_hire`` or ``cancel_prior_to_hire``.

    - Members of the company it is sent to, acting for it (403 for its other
      readers, 404 for everyone else).
    - A move the table does not allow from the current state: 409
      ``invalid-transition`` with ``state`` and ``allowed_transitions``.
    - Back to a pending state while the job seeker has another pending
      candidature to this company: 409 ``candidature-already-pending``.
    """
    async with uow:
        candidature = await ensure_can_answer(uow, actor, await uow.candidatures.get_for_update(candidature_id))
        await ensure_single_pending(uow, candidature, transition)
        MOVES[transition](candidature, stamp_of(actor, clock, ids))
        await record_notifications(uow, candidature.events)
        await uow.commit()
        return await view_of(uow, candidature)


async def refuse_candidature(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    candidature_id: UUID,
    reason: RefusalReason,
    message: str,
) -> CandidatureView:
    """Refuse a candidature, with a reason (the prescriber sees it) and a message.

    - Members of the company it is sent to, acting for it (403 / 404).
    - ``non_eligible`` and ``prevent_objectives`` are not offered to a GEIQ (422
      naming ``/reason``).
    - From a state the table does not allow: 409 ``invalid-transition``.
    """
    async with uow:
        candidature = await ensure_can_answer(uow, actor, await uow.candidatures.get_for_update(candidature_id))
        target_state(candidature.state, Transition.REFUSE)
        company = await uow.companies.get(candidature.company_id)
        assert company is not None  # a candidature's company is never deleted (foreign key)
        candidature.refuse(reason=reason, message=message, company_kind=company.kind, stamp=stamp_of(actor, clock, ids))
        await record_notifications(uow, candidature.events)
        await uow.commit()
        return await view_of(uow, candidature)


async def ensure_single_pending(uow: UnitOfWork, candidature: Candidature, transition: Transition) -> None:
    """Refuse a move back to a pending state when the job seeker already has
    another pending candidature to the same company (checked after the state
    machine, so that an impossible move says so first)."""
    if candidature.is_pending or target_state(candidature.state, transition) not in PENDING_STATES:
        return
    other = await uow.candidatures.pending_for(
        job_seeker_id=candidature.job_seeker_id, company_id=candidature.company_id
    )
    if other is not None and other.id != candidature.id:
        raise AlreadyPending(
            "Ce candidat a déjà une autre candidature en cours auprès de cette structure.",
            extra={"candidature_id": str(other.id)},
        )


def stamp_of(actor: Principal, clock: Clock, ids: IdGenerator) -> Stamp:
    return Stamp(actor_id=actor.user_id or actor.client_id, at=clock.now(), event_id=ids.new_id())
