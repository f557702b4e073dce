"""Staff's queue: what waits for a decision, the decisions, their history."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, status

from api.http.deps import ContainerDep, PrincipalDep, UowDep
from api.http.pagination import decode_position, next_position_link
from api.http.schemas.common import Code, problems
from api.http.schemas.staff import (
    DecisionIn,
    StaffDecisionOut,
    StaffDecisionPage,
    WaitingItemOut,
    WaitingPage,
    outcome_of,
)
from domain.candidatures.listing import Position
from domain.identity.staff_decisions import DecisionKind
from domain.staff.decisions import decide
from domain.staff.queue import decision_history, staff_queue

router = APIRouter(prefix="/admin", tags=["administration"])
Limit = Annotated[int, Query(ge=1, le=100)]


@router.get(
    "/decisions",
    operation_id="admin-decisions-queue",
    summary="What waits for staff: habilitations, first members, join requests (oldest first)",
    description=staff_queue.__doc__,
    response_model=WaitingPage,
    responses=problems(401, 403, 422),
)
async def queue(
    request: Request,
    uow: UowDep,
    principal: PrincipalDep,
    kind: DecisionKind | None = None,
    cursor: Code | None = None,
    limit: Limit = 50,
) -> WaitingPage:
    after = _position(cursor)
    items = await staff_queue(uow=uow, actor=principal, kind=kind, after=after, limit=limit + 1)
    page = items[:limit]
    last = Position(page[-1].waiting_since, page[-1].id) if len(items) > limit else None
    return WaitingPage(items=[WaitingItemOut.of(i) for i in page], next=next_position_link(request, last))


# Not /decisions/history: that path would be an item of the queue too.
@router.get(
    "/decision-history",
    operation_id="admin-decisions-history",
    summary="The decisions staff took, newest first",
    description=decision_history.__doc__,
    response_model=StaffDecisionPage,
    responses=problems(401, 403, 422),
)
async def history(
    request: Request,
    uow: UowDep,
    principal: PrincipalDep,
    kind: DecisionKind | None = None,
    cursor: Code | None = None,
    limit: Limit = 50,
) -> StaffDecisionPage:
    before = _position(cursor)
    decisions = await decision_history(uow=uow, actor=principal, kind=kind, before=before, limit=limit + 1)
    page = decisions[:limit]
    last = Position(page[-1].decided_at, page[-1].id) if len(decisions) > limit else None
    return StaffDecisionPage(items=[StaffDecisionOut.of(d) for d in page], next=next_position_link(request, last))


@router.post(
    "/decisions/{item_id}",
    operation_id="admin-decisions-decide",
    summary="Approve or refuse an item of the queue (staff)",
    description=decide.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=StaffDecisionOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def decide_item(
    item_id: UUID, body: DecisionIn, container: ContainerDep, principal: PrincipalDep
) -> StaffDecisionOut:
    decision = await decide(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        item_id=item_id,
        outcome=outcome_of(body.outcome),
        comment=body.comment,
    )
    return StaffDecisionOut.of(decision)


def _position(cursor: str | None) -> tuple[datetime, UUID] | None:
    position = decode_position(cursor)
    return None if position is None else (position.created_at, position.id)
