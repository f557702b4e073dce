"""The Redis of the tests (TEST_REDIS_URL, by default the local one), with a
key prefix of each test's own, its keys deleted afterwards."""

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from adapters.redis.rate_limits import RedisRateLimiter

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@asynccontextmanager
async def a_redis_prefix() -> AsyncIterator[str]:
    """A fresh key prefix; skips the test when Redis does not answer."""
    client = Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
    except (RedisError, OSError) as error:
        await client.aclose()
        pytest.skip(f"needs Redis at {TEST_REDIS_URL} (set TEST_REDIS_URL): {type(error).__name__}")
    prefix = f"tremplin-test:{uuid.uuid4().hex}:"
    try:
        yield prefix
    finally:
        keys = [key async for key in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()


def a_redis_limiter(prefix: str) -> RedisRateLimiter:
    return RedisRateLimiter.from_url(TEST_REDIS_URL, timeout_s=2, prefix=prefix)
