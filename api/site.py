"""The whole service on one app: the HTTP API (``api/http``) and the web
pages (``api/web``), which do not import each other; this module alone
knows both."""

from fastapi import FastAPI, Request, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.http.app import create_app
from api.settings import Settings
from api.web.app import install_pages, is_page_path
from api.web.errors import not_found_page


def create_site(settings: Settings) -> FastAPI:
    app = create_app(settings)
    install_pages(app)
    api_http_error = app.exception_handlers[StarletteHTTPException]

    async def http_error(request: Request, error: Exception) -> Response:
        # An unknown page URL gets the French 404 page; the API keeps its problems.
        if isinstance(error, StarletteHTTPException) and error.status_code == 404 and is_page_path(request.url.path):
            return not_found_page(request)
        return await api_http_error(request, error)  # type: ignore[no-any-return]

    app.exception_handlers[StarletteHTTPException] = http_error
    return app
