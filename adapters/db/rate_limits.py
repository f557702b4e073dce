"""Request counters in the database: one row per (key, window).

Each hit is one short transaction of its own, outside any unit of work: an
``INSERT … ON CONFLICT DO UPDATE … RETURNING`` that PostgreSQL and SQLite
(3.35+) both run atomically, so concurrent workers never lose a count. The
first hit of a window, and only it, also deletes the windows that have ended.
A release is one ``UPDATE … SET hits = hits - 1`` that never goes below zero.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.db.tables import RateLimitCounterRow
from adapters.errors import Unavailable
from domain.rate_limits.policy import Window

_TABLE: Any = RateLimitCounterRow.__table__  # type: ignore[attr-defined]
# Hosts' clocks differ a little: a window is kept this long after its end, so
# that a host running late does not restart a window another host has purged.
CLOCK_SKEW = timedelta(seconds=30)


class SqlRateLimiter:
    def __init__(self, engine: AsyncEngine, *, now: Callable[[], datetime]) -> None:
        self._engine = engine
        self._now = now
        self._dialect: Any = postgresql if engine.dialect.name == "postgresql" else sqlite

    async def hit(self, window: Window) -> int:
        async with self._transaction() as connection:
            hits = int((await connection.execute(self._increment(window))).scalar_one())
            if hits == 1:
                await connection.execute(_purge(self._now()))
        return hits

    async def release(self, window: Window) -> None:
        async with self._transaction() as connection:
            await connection.execute(_decrement(window))

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        try:
            async with self._engine.begin() as connection:
                yield connection
        except (OperationalError, InterfaceError, OSError) as error:
            raise Unavailable("rate-limit counters") from error
        except DBAPIError as error:
            if error.connection_invalidated:
                raise Unavailable("rate-limit counters") from error
            raise

    def _increment(self, window: Window) -> Any:
        return (
            self._dialect.insert(_TABLE)
            .values(key=window.key, window_started_at=window.started_at, hits=1, expires_at=window.ends_at)
            .on_conflict_do_update(
                index_elements=[_TABLE.c.key, _TABLE.c.window_started_at],
                set_={"hits": _TABLE.c.hits + 1},
            )
            .returning(_TABLE.c.hits)
        )


def _decrement(window: Window) -> Any:
    counter = (_TABLE.c.key == window.key) & (_TABLE.c.window_started_at == window.started_at)
    return update(_TABLE).where(counter, _TABLE.c.hits > 0).values(hits=_TABLE.c.hits - 1)


def _purge(now: datetime) -> Any:
    return delete(_TABLE).where(_TABLE.c.expires_at <= now - CLOCK_SKEW)
