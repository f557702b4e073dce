"""Logging in and out, and choosing the structure one acts for."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.request_context import ContainerDep, client_ip
from api.web import csrf
from api.web.errors import PageRoute
from api.web.rendering import render
from api.web.sessions import (
    SESSION_COOKIE,
    OptionalViewerDep,
    ViewerDep,
    clear_session_cookie,
    new_secrets,
    session_ttl,
    set_session_cookie,
)
from domain.errors import TooManyAttempts
from domain.identity.signing_in import act_for, sign_in, sign_out
from domain.rate_limits.enforcement import enforce_rate_limits
from domain.rate_limits.policy import Bucket, BucketKind

router = APIRouter(route_class=PageRoute, include_in_schema=False)
HOME = "/tableau-de-bord"


def safe_target(target: str) -> str:
    """Where to go after logging in: a path of this site only (no open redirect)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return HOME


@router.get("/connexion", response_class=HTMLResponse)
async def login_form(
    request: Request,
    container: ContainerDep,
    viewer: OptionalViewerDep,
    suivant: Annotated[str, Query(max_length=500)] = HOME,
) -> Response:
    if viewer is not None:
        return RedirectResponse(safe_target(suivant), status_code=303)
    return render(request, container, None, "login.html", {"target": safe_target(suivant), "email": ""})


@router.post("/connexion", response_class=HTMLResponse)
async def login(request: Request, container: ContainerDep) -> Response:
    await csrf.verify(request, None)
    form = await request.form()
    email, password = str(form.get("email", ""))[:254], str(form.get("password", ""))[:1000]
    target = safe_target(str(form.get("suivant", HOME)))
    context = {"target": target, "email": email}
    if not email.strip() or not password:
        context["error"] = "Indiquez votre adresse e-mail et votre mot de passe."
        return render(request, container, None, "login.html", context, status=400)
    try:
        buckets = [Bucket(BucketKind.SIGN_IN_ACCOUNT, email), Bucket(BucketKind.SIGN_IN_IP, client_ip(request.scope))]
        await enforce_rate_limits(
            limiter=container.rate_limiter, limits=container.rate_limits, buckets=buckets, now=container.clock.now()
        )
        session = await sign_in(
            uow=container.new_uow(),
            hasher=container.hasher,
            clock=container.clock,
            ids=container.ids,
            username=email,
            password=password,
            ip=client_ip(request.scope),
            secrets=(secrets := new_secrets()),
            replaces=request.cookies.get(SESSION_COOKIE),
            ttl=session_ttl(container),
        )
    except TooManyAttempts as refused:
        minutes = max(1, round(refused.retry_after_s / 60))
        context["error"] = f"Trop de tentatives. Attendez {minutes} minute(s) avant de réessayer."
        return render(request, container, None, "login.html", context, status=429)
    if session is None:
        context["error"] = "Adresse e-mail ou mot de passe incorrect."
        return render(request, container, None, "login.html", context, status=400)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, container, secrets.token)
    return response


@router.post("/deconnexion")
async def logout(request: Request, container: ContainerDep, viewer: OptionalViewerDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if viewer is not None and token:
        await csrf.verify(request, viewer)
        await sign_out(uow=container.new_uow(), token=token)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(response, container)
    return response


@router.post("/structure")
async def switch_structure(request: Request, container: ContainerDep, viewer: ViewerDep) -> Response:
    await csrf.verify(request, viewer)
    form = await request.form()
    try:
        tenant_id = UUID(str(form.get("structure", "")))
    except ValueError:
        tenant_id = None
    if tenant_id is not None:
        token = request.cookies.get(SESSION_COOKIE, "")
        await act_for(uow=container.new_uow(), clock=container.clock, token=token, tenant_id=tenant_id)
    return RedirectResponse(HOME, status_code=303)
