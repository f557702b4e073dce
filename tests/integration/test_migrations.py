"""The migrations build exactly the schema the tables declare, and every one
of them can be undone and redone (a stairway), on SQLite and on PostgreSQL."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.db import migrations
from adapters.db.engine import make_engine
from adapters.db.repositories.geo import geo_columns
from adapters.db.tables import metadata


@pytest.fixture
async def engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    built = make_engine(fresh_database_url)
    yield built
    await built.dispose()


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrations.alembic_config())


def _revisions_oldest_first() -> list[Script]:
    return list(reversed(list(_scripts().walk_revisions("base", "heads"))))


async def _on_connection(engine: AsyncEngine, work: Any) -> Any:
    async with engine.connect() as connection:
        return await connection.run_sync(work)


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _table_names(connection: Connection) -> set[str]:
    return set(sa.inspect(connection).get_table_names())


def test_the_migrations_have_a_single_head() -> None:
    assert len(_scripts().get_heads()) == 1


async def test_an_empty_database_migrated_to_head_matches_the_tables(engine: AsyncEngine) -> None:
    await migrations.upgrade(engine)

    assert await _on_connection(engine, _differences) == []


async def test_every_revision_upgrades_downgrades_and_upgrades_again(engine: AsyncEngine) -> None:
    revisions = _revisions_oldest_first()
    assert revisions, "no migration found"
    for revision in revisions:
        previous = revision.down_revision
        assert previous is None or isinstance(previous, str), f"{revision.revision} is a merge"

        await migrations.upgrade(engine, revision.revision)
        await migrations.downgrade(engine, previous or "base")
        assert await _on_connection(engine, _current_revision) == previous
        await migrations.upgrade(engine, revision.revision)
        assert await _on_connection(engine, _current_revision) == revision.revision

    assert await _on_connection(engine, _differences) == []


async def test_downgrading_to_base_removes_every_table(engine: AsyncEngine) -> None:
    await migrations.upgrade(engine)
    await migrations.downgrade(engine, "base")

    assert await _on_connection(engine, _table_names) <= {"alembic_version"}


_companies_before_geo = sa.table(
    "companies",
    *(
        sa.column(name, kind)
        for name, kind in [
            ("id", sa.Uuid()),
            ("siret", sa.String()),
            ("kind", sa.String()),
            ("name", sa.String()),
            ("brand", sa.String()),
            ("address_line", sa.String()),
            ("postal_code", sa.String()),
            ("commune", sa.String()),
            ("city", sa.String()),
            ("department", sa.String()),
            ("latitude", sa.Float()),
            ("longitude", sa.Float()),
            ("description", sa.String()),
            ("block_candidatures", sa.Boolean()),
            ("is_active", sa.Boolean()),
            ("created_at", sa.DateTime(timezone=True)),
            ("updated_at", sa.DateTime(timezone=True)),
        ]
    ),
)


async def test_the_geo_migration_computes_unit_vectors_of_existing_companies(engine: AsyncEngine) -> None:
    await migrations.upgrade(engine, "0001_identity")
    company_id = uuid.uuid4()
    latitude, longitude = 48.86375, 2.44906
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    async with engine.begin() as connection:
        await connection.execute(
            _companies_before_geo.insert().values(
                id=company_id,
                siret="89000002900011",
                kind="AI",
                name="Coup de Main Montreuil",
                brand="",
                address_line="",
                postal_code="93100",
                commune="93048",
                city="Montreuil",
                department="93",
                latitude=latitude,
                longitude=longitude,
                description="",
                block_candidatures=False,
                is_active=True,
                created_at=now,
                updated_at=now,
            )
        )

    await migrations.upgrade(engine, "0002_job_postings")

    async with engine.connect() as connection:
        row = (await connection.execute(sa.text("SELECT geo_x, geo_y, geo_z FROM companies"))).one()
    # The same vectors the repositories write for new companies, or searches would skew.
    written = geo_columns(latitude, longitude)
    assert tuple(row) == pytest.approx((written["geo_x"], written["geo_y"], written["geo_z"]))
