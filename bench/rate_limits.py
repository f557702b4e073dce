"""The cost of counting a request, per rate-limit store.

    .venv/bin/python bench/rate_limits.py [--hits 500] [--tasks 16]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--redis redis://127.0.0.1:6379/0]

On a throwaway PostgreSQL database and a temporary SQLite file (both migrated
with the project's migrations) and on Redis (keys under a random prefix,
deleted after): ``--hits`` sequential ``hit()`` calls, timed one by one, next
to the store's cheapest round trip measured in the same run (``SELECT 1``,
``PING``); then ``--tasks`` concurrent tasks on two limiters (two workers)
hitting one key ``--hits`` times each, and whether the final count lost any.
Prints p50, p99, p50 / baseline and hits per second, with the load average.
"""

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

from adapters.db import migrations
from adapters.db.engine import make_engine
from adapters.db.rate_limits import SqlRateLimiter
from adapters.redis.rate_limits import RedisRateLimiter
from domain.ports.system import RateLimiter
from domain.rate_limits.policy import Bucket, BucketKind, RateLimit, window_for

HOURLY = RateLimit(limit=10**9, period=timedelta(hours=1))


async def timed(call: Callable[[], Awaitable[object]], times: int) -> list[float]:
    await call()  # warm-up: a connection in the pool
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        await call()
        seconds.append(time.perf_counter() - started)
    return seconds


async def measure(name: str, new: Callable[[], RateLimiter], baseline: Callable[[], Awaitable[object]], args) -> None:
    limiter = new()
    sequential = window_for(Bucket(BucketKind.WRITES_CLIENT, "bench:sequential"), HOURLY, now=datetime.now(UTC))
    hits = await timed(lambda: limiter.hit(sequential), args.hits)
    base = await timed(baseline, args.hits)
    shared = window_for(Bucket(BucketKind.WRITES_CLIENT, "bench:shared"), HOURLY, now=datetime.now(UTC))
    workers = [limiter, new()]
    started = time.perf_counter()
    counts = await asyncio.gather(*(_hammer(workers[task % 2], shared, args.hits) for task in range(args.tasks)))
    elapsed = time.perf_counter() - started
    p50, p99 = statistics.median(hits), statistics.quantiles(hits, n=100)[98]
    print(
        f"{name:<10} hit p50 {p50 * 1000:6.2f} ms  p99 {p99 * 1000:6.2f} ms  "
        f"p50/baseline {p50 / statistics.median(base):5.1f}  "
        f"concurrent {args.tasks * args.hits / elapsed:7.0f} hits/s  "
        f"lost {args.tasks * args.hits - max(max(c) for c in counts)}"
    )


async def _hammer(limiter: RateLimiter, window, times: int) -> list[int]:
    return [await limiter.hit(window) for _ in range(times)]


async def on_database(name: str, url: str, args) -> None:
    engine = make_engine(url)
    await migrations.upgrade(engine)
    extra = []

    def new() -> RateLimiter:
        other = make_engine(url)
        extra.append(other)
        return SqlRateLimiter(other, now=lambda: datetime.now(UTC))

    async def select_one() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    await measure(name, new, select_one, args)
    for each in [engine, *extra]:
        await each.dispose()


async def on_redis(url: str, args) -> None:
    prefix = f"bench:{uuid.uuid4().hex}:"
    client = Redis.from_url(url)
    limiters: list[RedisRateLimiter] = []

    def new() -> RateLimiter:
        limiters.append(RedisRateLimiter.from_url(url, timeout_s=5, prefix=prefix))
        return limiters[-1]

    await measure("Redis", new, client.ping, args)
    keys = [key async for key in client.scan_iter(match=prefix + "*")]
    await client.delete(*keys)
    for limiter in limiters:
        await limiter.close()
    await client.aclose()


async def main(args) -> None:
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}; baseline: SELECT 1 / PING, same store")
    with tempfile.TemporaryDirectory() as directory:
        await on_database("SQLite", f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}", args)
    admin = make_url(args.postgres).set(drivername="postgresql")
    name = f"tremplin_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(args.postgres).set(drivername="postgresql+psycopg", database=name)
        await on_database("PostgreSQL", url.render_as_string(hide_password=False), args)
    finally:
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await on_redis(args.redis, args)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hits", type=int, default=500)
    parser.add_argument("--tasks", type=int, default=16)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    asyncio.run(main(parser.parse_args()))
