"""The composition root: builds the adapters, wires them to the routers."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.bootstrap import Unavailable, build_container, build_outbox_worker, close_container, open_engine
from api.http.body_limit import BodySizeLimit
from api.http.errors import install_error_handlers
from api.http.headers import install_response_headers
from api.http.observability import Metrics, RequestContextMiddleware, configure_logging
from api.http.rate_limits import install_rate_limits
from api.http.routers import (
    accounts,
    approvals,
    auth,
    candidatures,
    companies,
    eligibility,
    employee_records,
    exits,
    health,
    indicators,
    job_postings,
    job_seekers,
    matches,
    me,
    prescriber_organisations,
    prolongation_requests,
    referentials,
    signup,
    suspensions,
)
from api.http.routers.admin_decisions import router as admin_decisions_router
from api.http.routers.admin_nir_lookups import router as admin_nir_lookups_router
from api.http.routers.admin_outbox import router as admin_outbox_router
from api.http.routers.invitations import router as invitations_router
from api.http.routers.invitations import tenant_invitations_router
from api.http.routers.members import members_router
from api.http.routers.notification_preferences import router as notification_preferences_router
from api.settings import Settings
from domain.identity.memberships import TenantKind

API_PREFIX = "/api/v1"


def create_app(settings: Settings) -> FastAPI:
    configure_logging(settings.runtime.log_level)
    engine = open_engine(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        worker = None
        if settings.runtime.run_worker_in_process:
            worker = asyncio.create_task(build_outbox_worker(settings, app.state.container).run(stop))
        yield
        stop.set()
        if worker is not None:
            await worker
        await close_container(app.state.container)
        await engine.dispose()

    app = FastAPI(
        title="Tremplin",
        version="1.0.0",
        summary="Candidate matching for France's inclusive employment sector (IAE).",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served from vendored files by the pages (api/web/routes/api_docs.py)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.container = build_container(settings, engine)
    app.state.engine = engine
    app.state.metrics = Metrics()
    install_rate_limits(app, prefix=API_PREFIX, unavailable=Unavailable)
    app.add_middleware(BodySizeLimit, max_bytes=settings.runtime.max_body_bytes)
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics)
    install_error_handlers(app, unavailable=Unavailable)
    install_response_headers(app, prefix=API_PREFIX)

    app.include_router(health.router)
    for router in (
        auth.router,
        me.router,
        signup.router,
        prescriber_organisations.router,
        members_router(
            prefix="/prescriber-organisations",
            tenant_kind=TenantKind.PRESCRIBER_ORGANISATION,
            slug="prescriber-organisations",
            tag="prescriber organisations",
        ),
        referentials.router,
        companies.router,
        members_router(prefix="/companies", tenant_kind=TenantKind.COMPANY, slug="companies", tag="companies"),
        job_postings.router,
        admin_outbox_router,
        notification_preferences_router,
        job_seekers.router,
        matches.router,
        eligibility.router,
        approvals.router,
        candidatures.router,
        employee_records.router,
        exits.router,
        indicators.router,
        accounts.router,
        tenant_invitations_router(
            prefix="/prescriber-organisations",
            tenant_kind=TenantKind.PRESCRIBER_ORGANISATION,
            slug="prescriber-organisations",
            tag="prescriber organisations",
        ),
        tenant_invitations_router(
            prefix="/companies", tenant_kind=TenantKind.COMPANY, slug="companies", tag="companies"
        ),
        invitations_router,
        admin_decisions_router,
        admin_nir_lookups_router,
        prolongation_requests.router,
        suspensions.router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    return app
