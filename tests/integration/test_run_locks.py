"""One ``tremplin asp export`` at a time, across processes: a PostgreSQL
advisory lock, or a lock on a file beside the SQLite database."""

from pathlib import Path

import anyio
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from adapters.db.engine import make_engine
from adapters.db.run_locks import DatabaseRunLock
from api.cli.main import app
from domain.errors import AlreadyRunning

JOB = "tremplin asp export"


async def test_a_job_held_by_one_holder_is_refused_to_another_until_released(db: str) -> None:
    first, second = make_engine(db), make_engine(db)  # as two processes would
    try:
        async with DatabaseRunLock(first).exclusive(JOB):
            with pytest.raises(AlreadyRunning):
                async with DatabaseRunLock(second).exclusive(JOB):
                    pytest.fail("two holders at once")
            async with DatabaseRunLock(second).exclusive("tremplin asp fetch-feedback"):
                pass  # another job is not held
        async with DatabaseRunLock(second).exclusive(JOB):
            pass  # released with the block
    finally:
        await first.dispose()
        await second.dispose()


@pytest.mark.postgres
async def test_the_advisory_lock_is_held_outside_any_transaction(db: str) -> None:
    engine = make_engine(db)
    idle_in_transaction = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'"
    )
    try:
        async with DatabaseRunLock(engine).exclusive(JOB), engine.connect() as probe:
            assert await probe.scalar(idle_in_transaction) == 0
    finally:
        await engine.dispose()


async def test_an_export_while_another_runs_does_nothing_and_says_so(db: str, tmp_path: Path) -> None:
    env = {
        "TREMPLIN_DATABASE_URL": db,
        "TREMPLIN_DATA_DIR": str(tmp_path / "data"),
        "TREMPLIN_ASP_DIR": str(tmp_path / "asp"),
    }
    engine = make_engine(db)
    try:
        async with DatabaseRunLock(engine).exclusive(JOB):
            refused = await anyio.to_thread.run_sync(lambda: CliRunner().invoke(app, ["asp", "export"], env=env))
        done = await anyio.to_thread.run_sync(lambda: CliRunner().invoke(app, ["asp", "export"], env=env))
    finally:
        await engine.dispose()

    assert refused.exit_code == 1, refused.output
    assert "tremplin asp export" in refused.stderr and "en cours" in refused.stderr
    assert (done.exit_code, done.stdout.strip()) == (0, "no employee record is ready")
