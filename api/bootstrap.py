"""The composition root: settings -> adapters -> the ports the use cases take.

HTTP (api/http/app.py), the CLI (api/cli/) and the outbox worker build their
adapters here and nowhere else."""

import asyncio
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

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
from adapters.pdf.attestations import FpdfAttestationRenderer
from adapters.redis.rate_limits import RedisRateLimiter
from adapters.referentials.package_data import packaged_referentials
from adapters.security.passwords import Argon2PasswordHasher
from adapters.security.tokens import JwtAccessTokens, load_or_create_signing_key
from api.settings import RateLimitSettings, Settings
from domain.job_seekers.lookup_budget import LookupBudget
from domain.notifications.dispatch import Dispatch
from domain.notifications.retry import RetryPolicy
from domain.ports.approvals import ApprovalCalendar, AttestationRenderer
from domain.ports.asp import AspReferentials
from domain.ports.employee_records import AspExchangeQuery
from domain.ports.indicators import IndicatorsQuery
from domain.ports.matching import LocatedSearch
from domain.ports.system import AccessTokens, Clock, IdGenerator, Mailer, PasswordHasher, RateLimiter, RunLock
from domain.ports.unit_of_work import UnitOfWork
from domain.rate_limits.policy import BucketKind, RateLimit
from domain.referentials.bundle import Referentials


@dataclass(slots=True, frozen=True)
class Container:
    """The adapters ``create_app`` built, as the ports the routers need."""

    settings: Settings
    new_uow: Callable[[], UnitOfWork]
    hasher: PasswordHasher
    clock: Clock
    ids: IdGenerator
    tokens: AccessTokens
    database_ready: Callable[[], Awaitable[bool]]
    referentials: Referentials
    search: LocatedSearch
    approval_calendar: ApprovalCalendar
    asp_referentials: AspReferentials
    indicators: IndicatorsQuery
    asp_status: AspExchangeQuery
    run_lock: RunLock
    rate_limiter: RateLimiter
    rate_limits: Mapping[BucketKind, RateLimit]
    attestations: AttestationRenderer


AUDIENCE = "tremplin-api"
__all__ = ["Unavailable"]  # re-exported: the HTTP layer maps it without importing adapters


def open_engine(settings: Settings) -> AsyncEngine:
    return make_engine(settings.database.database_url, connect_timeout_s=settings.database.database_connect_timeout_s)


async def close_container(container: Container) -> None:
    if isinstance(container.rate_limiter, RedisRateLimiter):
        await container.rate_limiter.close()


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
        attestations=FpdfAttestationRenderer(public_url=settings.security.public_url),
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


def rate_limits_from(settings: RateLimitSettings) -> dict[BucketKind, RateLimit]:
    def per_period(limit: int) -> RateLimit:
        return RateLimit(limit=limit, period=timedelta(seconds=settings.rate_limit_period_s))

    return {
        BucketKind.SIGN_IN_ACCOUNT: per_period(settings.rate_limit_token_per_account),
        BucketKind.SIGN_IN_IP: per_period(settings.rate_limit_token_per_ip),
        BucketKind.WRITES_CLIENT: per_period(settings.rate_limit_writes_per_client),
        BucketKind.WRITES_IP: per_period(settings.rate_limit_writes_per_ip),
        BucketKind.NIR_LOOKUPS: RateLimit(limit=settings.nir_lookups_per_hour, period=timedelta(hours=1)),
        BucketKind.NIR_MISSES: RateLimit(limit=settings.nir_misses_per_hour, period=timedelta(hours=1)),
    }


def nir_lookup_budget(container: Container) -> LookupBudget:
    """The NIR lookups budgets, counted where the other rate limits are."""
    return LookupBudget(
        limiter=container.rate_limiter,
        lookups=container.rate_limits[BucketKind.NIR_LOOKUPS],
        misses=container.rate_limits[BucketKind.NIR_MISSES],
    )
