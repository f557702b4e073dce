"""The ``tremplin`` command against a fresh database of its own.

Plain ``def`` tests: the commands run ``asyncio.run`` themselves."""

import re
from pathlib import Path
from typing import Protocol

import pytest
from alembic.script import ScriptDirectory
from argon2 import PasswordHasher
from click.testing import Result
from typer.testing import CliRunner

from adapters.db.migrations import alembic_config
from api.cli import app
from api.demo import ACCOUNTS, ORGANISATIONS, demo_email
from tests.integration.fresh_databases import query


@pytest.fixture
def env(fresh_database_url: str, tmp_path: Path) -> dict[str, str]:
    return {"TREMPLIN_DATABASE_URL": fresh_database_url, "TREMPLIN_DATA_DIR": str(tmp_path / "data")}


class Tremplin(Protocol):
    def __call__(self, *args: str, **extra_env: str) -> Result: ...


@pytest.fixture
def tremplin(env: dict[str, str]) -> Tremplin:
    """Runs one ``tremplin`` command with the test environment."""
    runner = CliRunner()

    def run(*args: str, **extra_env: str) -> Result:
        return runner.invoke(app, list(args), env={**env, **extra_env})

    return run


@pytest.fixture
def migrated(tremplin: Tremplin, fresh_database_url: str) -> str:
    assert tremplin("migrate").exit_code == 0
    return fresh_database_url


@pytest.fixture
def seeded(tremplin: Tremplin, migrated: str) -> str:
    assert tremplin("seed", "--demo").exit_code == 0
    return migrated


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def france_travail_id(url: str) -> str:
    siret, kind, _ = ORGANISATIONS[0]
    ((organisation_id,),) = query(
        url, "SELECT id FROM prescriber_organisations WHERE siret = :siret AND kind = :kind", siret=siret, kind=kind
    )
    return str(organisation_id)


# -- migrate -------------------------------------------------------------------


def test_migrate_brings_an_empty_database_to_the_head_revision(tremplin: Tremplin, fresh_database_url: str) -> None:
    result = tremplin("migrate")

    assert result.exit_code == 0, result.output
    assert "database schema is up to date" in result.stdout
    assert query(fresh_database_url, "SELECT version_num FROM alembic_version") == [(head_revision(),)]


def test_migrating_an_up_to_date_database_changes_nothing(tremplin: Tremplin, migrated: str) -> None:
    result = tremplin("migrate")

    assert result.exit_code == 0, result.output
    assert query(migrated, "SELECT version_num FROM alembic_version") == [(head_revision(),)]


# -- seed ------------------------------------------------------------------------


def test_seeding_the_demo_twice_creates_nothing_the_second_time(tremplin: Tremplin, migrated: str) -> None:
    first = tremplin("seed", "--demo")
    second = tremplin("seed", "--demo")

    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert int(re.findall(r"\((\d+) records created\)", first.stdout)[0]) > 0
    assert "(0 records created)" in second.stdout


def test_the_demo_seed_creates_every_documented_account(seeded: str) -> None:
    emails = {email for (email,) in query(seeded, "SELECT email FROM users")}

    assert emails == {demo_email(local) for local, *_ in ACCOUNTS}


def test_the_demo_accounts_log_in_with_the_documented_password(seeded: str) -> None:
    ((password_hash,),) = query(seeded, "SELECT password_hash FROM users WHERE email = :e", e=demo_email("prescriber"))

    assert PasswordHasher().verify(password_hash, "demo-password")


def test_seed_without_demo_refuses_with_usage_error(tremplin: Tremplin, migrated: str) -> None:
    result = tremplin("seed")

    assert result.exit_code == 2
    assert "pass --demo" in result.stderr
    assert query(migrated, "SELECT count(*) FROM users") == [(0,)]


# -- create-staff ------------------------------------------------------------------


