"""Empty databases on the engine under test, and a synchronous look into them."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, throwaway_postgres_database


@contextmanager
def a_fresh_database(directory: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file in ``directory``, or a
    throwaway PostgreSQL database when the suite runs on PostgreSQL."""
    if not ON_POSTGRES:
        yield f"sqlite+aiosqlite:///{directory / 'fresh.db'}"
        return
    with throwaway_postgres_database(TEST_DATABASE_URL) as url:
        yield url


def query(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` read with a synchronous driver (for tests that must not
    run an event loop, such as those of the command line)."""
    parsed = make_url(url)
    driver = "sqlite" if parsed.get_backend_name() == "sqlite" else "postgresql+psycopg"
    engine = create_engine(parsed.set(drivername=driver))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()
