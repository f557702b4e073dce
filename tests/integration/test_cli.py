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
from api.cli.main import app
from api.demo.seed import ACCOUNTS, ORGANISATIONS, demo_email
from tests.builders.companies import a_siret
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


def test_every_demo_company_publishes_active_postings(seeded: str) -> None:
    without = query(
        seeded,
        "SELECT c.name FROM companies c WHERE NOT EXISTS "
        "(SELECT 1 FROM job_postings p WHERE p.company_id = c.id AND p.is_active AND p.open_positions > 0)",
    )

    assert without == []
    assert query(seeded, "SELECT count(*) FROM companies") != [(0,)]


def test_the_demo_accounts_log_in_with_the_documented_password(seeded: str) -> None:
    ((password_hash,),) = query(seeded, "SELECT password_hash FROM users WHERE email = :e", e=demo_email("prescriber"))

    assert PasswordHasher().verify(password_hash, "demo-password")


def test_seed_without_demo_refuses_with_usage_error(tremplin: Tremplin, migrated: str) -> None:
    result = tremplin("seed")

    assert result.exit_code == 2
    assert "pass --demo" in result.stderr
    assert query(migrated, "SELECT count(*) FROM users") == [(0,)]


# -- import companies ----------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "siae_referential.csv"
HEADER = "siret;kind;name;address;postal_code;insee_commune;asp_id;active;auth_email"


def siae_file(tmp_path: Path, *lines: str, name: str = "siae.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def a_line(
    siret: str,
    *,
    kind: str = "EI",
    name: str = "Recyclerie",
    commune: str = "75111",
    active: str = "1",
    auth_email: str = "direction@recyclerie.example.org",
) -> str:
    return f"{siret};{kind};{name};1 rue de la Paix;75011;{commune};4242;{active};{auth_email}"


def companies_in(url: str) -> list[tuple[object, ...]]:
    return query(
        url, "SELECT siret, kind, name, commune, city, is_active, updated_at FROM companies ORDER BY siret, kind"
    )


def summary(result: Result) -> dict[str, int]:
    return {key: int(count) for key, count in re.findall(r"(\w+) (\d+)", result.stdout.splitlines()[0])}


def test_importing_the_sample_file_creates_its_companies(tremplin: Tremplin, migrated: str) -> None:
    result = tremplin("import", "companies", str(SAMPLE))

    assert result.exit_code == 0, result.output
    assert summary(result) == {"created": 15, "updated": 0, "deactivated": 0, "unchanged": 0, "rejected": 0}
    assert len(companies_in(migrated)) == 15
    assert ("55000007900016", "ACI", "Chantier Nature Villeurbanne", "69266", "Villeurbanne") in {
        row[:5] for row in companies_in(migrated)
    }


def test_importing_the_same_file_twice_changes_nothing(tremplin: Tremplin, migrated: str) -> None:
    tremplin("import", "companies", str(SAMPLE))
    before = companies_in(migrated)

    result = tremplin("import", "companies", str(SAMPLE))

    assert result.exit_code == 0, result.output
    assert summary(result) == {"created": 0, "updated": 0, "deactivated": 0, "unchanged": 15, "rejected": 0}
    assert companies_in(migrated) == before


def test_a_changed_line_updates_the_company_of_that_siret_and_kind(
    tremplin: Tremplin, migrated: str, tmp_path: Path
) -> None:
    siret = a_siret()
    tremplin("import", "companies", str(siae_file(tmp_path, a_line(siret), a_line(siret, kind="ACI"))))

    result = tremplin("import", "companies", str(siae_file(tmp_path, a_line(siret, commune="69123", name="Atelier"))))

    assert summary(result)["updated"] == 1
    assert [row[:5] for row in companies_in(migrated)] == [
        (siret, "ACI", "Recyclerie", "75111", "Paris 11e Arrondissement"),
        (siret, "EI", "Atelier", "69123", "Lyon"),
    ]


