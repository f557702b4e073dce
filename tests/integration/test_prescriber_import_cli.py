"""``tremplin import prescribers FILE`` against a fresh database of its own.

Plain ``def`` tests: the commands run ``asyncio.run`` themselves."""

import re
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from api.cli.main import app
from api.demo.seed import FRANCE_TRAVAIL_SAFIR
from tests.integration.fresh_databases import query

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "prescriber_referential.csv"
HEADER = "kind;siret;safir_code;name;commune;email;address_line;postal_code"
AGENCY_SIRET, ML_SIRET = "13000548101182", "77512430800013"


@pytest.fixture
def env(fresh_database_url: str, tmp_path: Path) -> dict[str, str]:
    values = {"TREMPLIN_DATABASE_URL": fresh_database_url, "TREMPLIN_DATA_DIR": str(tmp_path / "data")}
    assert CliRunner().invoke(app, ["migrate"], env=values).exit_code == 0
    return values


def importing(env: dict[str, str], path: Path) -> Result:
    return CliRunner().invoke(app, ["import", "prescribers", str(path)], env=env)


def a_file(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "prescribers.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def an_agency(safir: str = "75852", *, siret: str = AGENCY_SIRET, commune: str = "75118") -> str:
    return (
        f"FT;{siret};{safir};France Travail Paris 18e;{commune};ape.{safir}@francetravail.fr;12 rue Championnet;75018"
    )


def an_organisation(kind: str = "ML", *, siret: str = ML_SIRET, name: str = "Mission locale de Paris") -> str:
    return f"{kind};{siret};;{name};75118;contact@ml.example;22 rue Pajol;75018"


def summary(result: Result) -> dict[str, int]:
    return {key: int(count) for key, count in re.findall(r"(\w+) (\d+)", result.stdout.splitlines()[0])}


def organisations_in(url: str) -> list[tuple[object, ...]]:
    return query(
        url,
        "SELECT kind, siret, safir_code, name, habilitation, source, commune, city "
        "FROM prescriber_organisations ORDER BY kind, siret, safir_code",
    )


def test_importing_the_sample_creates_its_organisations_habilitated_as_their_kind_says(
    env: dict[str, str], fresh_database_url: str
) -> None:
    result = importing(env, SAMPLE)

    assert result.exit_code == 0, result.output
    assert summary(result) == {"created": 20, "updated": 0, "unchanged": 0, "rejected": 0}
    rows = organisations_in(fresh_database_url)
    habilitations = {(kind, habilitation) for kind, _, _, _, habilitation, *_ in rows}
    assert habilitations == {
        ("FT", "validated"),
        ("ML", "validated"),
        ("CAP_EMPLOI", "validated"),
        ("PLIE", "pending"),
        ("CCAS", "pending"),
        ("DEPT", "pending"),
    }
    assert {source for *_, source, _, _ in rows} == {"referential"}
    tolbiac_and_pyrenees = [row[2] for row in rows if row[1] == "13000548101851"]
    assert tolbiac_and_pyrenees == ["75874", "75885"]


def test_importing_the_same_file_twice_changes_nothing(env: dict[str, str], fresh_database_url: str) -> None:
    importing(env, SAMPLE)
    before = query(fresh_database_url, "SELECT * FROM prescriber_organisations ORDER BY id")

    result = importing(env, SAMPLE)

    assert result.exit_code == 0, result.output
    assert summary(result) == {"created": 0, "updated": 0, "unchanged": 20, "rejected": 0}
    assert query(fresh_database_url, "SELECT * FROM prescriber_organisations ORDER BY id") == before


def test_a_changed_line_updates_the_agency_of_its_safir_code(
    env: dict[str, str], fresh_database_url: str, tmp_path: Path
) -> None:
    importing(env, a_file(tmp_path, an_agency()))

    result = importing(env, a_file(tmp_path, an_agency(commune="75119")))

    assert summary(result)["updated"] == 1
    assert [row[6:] for row in organisations_in(fresh_database_url)] == [("75119", "Paris 19e Arrondissement")]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (an_agency(siret="13000548101183"), "invalid SIRET '13000548101183'"),
        (an_organisation(kind="ASSOC"), "unknown kind 'ASSOC'"),
        (an_organisation(name=""), "empty name"),
        (an_agency("7585"), "SAFIR code must be 5 digits, not '7585'"),
        (an_agency("").replace("ape.@", "ape@"), "a France Travail agency needs its SAFIR code"),
        (an_organisation().replace(";;", ";75852;"), "a SAFIR code is for France Travail agencies only, not ML"),
        (an_agency(commune="7511"), "invalid INSEE commune '7511'"),
        (an_agency(commune="99999"), "unknown INSEE commune 99999"),
        (an_organisation().replace(";75018", ";750"), "invalid postal code '750'"),
        (an_organisation().replace("contact@ml.example", "pas-une-adresse"), "invalid email 'pas-une-adresse'"),
        (an_agency("75852", siret="13000548101190"), "same SAFIR code 75852 as line 2"),
        (an_organisation(kind="PLIE", siret=AGENCY_SIRET), f"SIRET {AGENCY_SIRET} is already the one of"),
    ],
    ids=[
        "siret-checksum",
        "kind",
        "name",
        "safir-digits",
        "safir-missing",
        "safir-not-ft",
        "commune-syntax",
        "commune-unknown",
        "postal-code",
        "email",
        "safir-twice",
        "siret-of-another-kind",
    ],
)
def test_a_rejected_line_is_listed_with_its_number_and_reason_and_the_others_apply(
    env: dict[str, str], fresh_database_url: str, tmp_path: Path, line: str, reason: str
) -> None:
    result = importing(env, a_file(tmp_path, an_agency(), line, an_organisation(siret="77965312000013")))

    assert result.exit_code == 0, result.output
    assert summary(result) == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert f"line 3: {reason}" in result.stdout
    assert [row[1] for row in organisations_in(fresh_database_url)] == [AGENCY_SIRET, "77965312000013"]


