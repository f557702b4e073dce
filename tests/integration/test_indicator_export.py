"""``tremplin indicators export`` against a fresh database of its own."""

import csv
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from api.cli.main import app


@pytest.fixture
def env(fresh_database_url: str, tmp_path: Path) -> dict[str, str]:
    values = {"TREMPLIN_DATABASE_URL": fresh_database_url, "TREMPLIN_DATA_DIR": str(tmp_path / "data")}
    assert CliRunner().invoke(app, ["migrate"], env=values).exit_code == 0
    return values


def export(env: dict[str, str], *args: str) -> Result:
    period = ["--from", "2026-01-01", "--to", "2026-12-31"]
    return CliRunner().invoke(app, ["indicators", "export", *period, "--format", "csv", *args], env=env)


def test_the_export_writes_one_row_per_indicator_to_stdout(env: dict[str, str]) -> None:
    result = export(env, "--department", "75")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(result.stdout.splitlines()))
    assert rows[0] == ["indicator", "breakdown", "value"]
    assert ["candidatures_received", "all", "0"] in rows
    assert ["exit_rate_uriae", "at_12_months", ""] in rows


def test_the_export_writes_to_the_file_given(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "indicateurs-75.csv"
    result = export(env, "--department", "75", "--output", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("indicator,breakdown,value")


def test_an_unknown_department_is_an_error(env: dict[str, str]) -> None:
    result = export(env, "--department", "99")
    assert result.exit_code == 1
    assert "département" in result.stderr
