"""The composition root: builds the adapters, wires them to the routers."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.clock import RandomIds, SystemClock
from adapters.db.engine import make_engine, make_session_factory
from adapters.db.unit_of_work import SqlUnitOfWork
from adapters.errors import Unavailable
from adapters.referentials.package_data import packaged_referentials
from adapters.security.passwords import Argon2PasswordHasher
from adapters.security.tokens import JwtAccessTokens, load_or_create_signing_key
from api.container import Container
from api.errors import install_error_handlers
from api.observability import Metrics, RequestContextMiddleware, configure_logging
from api.routers import auth, companies, health, me, prescriber_organisations, referentials, signup
from api.routers.members import members_router
from api.settings import Settings
from domain.identity.memberships import TenantKind

API_PREFIX = "/api/v1"
AUDIENCE = "tremplin-api"


def build_container(settings: Settings, engine: AsyncEngine) -> Container:
    clock = SystemClock()
    session_factory = make_session_factory(engine)
    tokens = JwtAccessTokens(
        key=load_or_create_signing_key(settings.signing_key_file),
        issuer=settings.security.public_url,
        audience=AUDIENCE,
        ttl_s=settings.security.access_token_ttl_s,
        now=clock.now,
    )

    async def database_ready() -> bool:
        try:
            async with asyncio.timeout(3), engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure means "not ready"; the probe says so
            return False
        return True

    return Container(
        settings=settings,
        new_uow=lambda: SqlUnitOfWork(session_factory),
        hasher=Argon2PasswordHasher(),
        clock=clock,
        ids=RandomIds(),
        tokens=tokens,
        database_ready=database_ready,
        referentials=packaged_referentials(),
    )


def create_app(settings: Settings) -> FastAPI:
    configure_logging(settings.runtime.log_level)
    engine = make_engine(settings.database.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app = FastAPI(
        title="Tremplin",
        version="1.0.0",
        summary="Candidate matching for France's inclusive employment sector (IAE).",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.container = build_container(settings, engine)
    app.state.engine = engine
    app.state.metrics = Metrics()
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics)
    install_error_handlers(app, unavailable=Unavailable)

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
    ):
        app.include_router(router, prefix=API_PREFIX)
    return app
