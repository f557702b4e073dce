"""Revision 0016 marks every account stored before it as confirmed, at its
creation: those accounts were made before the rule."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.db import migrations
from adapters.db.engine import make_engine
from adapters.db.types import UtcDateTime
from tests.sql_units import sql_unit_of_work

pytestmark = pytest.mark.anyio
BEFORE_IT = "0015_records_by_approval"
CREATED = datetime(2025, 11, 3, 14, 5, 30, 125_000, tzinfo=UTC)

# The users table as the revision before this one left it.
USERS = sa.table(
    "users",
    sa.column("id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("email", sa.String()),
    sa.column("first_name", sa.String()),
    sa.column("last_name", sa.String()),
    sa.column("password_hash", sa.String()),
    sa.column("is_active", sa.Boolean()),
    sa.column("created_at", UtcDateTime()),
)


@pytest.fixture
async def engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    built = make_engine(fresh_database_url)
    yield built
    await built.dispose()


async def test_accounts_made_before_the_rule_are_confirmed_at_their_creation(engine: AsyncEngine) -> None:
    await migrations.upgrade(engine, BEFORE_IT)
    user_id = uuid4()
    row = {"kind": "prescriber", "first_name": "Léa", "last_name": "Martin", "password_hash": "x", "is_active": True}
    async with engine.begin() as connection:
        await connection.execute(
            sa.insert(USERS).values(id=user_id, email="lea@example.org", created_at=CREATED, **row)
        )

    await migrations.upgrade(engine)

    async with sql_unit_of_work(engine) as uow:
        user = await uow.users.get(user_id)
    assert user is not None and user.email_confirmed_at == CREATED
