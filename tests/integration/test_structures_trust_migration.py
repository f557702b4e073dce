"""Revision 0018 on a database with organisations and their members: the rows
and their references survive the tables being copied (SQLite's batch mode),
self-declared habilitations by law wait for staff, and the organisations that
would break "one organisation per SIRET" stop the upgrade, naming their SIRET."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.db import migrations
from adapters.db.engine import make_engine
from tests.builders.companies import a_siret

pytestmark = pytest.mark.anyio
BEFORE_IT = "0017_invitations"
AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    built = make_engine(fresh_database_url)
    await migrations.upgrade(built, BEFORE_IT)
    yield built
    await built.dispose()


def an_organisation(kind: str, habilitation: str, *, siret: str | None = None) -> dict[str, Any]:
    return {
        "id": uuid4(),
        "siret": siret or a_siret(),
        "kind": kind,
        "name": f"Organisation {kind}",
        "habilitation": habilitation,
        "created_at": AT,
        "habilitation_decided_at": None,
    }


def a_member_of(organisation: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    user = {
        "id": uuid4(),
        "kind": "prescriber",
        "email": f"{uuid4().hex}@example.org",
        "first_name": "Camille",
        "last_name": "Martin",
        "password_hash": "argon2",
        "is_active": True,
        "created_at": AT,
    }
    membership = {
        "id": uuid4(),
        "user_id": user["id"],
        "company_id": None,
        "organisation_id": organisation["id"],
        "role": "admin",
        "status": "active",
        "created_at": AT,
    }
    return user, membership


async def insert(engine: AsyncEngine, table: str, *rows: dict[str, Any]) -> None:
    def work(connection: Connection) -> None:
        reflected = sa.Table(table, sa.MetaData(), autoload_with=connection)
        for column in reflected.columns:  # SQLite reflects them as CHAR(32)
            if column.name == "id" or column.name.endswith("_id"):
                column.type = sa.Uuid()
        connection.execute(sa.insert(reflected), list(rows))

    async with engine.begin() as connection:
        await connection.run_sync(work)


async def select(engine: AsyncEngine, sql: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in (await connection.execute(sa.text(sql))).all()]


async def a_signed_up_world(engine: AsyncEngine) -> dict[str, dict[str, Any]]:
    organisations = {
        "FT": an_organisation("FT", "validated"),
        "ML": an_organisation("ML", "validated"),
        "CHRS": an_organisation("CHRS", "refused"),
        "ORIENTEUR": an_organisation("ORIENTEUR", "not_required"),
    }
    await insert(engine, "prescriber_organisations", *organisations.values())
    people = [a_member_of(o) for o in organisations.values()]
    await insert(engine, "users", *(user for user, _ in people))
    await insert(engine, "memberships", *(membership for _, membership in people))
    return organisations


async def test_organisations_and_their_members_come_through_and_self_declared_habilitations_wait(
    engine: AsyncEngine,
) -> None:
    organisations = await a_signed_up_world(engine)

    await migrations.upgrade(engine)

    rows = await select(engine, "SELECT kind, habilitation, source, safir_code FROM prescriber_organisations")
    assert sorted(rows) == [
        ("CHRS", "refused", "signup", None),
        ("FT", "pending", "signup", None),
        ("ML", "pending", "signup", None),
        ("ORIENTEUR", "not_required", "signup", None),
    ]
    joined = await select(
        engine,
        "SELECT o.kind FROM memberships m JOIN prescriber_organisations o ON o.id = m.organisation_id ORDER BY o.kind",
    )
    assert joined == [("CHRS",), ("FT",), ("ML",), ("ORIENTEUR",)]
    assert len(organisations) == 4


async def test_references_are_enforced_again_after_the_upgrade(engine: AsyncEngine) -> None:
    await a_signed_up_world(engine)
    await migrations.upgrade(engine)
    user, membership = a_member_of({"id": uuid4()})  # an organisation that does not exist
    await insert(engine, "users", user)

    with pytest.raises(IntegrityError):
        await insert(engine, "memberships", membership)


async def test_it_can_be_undone_and_redone_with_the_rows(engine: AsyncEngine) -> None:
    await a_signed_up_world(engine)
    await migrations.upgrade(engine)

    await migrations.downgrade(engine, BEFORE_IT)
    back = await select(engine, "SELECT kind, habilitation FROM prescriber_organisations ORDER BY kind")
    await migrations.upgrade(engine)

    assert back == [("CHRS", "refused"), ("FT", "validated"), ("ML", "validated"), ("ORIENTEUR", "not_required")]
    assert len(await select(engine, "SELECT id FROM memberships")) == 4


async def test_two_organisations_of_one_siret_stop_the_upgrade_naming_it(engine: AsyncEngine) -> None:
    siret = a_siret()
    await insert(
        engine,
        "prescriber_organisations",
        an_organisation("ML", "validated", siret=siret),
        an_organisation("PLIE", "pending", siret=siret),
    )

    with pytest.raises(RuntimeError, match=siret):
        await migrations.upgrade(engine)

    (version,) = await select(engine, "SELECT version_num FROM alembic_version")
    assert version == (BEFORE_IT,)
