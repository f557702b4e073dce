"""The web pages on the app the HTTP API runs on: their routes, their static
files, the security headers, and the 404 page of an unknown page URL."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web.headers import SecurityHeaders
from api.web.routes import api_docs, candidatures, inbox, job_seeker, job_seekers, public, signing_in

NOT_PAGES = ("/api/", "/health/", "/metrics", "/static/")


def is_page_path(path: str) -> bool:
    """Whether an unknown URL was meant as a page (answered with the 404
    page) rather than as the API (answered with a problem)."""
    return not path.startswith(NOT_PAGES)


def install_pages(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(packages=[("api.web", "static")]), name="static")
    routers = (
        public.router,
        signing_in.router,
        inbox.router,
        candidatures.router,
        job_seeker.router,
        job_seekers.router,
        api_docs.router,
    )
    for router in routers:
        app.include_router(router)
