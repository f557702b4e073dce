"""Staff reads its queue and the decisions taken."""

from datetime import datetime
from uuid import UUID

from domain.identity.principal import Principal
from domain.identity.staff_decisions import DecisionKind, StaffDecision, decider_of
from domain.ports.unit_of_work import UnitOfWork
from domain.staff.items import WaitingItem


async def staff_queue(
    *,
    uow: UnitOfWork,
    actor: Principal,
    kind: DecisionKind | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[WaitingItem]:
    """What waits for staff, oldest first: habilitations, first members
    without proof, join requests of structures with no admin.

    - Staff only (403).
    """
    decider_of(actor)
    async with uow:
        return await uow.staff_queue.waiting(kinds=_kinds(kind), after=after, limit=limit)


async def decision_history(
    *,
    uow: UnitOfWork,
    actor: Principal,
    kind: DecisionKind | None,
    before: tuple[datetime, UUID] | None,
    limit: int,
) -> list[StaffDecision]:
    """The decisions staff took, newest first: who, when, on what, which outcome.

    - Staff only (403).
    """
    decider_of(actor)
    async with uow:
        return await uow.staff_decisions.history(kinds=_kinds(kind), before=before, limit=limit)


def _kinds(kind: DecisionKind | None) -> frozenset[DecisionKind]:
    return frozenset(DecisionKind) if kind is None else frozenset({kind})
