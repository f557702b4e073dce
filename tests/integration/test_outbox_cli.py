"""``tremplin worker --once`` and ``tremplin notify expiring-approvals`` on a database of their own.

Plain ``def`` tests: the commands run ``asyncio.run`` themselves."""

import asyncio
from pathlib import Path
from uuid import uuid4

import pytest
from typer.testing import CliRunner

from adapters.clock import SystemClock
from adapters.db.engine import make_engine
from api.cli.main import app
from domain.notifications.messages import Envelope, OutboxMessage
from tests.integration.fresh_databases import query
from tests.integration.smtp_sink import HOST, an_smtp_server
from tests.sql_units import sql_unit_of_work

RECIPIENT = "ada.lovelace@example.org"


@pytest.fixture
def env(fresh_database_url: str, tmp_path: Path) -> dict[str, str]:
    values = {"TREMPLIN_DATABASE_URL": fresh_database_url, "TREMPLIN_DATA_DIR": str(tmp_path / "data")}
    assert CliRunner().invoke(app, ["migrate"], env=values).exit_code == 0
    return values


def queue_an_email(database_url: str) -> None:
    async def queue() -> None:
        engine = make_engine(database_url)
        uow = sql_unit_of_work(engine)
        envelope = Envelope(
            RECIPIENT, "habilitation_decided", {"organisation_name": "CHRS Soleil", "decision": "refused"}
        )
        async with uow:
            await uow.outbox.add(
                OutboxMessage.for_event(
                    event_id=uuid4(), event_type="HabilitationDecided", envelope=envelope, at=SystemClock().now()
                )
            )
            await uow.commit()
        await engine.dispose()

    asyncio.run(queue())


def test_without_smtp_the_worker_logs_what_it_would_send_and_marks_it_sent_to_console(
    env: dict[str, str], fresh_database_url: str
) -> None:
    queue_an_email(fresh_database_url)

    result = CliRunner().invoke(app, ["worker", "--once"], env=env)

    assert result.exit_code == 0, result.output
    assert "sent 1, to retry 0, dead 0" in result.output
    assert "email_would_send" in result.output and "habilitation_decided" in result.output
    assert RECIPIENT not in result.output
    assert query(fresh_database_url, "SELECT state, sent_via FROM outbox_messages") == [("sent", "console")]


def test_with_smtp_the_worker_sends_through_the_server(env: dict[str, str], fresh_database_url: str) -> None:
    queue_an_email(fresh_database_url)

    with an_smtp_server() as inbox:
        result = CliRunner().invoke(
            app, ["worker", "--once"], env={**env, "TREMPLIN_SMTP_URL": f"smtp://{HOST}:{inbox.port}"}
        )

    assert result.exit_code == 0, result.output
    assert [r.recipients for r in inbox.messages()] == [[RECIPIENT]]
    assert query(fresh_database_url, "SELECT state, sent_via FROM outbox_messages") == [("sent", "smtp")]


def test_the_daily_job_reports_how_many_emails_it_queued(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["notify", "expiring-approvals"], env=env)

    assert result.exit_code == 0, result.output
    assert "0 emails queued" in result.output


def test_a_lease_too_short_for_the_smtp_timeout_is_refused_at_start(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["worker", "--once"], env={**env, "TREMPLIN_OUTBOX_LEASE_S": "20"})

    assert result.exit_code == 2
    assert "outbox_lease_s must exceed" in result.output
