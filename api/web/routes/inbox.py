"""The dashboard and the list of candidatures (an employer's inbox, a
prescriber's or a job seeker's own), filtered by state, sender and posting."""

from enum import StrEnum
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api import cursors
from api.request_context import ContainerDep
from api.web.errors import PageRoute
from api.web.rendering import render
from api.web.sessions import ViewerDep
from domain.candidatures.candidatures import SenderKind
from domain.candidatures.inbox import candidature_inbox
from domain.candidatures.listing import CandidatureFilters, Position
from domain.candidatures.state_machine import CandidatureState

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Text = Annotated[str, Query(max_length=200)]
E = TypeVar("E", bound=StrEnum)


@router.get("/tableau-de-bord", response_class=HTMLResponse)
async def dashboard(request: Request, container: ContainerDep, viewer: ViewerDep) -> HTMLResponse:
    inbox = await candidature_inbox(
        uow=container.new_uow(),
        actor=viewer.principal,
        filters=CandidatureFilters(state=CandidatureState.NEW),
        limit=5,
    )
    return render(request, container, viewer, "dashboard.html", {"inbox": inbox})


@router.get("/candidatures", response_class=HTMLResponse)
async def inbox_page(
    request: Request,
    container: ContainerDep,
    viewer: ViewerDep,
    etat: Text = "",
    envoyeur: Text = "",
    fiche: Text = "",
    suite: Text = "",
) -> HTMLResponse:
    filters = CandidatureFilters(
        state=_enum(CandidatureState, etat), sender_kind=_enum(SenderKind, envoyeur), job_posting_id=_uuid(fiche)
    )
    inbox = await candidature_inbox(
        uow=container.new_uow(), actor=viewer.principal, filters=filters, after=_position(suite)
    )
    next_url = None
    if inbox.next is not None:
        url = request.url.include_query_params(suite=cursors.encode_position(inbox.next))
        next_url = f"{url.path}?{url.query}"
    chosen = {"etat": etat, "envoyeur": envoyeur, "fiche": fiche}
    context = {"inbox": inbox, "chosen": chosen, "next_url": next_url, "total": sum(inbox.counts.values())}
    return render(request, container, viewer, "inbox.html", context)


def _enum(kind: type[E], value: str) -> E | None:
    try:
        return kind(value) if value else None
    except ValueError:
        return None  # an unknown filter is no filter


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


def _position(value: str) -> Position | None:
    try:
        return cursors.decode_position(value) if value else None
    except ValueError:
        return None
