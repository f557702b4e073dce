"""Pages rendered from the Jinja2 templates of ``api/web/templates``."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from api.bootstrap import Container
from api.web import labels
from api.web.csrf import keep_anonymous_token, token_for
from api.web.sessions import Viewer, is_https

PARIS = ZoneInfo("Europe/Paris")


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _instant(value: datetime | None) -> str:
    return value.astimezone(PARIS).strftime("%d/%m/%Y à %H:%M") if value else ""


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("api.web", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(day=_day, instant=_instant)
    environment.globals.update(labels=labels)
    return environment


TEMPLATES = _environment()


def render(
    request: Request,
    container: Container,
    viewer: Viewer | None,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HTMLResponse:
    """A page; one for a signed-in person is never stored by a cache (it
    shows personal data). An htmx request gets the template's ``content``
    block alone when it asks for a part of the page (``HX-Target``)."""
    values = {"request": request, "viewer": viewer, "csrf_token": token_for(request, viewer), **(context or {})}
    page = TEMPLATES.get_template(template)
    if request.headers.get("hx-request") and request.headers.get("hx-target") and "fragment" in page.blocks:
        html = "".join(page.blocks["fragment"](page.new_context(values)))
    else:
        html = page.render(values)
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store" if viewer is not None else "no-cache"
    keep_anonymous_token(request, response, secure=is_https(container))
    return response
