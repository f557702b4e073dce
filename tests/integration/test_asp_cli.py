"""``tremplin asp export`` and ``tremplin asp fetch-feedback`` with the local-folder transport.

Plain ``def`` tests: the commands run ``asyncio.run`` themselves."""

from pathlib import Path

from typer.testing import CliRunner

from api.cli.main import app


def run(*args: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), env=env)


def test_export_with_nothing_ready_uploads_nothing(fresh_database_url: str, tmp_path: Path) -> None:
    env = {"TREMPLIN_DATABASE_URL": fresh_database_url, "TREMPLIN_ASP_DIR": str(tmp_path / "asp")}
    assert run("migrate", env=env).exit_code == 0

    result = run("asp", "export", env=env)

    assert (result.exit_code, result.output.strip()) == (0, "no employee record is ready")
    assert not (tmp_path / "asp" / "depot").exists()


def test_fetch_feedback_skips_files_that_are_not_asp_answers(fresh_database_url: str, tmp_path: Path) -> None:
    env = {"TREMPLIN_DATABASE_URL": fresh_database_url, "TREMPLIN_ASP_DIR": str(tmp_path / "asp")}
    assert run("migrate", env=env).exit_code == 0
    (tmp_path / "asp" / "retrait").mkdir(parents=True)
    (tmp_path / "asp" / "retrait" / "OTHER_FLOW.json").write_text("{}")

    result = run("asp", "fetch-feedback", env=env)

    assert (result.exit_code, result.output.strip()) == (0, "no feedback file")
    assert (tmp_path / "asp" / "retrait" / "OTHER_FLOW.json").exists()


def test_an_sftp_url_without_a_key_file_is_refused(fresh_database_url: str, tmp_path: Path) -> None:
    env = {
        "TREMPLIN_DATABASE_URL": fresh_database_url,
        "TREMPLIN_ASP_DIR": str(tmp_path / "asp"),
        "TREMPLIN_ASP_SFTP_URL": "sftp://tremplin@127.0.0.1:2222",
    }
    assert run("migrate", env=env).exit_code == 0

    result = run("asp", "export", env=env)

    assert result.exit_code == 2
    assert "TREMPLIN_ASP_SFTP_KEY_FILE" in result.output


def test_status_of_an_empty_exchange_is_all_zeros_and_exits_0(fresh_database_url: str, tmp_path: Path) -> None:
    env = {"TREMPLIN_DATABASE_URL": fresh_database_url, "TREMPLIN_DATA_DIR": str(tmp_path / "data")}
    assert run("migrate", env=env).exit_code == 0

    result = run("asp", "status", env=env)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "employee records: new 0, ready 0, sent 0, processed 0, rejected 0, archived 0",
        "update notifications: new 0, sent 0, processed 0, rejected 0",
        "being uploaded (the next export uploads them again): 0",
        "waiting for the ASP's answer: 0",
    ]


def test_a_command_on_a_database_not_migrated_asks_for_the_migration(fresh_database_url: str, tmp_path: Path) -> None:
    env = {"TREMPLIN_DATABASE_URL": fresh_database_url, "TREMPLIN_ASP_DIR": str(tmp_path / "asp")}

    result = run("asp", "export", env=env)

    assert result.exit_code == 2
    assert "the database schema is not up to date: run `tremplin migrate` first" in result.stderr
