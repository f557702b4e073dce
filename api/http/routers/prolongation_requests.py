from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from api.http.deps import ContainerDep, PrincipalDep
from api.http.pagination import next_position_link
from api.http.schemas.common import problems
from api.http.schemas.prolongation_requests import (
    ProlongationRequestOut,
    ProlongationRequestPage,
    ProlongationRequestQuery,
)
from domain.approvals.prolongation_requests import get_prolongation_request, list_prolongation_requests
from domain.candidatures.listing import Position

router = APIRouter(prefix="/prolongation-requests", tags=["PASS IAE"])
NO_STORE = "no-store"  # the requests tell who holds which PASS IAE


@router.get(
    "",
    operation_id="prolongation-requests-list",
    summary="Prolongation requests: the ones a prescriber decides, those of an employer's company",
    description=list_prolongation_requests.__doc__,
    response_model=ProlongationRequestPage,
    responses=problems(401, 403, 422),
)
async def list_(
    request: Request,
    response: Response,
    container: ContainerDep,
    principal: PrincipalDep,
    query: Annotated[ProlongationRequestQuery, Depends()],
) -> ProlongationRequestPage:
    page = await list_prolongation_requests(
        uow=container.new_uow(), actor=principal, status=query.state, after=query.after, limit=query.limit
    )
    following = Position(page.next.requested_at, page.next.id) if page.next else None
    response.headers["Cache-Control"] = NO_STORE
    return ProlongationRequestPage(
        items=[ProlongationRequestOut.of_entry(entry) for entry in page.items],
        next=next_position_link(request, following),
    )


@router.get(
    "/{prolongation_id}",
    operation_id="prolongation-requests-get",
    summary="A prolongation request, its state and the PASS IAE it would prolong",
    description=get_prolongation_request.__doc__,
    response_model=ProlongationRequestOut,
    responses=problems(401, 403, 404),
)
async def get(
    prolongation_id: UUID, response: Response, container: ContainerDep, principal: PrincipalDep
) -> ProlongationRequestOut:
    entry = await get_prolongation_request(uow=container.new_uow(), actor=principal, prolongation_id=prolongation_id)
    response.headers["Cache-Control"] = NO_STORE
    return ProlongationRequestOut.of_entry(entry)
