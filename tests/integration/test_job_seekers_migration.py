"""Revision 0003 gives every job seeker account made before it its profile."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.db import migrations
from adapters.db.engine import make_engine

_users = sa.table(
    "users",
    *(sa.column(name, sa.String()) for name in ("kind", "email", "first_name", "last_name")),
    sa.column("id", sa.Uuid()),
    sa.column("is_active", sa.Boolean()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
SIGNED_UP = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)


@pytest.fixture
async def engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    built = make_engine(fresh_database_url)
    yield built
    await built.dispose()


async def an_account(engine: AsyncEngine, kind: str, email: str) -> uuid.UUID:
    user_id = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            _users.insert().values(
                id=user_id,
                kind=kind,
                email=email,
                first_name="Léa",
                last_name="Martin",
                is_active=True,
                created_at=SIGNED_UP,
            )
        )
    return user_id


async def test_existing_job_seeker_accounts_get_their_own_profile(engine: AsyncEngine) -> None:
    await migrations.upgrade(engine, "0002_job_postings")
    job_seeker = await an_account(engine, "job_seeker", "lea@example.org")
    await an_account(engine, "employer", "patron@example.org")

    await migrations.upgrade(engine, "0003_job_seekers")

    async with engine.connect() as connection:
        rows = (
            await connection.execute(
                sa.text("SELECT user_id, created_by_user_id, email, first_name, last_name FROM job_seekers")
            )
        ).all()
    assert [(uuid.UUID(str(a)), uuid.UUID(str(b)), *rest) for a, b, *rest in rows] == [
        (job_seeker, job_seeker, "lea@example.org", "Léa", "Martin")
    ]
