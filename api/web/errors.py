"""What a page answers when its use case refuses or fails: a page in French,
never a stack trace nor a JSON problem.

Each page route is a ``PageRoute``: it turns the domain's refusals into
pages (an id the viewer may not see is a 404 page, like an unknown one)."""

from collections.abc import Awaitable, Callable
from urllib.parse import quote

import structlog
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from api.bootstrap import Container, Unavailable
from api.web.csrf import CsrfRefused
from api.web.rendering import render
from api.web.sessions import SignInRequired, Viewer
from domain.errors import DomainError, Forbidden, NotFound

log = structlog.get_logger("tremplin.web")

PAGES = {
    403: ("Action non autorisée", "Vous n'avez pas le droit de faire cela avec votre compte."),
    404: ("Page introuvable", "Cette page n'existe pas, ou elle ne vous est pas accessible."),
    409: ("Action impossible", "Cette action n'est pas possible pour le moment."),
    500: ("Erreur du service", "Une erreur inattendue est survenue. Elle a été enregistrée. Réessayez plus tard."),
    503: ("Service indisponible", "Le service ne répond pas pour le moment. Réessayez dans un instant."),
}
CSRF_DETAIL = "Le formulaire a expiré ou ne vient pas de Tremplin. Revenez à la page et recommencez."


def error_page(request: Request, status: int, detail: str | None = None) -> Response:
    container: Container = request.app.state.container
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    title, default = PAGES.get(status, PAGES[409])
    context = {"status": status, "title": title, "detail": detail or default}
    response = render(request, container, viewer, "error.html", context, status=status)
    if status >= 500:
        response.headers["Connection"] = "close"
    return response


def sign_in_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/connexion?suivant={quote(target, safe='')}", status_code=303)


class PageRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as error:  # every failure becomes a page; none leaks
                return refusal_page(request, error)

        return page


def refusal_page(request: Request, error: Exception) -> Response:
    if isinstance(error, SignInRequired):
        return sign_in_redirect(request)
    if isinstance(error, CsrfRefused):
        return error_page(request, 403, CSRF_DETAIL)
    if isinstance(error, RequestValidationError | NotFound):
        return error_page(request, 404)  # a malformed id in a URL names no page either
    if isinstance(error, Forbidden):
        return error_page(request, 403, error.detail)
    if isinstance(error, DomainError):
        return error_page(request, 409, error.detail)
    if isinstance(error, Unavailable):
        log.warning("page_unavailable", error_type=type(error).__name__)
        return error_page(request, 503)
    log.error("page_error", error_type=type(error).__name__, exc_info=error)
    return error_page(request, 500)


def not_found_page(request: Request) -> Response:
    return error_page(request, 404)
