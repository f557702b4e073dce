"""Alembic environment. ``tremplin migrate`` hands it an open connection;
the ``alembic`` command line gets one from TREMPLIN_DATABASE_URL."""

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from adapters.db.engine import make_engine
from adapters.db.migrations import foreign_keys_checked_at_commit
from adapters.db.tables import metadata

config = context.config


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_from_url(url: str) -> None:
    engine = make_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_checked_run_with)
    await engine.dispose()


def _checked_run_with(connection: Connection) -> None:
    with foreign_keys_checked_at_commit(connection):
        run_with(connection)


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    asyncio.run(run_from_url(os.environ.get("TREMPLIN_DATABASE_URL", "sqlite+aiosqlite:///./tremplin.db")))
