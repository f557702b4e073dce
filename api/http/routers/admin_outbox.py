"""Staff's view of the email outbox: what is stuck, and a second chance."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request

from api.http.deps import ContainerDep, PrincipalDep, UowDep
from api.http.pagination import public_link
from api.http.schemas.common import Code, problems
from api.http.schemas.notifications import OutboxMessageOut, OutboxPage, decode_outbox_cursor, encode_outbox_cursor
from domain.notifications.admin import list_outbox, requeue_message
from domain.notifications.messages import DeliveryState

router = APIRouter(prefix="/admin/outbox", tags=["administration"])


@router.get(
    "",
    operation_id="admin-outbox-list",
    summary="Emails of the outbox in one state (dead by default), newest first",
    description=list_outbox.__doc__,
    response_model=OutboxPage,
    responses=problems(401, 403, 422),
)
async def list_(
    request: Request,
    uow: UowDep,
    principal: PrincipalDep,
    state: DeliveryState = DeliveryState.DEAD,
    cursor: Code | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> OutboxPage:
    messages = await list_outbox(
        uow=uow, actor=principal, state=state, after=decode_outbox_cursor(cursor), limit=limit + 1
    )
    page, more = messages[:limit], len(messages) > limit
    next_url = public_link(request, cursor=encode_outbox_cursor(page[-1])) if more else None
    return OutboxPage(items=[OutboxMessageOut.of(m) for m in page], next=next_url)


@router.post(
    "/{message_id}/requeue",
    operation_id="admin-outbox-requeue",
    summary="Give a dead email a fresh set of attempts",
    description=requeue_message.__doc__,
    response_model=OutboxMessageOut,
    responses=problems(401, 403, 404, 409),
)
async def requeue(message_id: UUID, container: ContainerDep, principal: PrincipalDep) -> OutboxMessageOut:
    message = await requeue_message(
        uow=container.new_uow(), actor=principal, clock=container.clock, message_id=message_id
    )
    return OutboxMessageOut.of(message)
