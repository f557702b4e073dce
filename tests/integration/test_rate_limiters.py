"""The request counters, in the database (SQLite or PostgreSQL, as the suite
runs) and in a real Redis: atomic across workers, forgotten once ended; and
the NIR lookups budget on them, under concurrency."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from adapters.db.engine import make_engine
from adapters.db.rate_limits import SqlRateLimiter
from adapters.db.tables import RateLimitCounterRow
from adapters.errors import Unavailable
from adapters.redis.rate_limits import RedisRateLimiter
from domain.identity.principal import Principal
from domain.identity.users import UserKind
from domain.job_seekers.lookup_budget import LookupBudget, NirLookupsExhausted, take_lookup
from domain.ports.system import RateLimiter
from domain.rate_limits.policy import Bucket, BucketKind, RateLimit, Window, window_for
from tests.fakes.system import FixedClock, SequentialIds
from tests.redis_counters import a_redis_limiter, a_redis_prefix

# Marked here, not by the conftest hook: marking at collection drops the sql/redis parametrisation.
pytestmark = pytest.mark.anyio

HOURLY = RateLimit(limit=1000, period=timedelta(hours=1))
NewLimiter = Callable[[], RateLimiter]


def a_window(subject: str = "client:1", *, at: datetime | None = None) -> Window:
    # Windows of the current hour: Redis expires a key at its window's end.
    return window_for(Bucket(BucketKind.WRITES_CLIENT, subject), HOURLY, now=at or datetime.now(UTC))


@pytest.fixture(params=["sql", "redis"])
def counters_database(request: pytest.FixtureRequest) -> str | None:
    """The test database for the SQL counters; None for Redis."""
    return str(request.getfixturevalue("db")) if request.param == "sql" else None


@pytest.fixture
async def new_limiter(counters_database: str | None) -> AsyncIterator[NewLimiter]:
    """Makes limiters on one shared state, as each worker of the API would."""
    closers: list[Callable[[], object]] = []
    if counters_database is not None:

        def new_sql() -> RateLimiter:
            engine = make_engine(counters_database)
            closers.append(engine.dispose)
            return SqlRateLimiter(engine, now=lambda: datetime.now(UTC))

        yield new_sql
    else:
        async with a_redis_prefix() as prefix:

            def new_redis() -> RateLimiter:
                limiter = a_redis_limiter(prefix)
                closers.append(limiter.close)
                return limiter

            yield new_redis
    for close in closers:
        await close()  # type: ignore[misc]


async def test_each_hit_returns_the_window_count(new_limiter: NewLimiter) -> None:
    limiter, window = new_limiter(), a_window()

    assert [await limiter.hit(window) for _ in range(3)] == [1, 2, 3]


async def test_keys_and_windows_are_counted_apart(new_limiter: NewLimiter) -> None:
    limiter, window = new_limiter(), a_window()
    await limiter.hit(window)
    earlier = a_window(at=window.started_at - timedelta(seconds=1))

    assert await limiter.hit(a_window("client:2")) == 1
    assert await limiter.hit(earlier) == 1
    assert await limiter.hit(window) == 2


async def test_two_workers_hitting_at_once_share_one_count_and_lose_none(new_limiter: NewLimiter) -> None:
    first, second, window = new_limiter(), new_limiter(), a_window()

    counts = await asyncio.gather(*(worker.hit(window) for _ in range(20) for worker in (first, second)))

    assert sorted(counts) == list(range(1, 41))


async def test_the_database_forgets_windows_once_they_have_ended(db: str) -> None:
    clock = FixedClock(datetime(2026, 3, 2, 9, 10, tzinfo=UTC))
    engine = make_engine(db)
    limiter = SqlRateLimiter(engine, now=clock.now)
    await limiter.hit(a_window("client:1", at=clock.at))
    await limiter.hit(a_window("client:2", at=clock.at))
    clock.advance(timedelta(hours=1))

    await limiter.hit(a_window("client:1", at=clock.at))

    async with engine.connect() as connection:
        rows = (await connection.execute(select(func.count()).select_from(RateLimitCounterRow))).scalar_one()
    await engine.dispose()
    assert rows == 1


async def test_redis_forgets_a_window_soon_after_its_end() -> None:
    async with a_redis_prefix() as prefix:
        limiter, window = a_redis_limiter(prefix), a_window()
        await limiter.hit(window)
        ttls = [await limiter._client.ttl(key) async for key in limiter._client.scan_iter(match=prefix + "*")]
        await limiter.close()

    left = (window.ends_at - datetime.now(UTC)).total_seconds()
    assert len(ttls) == 1
    assert left < ttls[0] <= left + 31


async def test_an_unreachable_database_makes_the_counters_unavailable() -> None:
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")
    with pytest.raises(Unavailable):
        await SqlRateLimiter(engine, now=lambda: datetime.now(UTC)).hit(a_window())
    await engine.dispose()


async def test_an_unreachable_redis_makes_the_counters_unavailable() -> None:
    limiter = RedisRateLimiter.from_url("redis://127.0.0.1:1/0", timeout_s=1, prefix="tremplin-test:")
    with pytest.raises(Unavailable):
        await limiter.hit(a_window())
    await limiter.close()


async def test_a_release_gives_one_count_back(new_limiter: NewLimiter) -> None:
    limiter, window = new_limiter(), a_window()
    await limiter.hit(window)
    await limiter.hit(window)

    await limiter.release(window)

    assert await limiter.hit(window) == 2


async def test_concurrent_lookups_of_two_workers_never_let_more_misses_through_than_the_budget(
    new_limiter: NewLimiter,
) -> None:
    budgets = [
        LookupBudget(
            new_limiter(), lookups=RateLimit(1000, timedelta(hours=1)), misses=RateLimit(5, timedelta(hours=1))
        )
        for _ in range(2)
    ]
    prescriber = Principal(kind=UserKind.PRESCRIBER, user_id=uuid.uuid4())
    now, ids = datetime.now(UTC), SequentialIds()

    async def a_lookup(budget: LookupBudget) -> bool:
        try:
            await take_lookup(budget, prescriber, now=now, ids=ids)
        except NirLookupsExhausted:
            return False
        return True

    allowed = await asyncio.gather(*(a_lookup(budget) for _ in range(15) for budget in budgets))

    assert allowed.count(True) == 5
