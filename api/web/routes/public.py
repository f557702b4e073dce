"""The public pages: home, search of job postings and companies around a
commune (with its autocompletes), a posting's page, a company's page."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from api import cursors
from api.bootstrap import Container
from api.request_context import ContainerDep
from api.web import labels
from api.web.errors import PageRoute
from api.web.rendering import render
from api.web.search_form import DISTANCES, SearchForm, around_from
from api.web.sessions import OptionalViewerDep, Viewer
from domain.companies.postings import get_job_posting, open_postings_of
from domain.companies.profile import get_company
from domain.matching.search import Page, search_companies, search_job_postings

router = APIRouter(route_class=PageRoute, include_in_schema=False)
Text = Annotated[str, Query(max_length=200)]


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, container: ContainerDep, viewer: OptionalViewerDep) -> HTMLResponse:
    return render(request, container, viewer, "home.html", {"distances": DISTANCES})


async def search_form(
    commune: Text = "", metier: Text = "", distance: Text = "25", type: Text = "", suite: Text = ""
) -> SearchForm:
    """The search form as typed: a plain GET query, read without refusing it."""
    return SearchForm(commune=commune, metier=metier, distance=distance, kind=type, after=suite)


SearchFormDep = Annotated[SearchForm, Depends(search_form)]


@router.get("/recherche/fiches-de-poste", response_class=HTMLResponse)
async def search_postings(
    request: Request, container: ContainerDep, viewer: OptionalViewerDep, form: SearchFormDep
) -> HTMLResponse:
    return await _search_page(request, container, viewer, form, search_job_postings, "search_postings.html")


@router.get("/recherche/structures", response_class=HTMLResponse)
async def search_structures(
    request: Request, container: ContainerDep, viewer: OptionalViewerDep, form: SearchFormDep
) -> HTMLResponse:
    return await _search_page(request, container, viewer, form, search_companies, "search_structures.html")


async def _search_page(
    request: Request,
    container: Container,
    viewer: Viewer | None,
    form: SearchForm,
    search: Callable[..., Awaitable[Page[Any]]],
    template: str,
) -> HTMLResponse:
    hits, following = [], None
    around = around_from(container.referentials, form) if form.submitted else None
    if around is not None:
        page = await search(search=container.search, communes=container.referentials.communes, around=around)
        hits, following = page.items, page.next
    context = {
        "form": form,
        "hits": hits,
        "next_url": _next_url(request, following),
        "distances": DISTANCES,
        "rome": container.referentials.rome,
        "searched": around is not None,
    }
    return render(request, container, viewer, template, context, status=400 if form.errors else 200)


def _next_url(request: Request, following: cursors.Cursor | None) -> str | None:
    if following is None:
        return None
    url = request.url.include_query_params(suite=cursors.encode_cursor(following))
    return f"{url.path}?{url.query}"  # relative: a link never carries the Host header's name


@router.get("/recherche/communes", response_class=HTMLResponse)
async def commune_suggestions(
    request: Request, container: ContainerDep, viewer: OptionalViewerDep, commune: Text = ""
) -> HTMLResponse:
    found = container.referentials.communes.search(commune.strip(), 8) if len(commune.strip()) >= 2 else []
    options = [(f"{c.name} ({c.insee_code})", f"{c.name} — {c.department}") for c in found]
    return render(request, container, viewer, "suggestions.html", {"options": options, "field": "commune"})


@router.get("/recherche/metiers", response_class=HTMLResponse)
async def job_suggestions(
    request: Request, container: ContainerDep, viewer: OptionalViewerDep, metier: Text = ""
) -> HTMLResponse:
    text = metier.strip()
    found = container.referentials.rome.search_appellations(text, 8) if len(text) >= 2 else []
    options = [(f"{a.name} ({a.code})", a.name) for a in found]
    return render(request, container, viewer, "suggestions.html", {"options": options, "field": "metier"})


@router.get("/fiches-de-poste/{posting_id}", response_class=HTMLResponse)
async def posting_page(
    posting_id: UUID, request: Request, container: ContainerDep, viewer: OptionalViewerDep
) -> HTMLResponse:
    card = await get_job_posting(uow=container.new_uow(), posting_id=posting_id)
    appellation = container.referentials.rome.appellation(card.posting.appellation_code)
    context = {"card": card, "appellation": appellation, "contract": labels.CONTRACTS[card.posting.contract_type]}
    return render(request, container, viewer, "posting.html", context)


@router.get("/structures/{company_id}", response_class=HTMLResponse)
async def company_page(
    company_id: UUID, request: Request, container: ContainerDep, viewer: OptionalViewerDep
) -> HTMLResponse:
    card = await get_company(uow=container.new_uow(), company_id=company_id)
    postings = await open_postings_of(uow=container.new_uow(), company_id=company_id)
    return render(request, container, viewer, "company.html", {"card": card, "postings": postings})
