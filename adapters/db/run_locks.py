"""One run at a time of a job that must not overlap itself (the ASP export:
two runs would both upload a batch an earlier run left unsettled).

PostgreSQL: an advisory lock held by a connection of its own for the whole
run, released by the server if the process dies. The embedded SQLite: a lock
on a file beside the database, which only processes of one machine share, as
they share the database file."""

import fcntl
import zlib
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.errors import AlreadyRunning


class DatabaseRunLock:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @asynccontextmanager
    async def exclusive(self, job: str) -> AsyncIterator[None]:
        if self._engine.dialect.name == "postgresql":
            async with self._advisory_lock(job):
                yield
        else:
            with self._file_lock(job):
                yield

    @asynccontextmanager
    async def _advisory_lock(self, job: str) -> AsyncIterator[None]:
        key = zlib.crc32(f"tremplin:{job}".encode())  # the same in every process (``hash`` is salted)
        async with self._engine.connect() as pooled:
            # Outside any transaction: a session-level lock needs none, and an
            # idle open one could be ended by idle_in_transaction_session_timeout.
            connection = await pooled.execution_options(isolation_level="AUTOCOMMIT")
            taken = await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
            if not taken:
                raise AlreadyRunning(_busy(job))
            try:
                yield
            finally:
                await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})

    @contextmanager
    def _file_lock(self, job: str) -> Iterator[None]:
        database = self._engine.url.database
        # Left in place after the run: removing a lock file races with the next taker.
        path = Path(f"{database}.{'-'.join(job.split())}.lock") if database and database != ":memory:" else None
        if path is None:
            yield  # a database of one process: nothing else can run the job
            return
        with path.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise AlreadyRunning(_busy(job)) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _busy(job: str) -> str:
    return f"Un autre « {job} » est en cours : rien n'a été fait."
