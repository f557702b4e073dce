"""The composition root: builds the adapters, wires them to the routers."""

import asyncio
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.asp.layout import AspDeclarationFormat
from adapters.asp.referentials import packaged_asp_referentials
from adapters.clock import RandomIds, SystemClock
from adapters.db.approval_calendar import SqlApprovalCalendar
from adapters.db.engine import make_engine, make_session_factory
from adapters.db.rate_limits import SqlRateLimiter
from adapters.db.repositories.asp_exchange_status import SqlAspExchangeQuery
from adapters.db.repositories.indicators import SqlIndicatorsQuery
from adapters.db.run_locks import DatabaseRunLock
from adapters.db.search import SqlLocatedSearch
from adapters.db.unit_of_work import SqlUnitOfWork
from adapters.email.console import ConsoleMailer
from adapters.email.rendering import JinjaEmailRenderer
from adapters.email.smtp import SmtpMailer, parse_smtp_url
from adapters.email.worker import OutboxWorker
from adapters.errors import Unavailable
from adapters.redis.rate_limits import RedisRateLimiter
from adapters.referentials.package_data import packaged_referentials
from adapters.security.passwords import Argon2PasswordHasher
from adapters.security.tokens import JwtAccessTokens, load_or_create_signing_key
from api.container import Container
from api.errors import install_error_handlers
from api.observability import Metrics, RequestContextMiddleware, configure_logging
from api.rate_limits import install_rate_limits, rate_limits_from
from api.routers import (
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
    referentials,
    signup,
)
from api.routers.admin_outbox import router as admin_outbox_router
from api.routers.members import members_router
from api.routers.notification_preferences import router as notification_preferences_router
from api.settings import Settings
from domain.identity.memberships import TenantKind
from domain.notifications.dispatch import Dispatch
from domain.notifications.retry import RetryPolicy
from domain.ports import Clock, Mailer, RateLimiter

API_PREFIX = "/api/v1"
AUDIENCE = "tremplin-api"


def build_container(settings: Settings, engine: AsyncEngine) -> Container:
    clock = SystemClock()
    session_factory = make_session_factory(engine)
    asp_referentials = packaged_asp_referentials()
    declarations = AspDeclarationFormat(asp_referentials)
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
        new_uow=lambda: SqlUnitOfWork(session_factory, declarations=declarations),
        hasher=Argon2PasswordHasher(),
        clock=clock,
        ids=RandomIds(),
        tokens=tokens,
        database_ready=database_ready,
        referentials=packaged_referentials(),
        search=SqlLocatedSearch(engine),
        approval_calendar=SqlApprovalCalendar(session_factory),
        asp_referentials=asp_referentials,
        indicators=SqlIndicatorsQuery(session_factory),
        asp_status=SqlAspExchangeQuery(session_factory),
        run_lock=DatabaseRunLock(engine),
        rate_limiter=build_rate_limiter(settings, engine, clock),
        rate_limits=rate_limits_from(settings.rate_limits),
    )


def build_rate_limiter(settings: Settings, engine: AsyncEngine, clock: Clock) -> RateLimiter:
    """Redis when ``TREMPLIN_REDIS_URL`` is set, else the database."""
    limits = settings.rate_limits
    if limits.redis_url is None:
        return SqlRateLimiter(engine, now=clock.now)
    return RedisRateLimiter.from_url(
        limits.redis_url.get_secret_value(), timeout_s=limits.redis_timeout_s, prefix=limits.redis_prefix + "rate:"
    )


def build_mailer(settings: Settings) -> Mailer:
    """SMTP when ``TREMPLIN_SMTP_URL`` is set, else the log ("would send")."""
    if settings.email.smtp_url is None:
        return ConsoleMailer()
    endpoint = parse_smtp_url(settings.email.smtp_url.get_secret_value())
    return SmtpMailer(endpoint, sender=settings.email.email_from, timeout_s=settings.email.smtp_timeout_s)


def build_outbox_worker(settings: Settings, container: Container, *, mailer: Mailer | None = None) -> OutboxWorker:
    email = settings.email
    dispatch = Dispatch(
        new_uow=container.new_uow,
        mailer=mailer or build_mailer(settings),
        renderer=JinjaEmailRenderer(public_url=settings.security.public_url),
        clock=container.clock,
        ids=container.ids,
        jitter=random.random,
        policy=RetryPolicy(
            max_attempts=email.outbox_max_attempts,
            base=timedelta(seconds=email.outbox_retry_base_s),
            cap=timedelta(seconds=email.outbox_retry_cap_s),
        ),
        batch_size=email.outbox_batch_size,
        lease=timedelta(seconds=email.outbox_lease_s),
        margin=timedelta(seconds=email.send_margin_s),
    )
    return OutboxWorker(dispatch, poll_s=email.outbox_poll_s)


def create_app(settings: Settings) -> FastAPI:
    configure_logging(settings.runtime.log_level)
    engine = make_engine(settings.database.database_url, connect_timeout_s=settings.database.database_connect_timeout_s)

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
        if isinstance(app.state.container.rate_limiter, RedisRateLimiter):
            await app.state.container.rate_limiter.close()
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
    install_rate_limits(app, prefix=API_PREFIX, unavailable=Unavailable)
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
    ):
        app.include_router(router, prefix=API_PREFIX)
    return app