def test_create_staff_makes_a_staff_account(tremplin: Tremplin, migrated: str) -> None:
    result = tremplin(
        "create-staff",
        "Camille.Durand@Tremplin.example",
        "--first-name",
        "Camille",
        "--last-name",
        "Durand",
        "--password",
        "a long staff password",
    )

    assert result.exit_code == 0, result.output
    ((kind, first, last, password_hash),) = query(
        migrated,
        "SELECT kind, first_name, last_name, password_hash FROM users WHERE email = :e",
        e="camille.durand@tremplin.example",
    )
    assert (kind, first, last) == ("staff", "Camille", "Durand")
    assert PasswordHasher().verify(password_hash, "a long staff password")


def test_create_staff_refuses_a_taken_email(tremplin: Tremplin, seeded: str) -> None:
    taken = demo_email("staff")
    names = ["--first-name", "Camille", "--last-name", "Durand", "--password", "a long staff password"]

    result = tremplin("create-staff", taken, *names)

    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert query(seeded, "SELECT count(*) FROM users WHERE email = :e", e=taken) == [(1,)]


def test_create_staff_refuses_a_short_password(tremplin: Tremplin, migrated: str) -> None:
    names = ["--first-name", "Camille", "--last-name", "Durand", "--password", "short"]

    result = tremplin("create-staff", "camille@tremplin.example", *names)

    assert result.exit_code == 1
    assert "at least 10 characters" in result.stderr
    assert query(migrated, "SELECT count(*) FROM users") == [(0,)]


# -- create-client -------------------------------------------------------------------


def test_create_client_prints_a_client_id_and_a_secret_that_authenticate_it(tremplin: Tremplin, seeded: str) -> None:
    organisation = france_travail_id(seeded)

    result = tremplin(
        "create-client", "Logiciel partenaire", "--organisation", organisation, "--scope", "candidatures:read"
    )

    assert result.exit_code == 0, result.output
    client_id = re.search(r"client_id:\s+(\S+)", result.stdout)
    secret = re.search(r"client_secret:\s+(\S+)", result.stdout)
    assert client_id and secret
    ((name, organisation_id, scopes, secret_hash),) = query(
        seeded,
        "SELECT name, organisation_id, scopes, secret_hash FROM api_clients WHERE client_id = :c",
        c=client_id.group(1),
    )
    assert (name, str(organisation_id).replace("-", ""), scopes) == (
        "Logiciel partenaire",
        organisation.replace("-", ""),
        "candidatures:read",
    )
    assert PasswordHasher().verify(secret_hash, secret.group(1))


def test_create_client_needs_exactly_one_tenant(tremplin: Tremplin, seeded: str) -> None:
    result = tremplin("create-client", "Logiciel partenaire", "--scope", "candidatures:read")

    assert result.exit_code == 2
    assert "exactly one of --company or --organisation" in result.stderr


def test_create_client_refuses_an_unknown_organisation(tremplin: Tremplin, migrated: str) -> None:
    unknown = "5f1d7a52-8c2e-4b8b-9a57-0d4c1e2f3a4b"

    result = tremplin("create-client", "Logiciel partenaire", "--organisation", unknown)

    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert query(migrated, "SELECT count(*) FROM api_clients") == [(0,)]


def test_create_client_refuses_an_unknown_scope(tremplin: Tremplin, seeded: str) -> None:
    organisation = france_travail_id(seeded)

    result = tremplin("create-client", "Logiciel partenaire", "--organisation", organisation, "--scope", "everything")

    assert result.exit_code == 2
    assert query(seeded, "SELECT count(*) FROM api_clients") == [(0,)]


# -- configuration -------------------------------------------------------------------


def test_a_malformed_setting_exits_2_naming_the_variable(tremplin: Tremplin) -> None:
    result = tremplin("migrate", TREMPLIN_ACCESS_TOKEN_TTL_S="abc")

    assert result.exit_code == 2
    assert "TREMPLIN_ACCESS_TOKEN_TTL_S" in result.stderr


def test_an_unsupported_database_url_exits_2_naming_the_variable(tremplin: Tremplin) -> None:
    result = tremplin("migrate", TREMPLIN_DATABASE_URL="mysql://root@localhost/tremplin")

    assert result.exit_code == 2
    assert "TREMPLIN_DATABASE_URL" in result.stderr
