"""Request counters in Redis: one key per (bucket key, window).

``INCR`` and ``EXPIREAT`` go in one ``MULTI``/``EXEC`` round trip: the count
is atomic across workers, and the key outlives its window by a little (the
hosts' clocks differ) before Redis forgets it. A release is a ``DECR`` with
the same ``EXPIREAT``, so that a key never outlives its window for long.
"""

from datetime import timedelta

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from adapters.errors import Unavailable
from domain.rate_limits.policy import Window

CLOCK_SKEW = timedelta(seconds=30)


class RedisRateLimiter:
    def __init__(self, client: Redis, *, prefix: str) -> None:
        self._client = client
        self._prefix = prefix

    @classmethod
    def from_url(cls, url: str, *, timeout_s: float, prefix: str) -> "RedisRateLimiter":
        # One immediate retry heals a pooled connection that Redis closed; more,
        # with back-off, would hold the request while Redis is down.
        client = Redis.from_url(
            url,
            socket_connect_timeout=timeout_s,
            socket_timeout=timeout_s,
            retry=Retry(NoBackoff(), retries=1),
        )
        return cls(client, prefix=prefix)

    async def hit(self, window: Window) -> int:
        return await self._add(window, 1)

    async def release(self, window: Window) -> None:
        await self._add(window, -1)

    async def _add(self, window: Window, amount: int) -> int:
        name = f"{self._prefix}{window.key}:{int(window.started_at.timestamp())}"
        try:
            async with self._client.pipeline(transaction=True) as pipeline:
                pipeline.incrby(name, amount)
                pipeline.expireat(name, window.ends_at + CLOCK_SKEW)
                hits, _ = await pipeline.execute()
        except (RedisError, OSError) as error:
            raise Unavailable("rate-limit counters") from error
        return int(hits)

    async def close(self) -> None:
        await self._client.aclose()