def test_a_file_without_the_expected_columns_changes_nothing(
    env: dict[str, str], fresh_database_url: str, tmp_path: Path
) -> None:
    result = importing(env, a_file(tmp_path, "FT;13000548101182;75852", header="kind;siret;safir_code"))

    assert result.exit_code == 1
    assert "missing columns: name, commune, email" in result.stderr
    assert organisations_in(fresh_database_url) == []


def test_a_file_that_breaks_after_the_first_batches_changes_nothing(
    env: dict[str, str], fresh_database_url: str, tmp_path: Path
) -> None:
    lines = [an_agency(f"{number:05d}") for number in range(1, 1200)]
    path = a_file(tmp_path, *lines)
    with path.open("ab") as file:
        file.write(b"FT;13000548101182;99999;Agence \xff;75118;;;\n")

    result = importing(env, path)

    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr
    assert organisations_in(fresh_database_url) == []


def test_the_address_columns_may_be_left_out(env: dict[str, str], fresh_database_url: str, tmp_path: Path) -> None:
    path = a_file(
        tmp_path, "ML;77512430800013;;Mission locale de Paris;75118;", header="kind;siret;safir_code;name;commune;email"
    )

    result = importing(env, path)

    assert result.exit_code == 0, result.output
    assert summary(result)["created"] == 1


def test_the_demo_agency_comes_from_the_referential_and_the_chrs_waits_for_staff(
    env: dict[str, str], fresh_database_url: str
) -> None:
    assert CliRunner().invoke(app, ["seed", "--demo"], env=env).exit_code == 0

    rows = query(
        fresh_database_url,
        "SELECT o.kind, o.source, o.habilitation, o.safir_code FROM prescriber_organisations o "
        "JOIN memberships m ON m.organisation_id = o.id JOIN users u ON u.id = m.user_id "
        "WHERE u.email IN ('prescriber@demo.tremplin.fr', 'chrs@demo.tremplin.fr', 'orienteur@demo.tremplin.fr') "
        "ORDER BY o.kind",
    )
    assert rows == [
        ("CHRS", "signup", "pending", None),
        ("FT", "referential", "validated", FRANCE_TRAVAIL_SAFIR),
        ("ORIENTEUR", "signup", "not_required", None),
    ]
