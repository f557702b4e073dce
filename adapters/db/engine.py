import select
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import InvalidatePoolError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.errors import Unavailable


def make_engine(url: str, *, pool_size: int = 10, connect_timeout_s: int = 5) -> AsyncEngine:
    """The async engine for ``url``: aiosqlite for SQLite, psycopg 3 for PostgreSQL.

    A database that cannot be reached raises ``Unavailable`` from any query."""
    json_codec: dict[str, Any] = {"json_serializer": _json_text, "json_deserializer": orjson.loads}
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **json_codec)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        engine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            connect_args={"connect_timeout": connect_timeout_s},
            **json_codec,
        )
        _ping_when_the_server_spoke(engine)
    event.listen(engine.sync_engine, "handle_error", _unavailable_when_unreachable)
    return engine


def _json_text(value: object) -> str:
    # orjson: JSON columns are read and written several times faster than with
    # the standard library (an ASP export decodes two per record).
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# After a restart of PostgreSQL every pooled connection is dead; unchecked, each
# would fail its next request (tests/e2e/test_database_outage.py). SQLAlchemy's
# pool_pre_ping checks with a round trip on every checkout, which cost 0.3 to
# 1.5 ms of CPU per request (bench/README.md). A server that ends a connection
# says so (an error message, then EOF), which makes the idle socket readable:
# the ping is only needed then, and asking the socket is one system call.
def _ping_when_the_server_spoke(engine: AsyncEngine) -> None:
    dialect = engine.sync_engine.dialect

    def checked_out(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
        connection = record.driver_connection
        if connection is None or connection.closed:
            raise InvalidatePoolError()
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN)
        if not poller.poll(0):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            # The pool drops every connection older than this one and retries with a new one.
            raise InvalidatePoolError() from error

    event.listen(engine.sync_engine.pool, "checkout", checked_out)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def _unavailable_when_unreachable(context: ExceptionContext) -> None:
    """A connection refused, timed out or lost becomes ``Unavailable`` (503 over
    HTTP) wherever the engine is used; other database errors keep their type."""
    refused = context.connection is None and isinstance(context.sqlalchemy_exception, OperationalError)
    if refused or context.is_disconnect:
        raise Unavailable("database") from context.original_exception


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets readers and one
    # writer work at once, and busy_timeout makes writers queue instead of failing.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
