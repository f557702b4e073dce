"""Recording and correcting the exit of a hire and its follow-ups."""

from dataclasses import dataclass
from uuid import UUID

from domain.approvals.business_dates import paris_date
from domain.candidatures.candidatures import Candidature
from domain.candidatures.policies import ensure_can_answer, ensure_can_read
from domain.candidatures.state_machine import CandidatureState
from domain.errors import Conflict, NotFound
from domain.exits.exits import Exit, ExitAlreadyRecorded, ExitFacts, ExitKind, Signature
from domain.identity.principal import Principal
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


class HireRequired(Conflict):
    code = "hire-required"
    title = "La candidature n'est pas une embauche"


class ExitNotFound(NotFound):
    code = "exit-not-found"
    title = "Sortie introuvable"


@dataclass(slots=True, frozen=True)
class FollowUpFacts:
    horizon_months: int
    situation: ExitKind


async def record_exit(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, candidature_id: UUID, facts: ExitFacts
) -> Exit:
    """Record the end of a hire: date, hours worked, exit kind.

    - Members of the company the candidature is sent to, acting for it (403
      for its other readers, 404 for everyone else); a partner application
      needs ``candidatures:write``.
    - Only an ``accepted`` candidature (409 ``hire-required``); one exit per
      hire (409 ``exit-already-recorded``: correct it with ``PUT``).
    - ``exit_at`` on or after the hiring start and not in the future,
      ``hours_worked`` ≥ 0 (422 ``invalid-exit`` naming the field).
    """
    async with uow:
        hire = await _hire(uow, actor, candidature_id)
        if await uow.exits.get_for_update(candidature_id) is not None:
            raise ExitAlreadyRecorded("La sortie de cette embauche est déjà enregistrée ; corrigez-la (PUT) au besoin.")
        assert hire.hiring_start_at is not None  # an accepted candidature has its hiring dates
        now = clock.now()
        exit_ = Exit.record(
            candidature_id=candidature_id,
            facts=facts,
            hiring_start_at=hire.hiring_start_at,
            today=paris_date(now),
            signed=_signature(actor, clock),
        )
        await uow.exits.add(exit_)
        await uow.commit()
        return exit_


async def correct_exit(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, candidature_id: UUID, facts: ExitFacts
) -> Exit:
    """Correct the exit of a hire: the whole exit is given again.

    - Same callers and rules as recording it; 404 ``exit-not-found`` when none
      is recorded yet.
    - Each changed value is kept in ``corrections`` with its previous value,
      who corrected it and when; recorded follow-ups must stay on or after
      their date (422 ``follow-up-too-early``).
    """
    async with uow:
        hire = await _hire(uow, actor, candidature_id)
        exit_ = await _exit(uow, candidature_id)
        assert hire.hiring_start_at is not None
        exit_.correct(
            facts,
            hiring_start_at=hire.hiring_start_at,
            today=paris_date(clock.now()),
            signed=_signature(actor, clock),
            ids=[ids.new_id() for _ in range(3)],
        )
        await uow.commit()
        return exit_


async def record_follow_up(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, candidature_id: UUID, follow_up: FollowUpFacts
) -> Exit:
    """Record the person's situation 3, 6 or 12 months after the exit.

    - Same callers as the exit; 404 ``exit-not-found`` before the exit is recorded.
    - ``horizon_months`` is 3, 6 or 12 (422 ``invalid-exit``); not before the
      exit date plus that many months (422 ``follow-up-too-early`` with
      ``due_on``); one per horizon (409 ``follow-up-already-recorded``).
    """
    async with uow:
        await _hire(uow, actor, candidature_id)
        exit_ = await _exit(uow, candidature_id)
        exit_.record_follow_up(
            horizon_months=follow_up.horizon_months,
            situation=follow_up.situation,
            today=paris_date(clock.now()),
            signed=_signature(actor, clock),
        )
        await uow.commit()
        return exit_


async def correct_follow_up(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, candidature_id: UUID, follow_up: FollowUpFacts
) -> Exit:
    """Correct the situation recorded at a follow-up.

    - Same callers as the exit; 422 ``follow-up-not-found`` when that follow-up
      is not recorded yet. The previous situation is kept in ``corrections``.
    """
    async with uow:
        await _hire(uow, actor, candidature_id)
        exit_ = await _exit(uow, candidature_id)
        exit_.correct_follow_up(
            horizon_months=follow_up.horizon_months,
            situation=follow_up.situation,
            signed=_signature(actor, clock),
            id=ids.new_id(),
        )
        await uow.commit()
        return exit_


async def get_exit(*, uow: UnitOfWork, actor: Principal, candidature_id: UUID) -> Exit:
    """The exit of a hire, its follow-ups and its corrections.

    - Whoever may read the candidature (404 otherwise); 404 ``exit-not-found``
      when no exit is recorded.
    """
    async with uow:
        await ensure_can_read(uow, actor, await uow.candidatures.get(candidature_id))
        exit_ = await uow.exits.get(candidature_id)
        if exit_ is None:
            raise _no_exit()
        return exit_


async def _hire(uow: UnitOfWork, actor: Principal, candidature_id: UUID) -> Candidature:
    candidature = await ensure_can_answer(uow, actor, await uow.candidatures.get(candidature_id))
    if candidature.state is not CandidatureState.ACCEPTED:
        raise HireRequired(
            f"Une sortie se déclare sur une embauche ; cette candidature est « {candidature.state} ».",
            extra={"state": str(candidature.state)},
        )
    return candidature


async def _exit(uow: UnitOfWork, candidature_id: UUID) -> Exit:
    exit_ = await uow.exits.get_for_update(candidature_id)
    if exit_ is None:
        raise _no_exit()
    return exit_


def _no_exit() -> ExitNotFound:
    return ExitNotFound("Aucune sortie n'est enregistrée pour cette embauche.")


def _signature(actor: Principal, clock: Clock) -> Signature:
    return Signature(by=actor.user_id or actor.client_id, at=clock.now())
