"""Who is looking at a page: the browser's session cookie resolved to a
principal, as the API resolves a bearer token."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request, Response

from api.bootstrap import Container
from api.request_context import ContainerDep
from domain.errors import Forbidden, Unauthenticated
from domain.identity.me import Me, describe_me
from domain.identity.principal import Principal
from domain.identity.principals import resolve_principal
from domain.identity.signing_in import live_session
from domain.identity.web_sessions import NewSession, WebSession
from domain.ports.system import AccessTokenClaims

SESSION_COOKIE = "tremplin_session"


@dataclass(slots=True, frozen=True)
class Viewer:
    """A signed-in person, the session he holds and what ``/me`` says of him."""

    principal: Principal
    session: WebSession
    me: Me

    @property
    def acting_for_name(self) -> str | None:
        acting = self.me.acting_for
        return next((m.name for m in self.me.memberships if m.tenant.id == acting), None)


class SignInRequired(Exception):
    """The page needs a signed-in person; the route answers with the login page."""


def new_secrets() -> NewSession:
    # 256 bits each: the cookie's token opens the session, the CSRF token guards its forms.
    return NewSession(token=secrets.token_urlsafe(32), csrf_token=secrets.token_urlsafe(32))


def is_https(container: Container) -> bool:
    return container.settings.security.public_url.startswith("https://")


def set_session_cookie(response: Response, container: Container, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=container.settings.security.web_session_ttl_s,
        httponly=True,
        samesite="lax",
        secure=is_https(container),
        path="/",
    )


def clear_session_cookie(response: Response, container: Container) -> None:
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=is_https(container), path="/")


def session_ttl(container: Container) -> timedelta:
    return timedelta(seconds=container.settings.security.web_session_ttl_s)


async def optional_viewer(request: Request, container: ContainerDep) -> Viewer | None:
    if hasattr(request.state, "viewer"):
        cached: Viewer | None = request.state.viewer
        return cached
    request.state.viewer = await _viewer(request, container)
    return request.state.viewer  # type: ignore[no-any-return]


async def _viewer(request: Request, container: Container) -> Viewer | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    session = await live_session(uow=container.new_uow(), clock=container.clock, token=token)
    if session is None:
        return None
    claims = AccessTokenClaims(
        subject=str(session.user_id), subject_type="user", scope="", expires_at=session.expires_at
    )
    try:
        try:
            principal = await resolve_principal(uow=container.new_uow(), claims=claims, act_as=session.act_as)
        except Forbidden:  # the membership he acted for was revoked since
            principal = await resolve_principal(uow=container.new_uow(), claims=claims, act_as=None)
    except Unauthenticated:  # the account was deactivated since
        return None
    me = await describe_me(uow=container.new_uow(), actor=principal)
    return Viewer(principal=principal, session=session, me=me)


async def required_viewer(viewer: Annotated[Viewer | None, Depends(optional_viewer)]) -> Viewer:
    if viewer is None:
        raise SignInRequired()
    return viewer


ViewerDep = Annotated[Viewer, Depends(required_viewer)]
OptionalViewerDep = Annotated[Viewer | None, Depends(optional_viewer)]