def test_the_official_email_is_stored_and_follows_the_referential(
    tremplin: Tremplin, migrated: str, tmp_path: Path
) -> None:
    siret, without = a_siret(), a_siret()
    lines = (a_line(siret, auth_email="Direction@Recyclerie.example.org"), a_line(without, auth_email=""))
    tremplin("import", "companies", str(siae_file(tmp_path, *lines)))
    first = query(migrated, "SELECT siret, auth_email FROM companies ORDER BY siret")

    result = tremplin(
        "import", "companies", str(siae_file(tmp_path, a_line(siret, auth_email="rh@recyclerie.example.org")))
    )

    assert sorted(first) == sorted([(siret, "direction@recyclerie.example.org"), (without, None)])
    assert summary(result)["updated"] == 1
    assert query(migrated, f"SELECT auth_email FROM companies WHERE siret = '{siret}'") == [
        ("rh@recyclerie.example.org",)
    ]


def test_an_inactive_line_deactivates_a_known_company(tremplin: Tremplin, migrated: str, tmp_path: Path) -> None:
    siret = a_siret()
    tremplin("import", "companies", str(siae_file(tmp_path, a_line(siret))))

    result = tremplin("import", "companies", str(siae_file(tmp_path, a_line(siret, active="0"))))

    assert summary(result)["deactivated"] == 1
    assert [row[5] for row in companies_in(migrated)] == [False]


def test_an_inactive_line_for_an_unknown_company_creates_nothing(
    tremplin: Tremplin, migrated: str, tmp_path: Path
) -> None:
    result = tremplin("import", "companies", str(siae_file(tmp_path, a_line(a_siret(), active="0"))))

    assert summary(result)["created"] == 0
    assert companies_in(migrated) == []


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (a_line("55000001200018"), "invalid SIRET '55000001200018'"),
        (a_line(a_siret(), kind="SCOP"), "unknown kind 'SCOP'"),
        (a_line(a_siret(), name=""), "empty name"),
        (a_line(a_siret(), active="peut-être"), "active must be 1 or 0, not 'peut-être'"),
        (a_line(a_siret(), commune="7511"), "invalid INSEE commune '7511'"),
        (a_line(a_siret(), commune="99999"), "unknown INSEE commune 99999"),
        (a_line(a_siret()).replace(";75011;", ";750;"), "invalid postal code '750'"),
        (a_line(a_siret()).replace(";4242;", ";" + "9" * 21 + ";"), "asp_id longer than 20 characters"),
        (a_line(a_siret(), auth_email="direction@"), "auth_email is not an email address"),
    ],
    ids=["siret", "kind", "name", "active", "commune-syntax", "commune-unknown", "postal-code", "asp-id", "auth-email"],
)
def test_a_rejected_line_is_reported_with_its_reason_and_the_others_apply(
    tremplin: Tremplin, migrated: str, tmp_path: Path, line: str, reason: str
) -> None:
    good = a_siret()

    result = tremplin("import", "companies", str(siae_file(tmp_path, a_line(good), line)))

    assert result.exit_code == 0, result.output
    assert summary(result)["rejected"] == 1
    assert f"line 3: {reason}" in result.stdout
    assert [row[0] for row in companies_in(migrated)] == [good]


def test_a_file_without_the_expected_columns_is_refused(tremplin: Tremplin, migrated: str, tmp_path: Path) -> None:
    path = tmp_path / "siae.csv"
    path.write_text("siret,kind,name\n73282932000074,EI,Recyclerie\n", encoding="utf-8")

    result = tremplin("import", "companies", str(path))

    assert result.exit_code == 1
    assert "missing columns" in result.stderr
    assert companies_in(migrated) == []


def test_a_file_that_breaks_midway_changes_nothing(tremplin: Tremplin, migrated: str, tmp_path: Path) -> None:
    good = [a_line(a_siret()) for _ in range(300)]
    path = siae_file(tmp_path, *good, a_line(a_siret(), name="Cr\u00e8che"), *good[:3])
    path.write_bytes(path.read_bytes().replace("Crèche".encode(), "Crèche".encode("latin-1")))

    result = tremplin("import", "companies", str(path))

    assert result.exit_code == 1
    assert "line 302: not UTF-8" in result.stderr
    assert companies_in(migrated) == []


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


def test_a_staff_account_made_by_the_operator_is_confirmed_without_an_email(tremplin: Tremplin, migrated: str) -> None:
    names = ["--first-name", "Camille", "--last-name", "Durand", "--password", "a long staff password"]

    assert tremplin("create-staff", "camille.durand@tremplin.example", *names).exit_code == 0

    assert query(migrated, "SELECT count(*) FROM users WHERE email_confirmed_at IS NULL") == [(0,)]
    assert query(migrated, "SELECT count(*) FROM outbox_messages") == [(0,)]


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
