from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import migrations

SCRIPT_LOCATION = Path(migrations.__file__).parent


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(hour).2d%%(minute).2d_%%(slug)s")
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema of ``engine``'s database to ``revision``."""
    async with engine.connect() as connection:
        await connection.run_sync(run_checked, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.connect() as connection:
        await connection.run_sync(run_checked, "downgrade", revision)


def run_checked(connection: Connection, direction: str, revision: str) -> None:
    with foreign_keys_checked_at_commit(connection):
        _run(connection, direction, revision)


@contextmanager
def foreign_keys_checked_at_commit(connection: Connection) -> Iterator[None]:
    """Run the block in one transaction and commit it.

    On SQLite, changing a table that others reference means copying it and
    dropping the original (batch mode), which enforced foreign keys refuse. As
    SQLite's own procedure says, enforcement is off while the block runs, and
    every reference is checked before the commit.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside any transaction, or ignored
    try:
        yield
        if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()):
            raise ForeignKeysBroken(f"the migration leaves rows referencing missing ones: {broken[:5]}")
        connection.commit()
    finally:
        connection.rollback()
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


class ForeignKeysBroken(Exception):
    """A migration would leave rows pointing at rows that no longer exist."""


async def is_current(engine: AsyncEngine) -> bool:
    """Whether ``engine``'s database has every revision applied."""
    async with engine.connect() as connection:
        return await connection.run_sync(_is_current)


def _is_current(connection: Connection) -> bool:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return set(MigrationContext.configure(connection).get_current_heads()) == set(heads)


def _run(connection: Connection, direction: str, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    getattr(command, direction)(config, revision)
