from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from api.settings import Settings
from domain.ports import (
    AccessTokens,
    ApprovalCalendar,
    AspExchangeQuery,
    AspReferentials,
    Clock,
    IdGenerator,
    IndicatorsQuery,
    LocatedSearch,
    PasswordHasher,
    RateLimiter,
    RunLock,
    UnitOfWork,
)
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
