"""CSRF tokens: every form carries one in a hidden field and every htmx
request in a header (``static/tremplin.js`` copies it from a ``<meta>``).

A signed-in person's token is his session's. Before signing in (the login
form) the token is a random value also kept in a cookie of its own, which a
page of another site can neither read nor set (double submit)."""

import hmac
import secrets

from fastapi import Request, Response

from api.web.sessions import Viewer

FIELD = "csrf_token"
HEADER = "x-csrf-token"
ANONYMOUS_COOKIE = "tremplin_csrf"


class CsrfRefused(Exception):
    """A form or htmx request came without the token of the page it came from."""


def token_for(request: Request, viewer: Viewer | None) -> str:
    """The token the page being rendered puts in its forms and its ``<meta>``."""
    if viewer is not None:
        return viewer.session.csrf_token
    token: str | None = request.cookies.get(ANONYMOUS_COOKIE) or getattr(request.state, "new_csrf", None)
    if token is None:
        token = request.state.new_csrf = secrets.token_urlsafe(32)
    return token


def keep_anonymous_token(request: Request, response: Response, *, secure: bool) -> None:
    """Set the cookie of a token drawn while rendering this page."""
    new = getattr(request.state, "new_csrf", None)
    if new is not None:
        response.set_cookie(ANONYMOUS_COOKIE, new, httponly=True, samesite="lax", secure=secure, path="/")


async def verify(request: Request, viewer: Viewer | None) -> None:
    """Refuse a write whose token is missing or is not the expected one."""
    expected = viewer.session.csrf_token if viewer is not None else request.cookies.get(ANONYMOUS_COOKIE)
    given = request.headers.get(HEADER)
    if given is None:
        form = await request.form()
        value = form.get(FIELD)
        given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(expected.encode(), given.encode()):
        raise CsrfRefused()
