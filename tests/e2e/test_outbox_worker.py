"""The outbox against real processes: ``tremplin worker`` killed with SIGKILL in
the middle of a batch and started again, and the worker inside ``tremplin serve``."""

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import httpx
import pytest

from adapters.clock import SystemClock
from adapters.db.engine import make_engine
from domain.notifications.messages import Envelope, OutboxMessage
from tests.e2e.test_serve import a_free_port
from tests.integration.fresh_databases import a_fresh_database, query
from tests.integration.smtp_sink import HOST, Inbox, Received, an_smtp_server
from tests.sql_units import sql_unit_of_work

pytestmark = pytest.mark.e2e

TREMPLIN = Path(sys.executable).parent / "tremplin"
ROWS = 200
KILL_AFTER = 80  # not a multiple of the batch size: the kill lands mid-batch
SMTP_TIMEOUT_S, LEASE_S, BATCH = 5, 21, 25


def _env(database_url: str, inbox: Inbox, directory: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "TREMPLIN_DATABASE_URL": database_url,
        "TREMPLIN_DATA_DIR": str(directory / "data"),
        "TREMPLIN_SMTP_URL": f"smtp://{HOST}:{inbox.port}",
        "TREMPLIN_EMAIL_FROM": "Tremplin <noreply@tremplin.test>",
        "TREMPLIN_SMTP_TIMEOUT_S": str(SMTP_TIMEOUT_S),
        "TREMPLIN_OUTBOX_LEASE_S": str(LEASE_S),
        "TREMPLIN_OUTBOX_BATCH_SIZE": str(BATCH),
        "TREMPLIN_OUTBOX_POLL_S": "0.2",
        "TREMPLIN_LOG_LEVEL": "WARNING",
        **extra,
    }


def _wait_for(condition: Callable[[], bool], *, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


async def _queue_emails(database_url: str, rows: int) -> None:
    engine = make_engine(database_url)
    uow = sql_unit_of_work(engine)
    now = SystemClock().now() - timedelta(seconds=1)
    async with uow:
        for index in range(rows):
            envelope = Envelope(
                f"person{index}@example.org",
                "habilitation_decided",
                {
                    "organisation_name": f"CHRS {index}",
                    "decision": "validated",
                },
            )
            await uow.outbox.add(
                OutboxMessage.for_event(event_id=uuid4(), event_type="HabilitationDecided", envelope=envelope, at=now)
            )
        await uow.commit()
    await engine.dispose()


def _sent_rows(database_url: str) -> int:
    ((count,),) = query(database_url, "SELECT count(*) FROM outbox_messages WHERE state = 'sent'")
    return int(count)


def _retried_rows(database_url: str) -> int:
    """Messages whose send failed and waits for a retry: on a loaded machine an
    SMTP timeout can strike after the server took the message, which is then
    sent again, with the same Message-ID, like the one in flight at a crash."""
    ((count,),) = query(database_url, "SELECT count(*) FROM outbox_messages WHERE state = 'pending' AND attempts > 0")
    return int(count)


@contextmanager
def _worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as output:
        process = subprocess.Popen([str(TREMPLIN), "worker"], env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=15)


@pytest.mark.timeout(360)
def test_a_worker_killed_mid_batch_loses_nothing_and_resends_at_most_the_one_in_flight(tmp_path: Path) -> None:
    with a_fresh_database(tmp_path) as database_url, an_smtp_server() as inbox:
        env = _env(database_url, inbox, tmp_path)
        subprocess.run([str(TREMPLIN), "migrate"], env=env, check=True, capture_output=True)
        asyncio.run(_queue_emails(database_url, ROWS))

        with _worker(env, tmp_path / "worker.log") as first:
            _wait_for(lambda: inbox.count() >= KILL_AFTER, timeout_s=120, what=f"{KILL_AFTER} emails")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        time.sleep(0.5)  # lets the server finish a message whose data had fully arrived
        received_at_kill, marked_at_kill = inbox.count(), _sent_rows(database_url)
        retried_at_kill = _retried_rows(database_url)

        started = time.monotonic()
        with _worker(env, tmp_path / "worker.log"):
            _wait_for(lambda: _sent_rows(database_url) == ROWS, timeout_s=LEASE_S + 150, what="every row sent")
        recovered_in_s = time.monotonic() - started

    per_message = Counter(r.message["Message-ID"] for r in inbox.messages())
    duplicates = sum(per_message.values()) - len(per_message)
    window = received_at_kill - marked_at_kill
    print(
        f"\ncrash test: killed after {received_at_kill} emails received, {marked_at_kill} marked sent; "
        f"resend window {window}; {retried_at_kill} waiting for a retry; duplicates {duplicates}; "
        f"all {ROWS} sent {recovered_in_s:.1f} s after restart"
    )
    assert len(per_message) == ROWS
    assert duplicates == window <= 1 + retried_at_kill


@pytest.mark.timeout(240)
def test_the_server_sends_emails_from_its_own_worker(tmp_path: Path) -> None:
    port = a_free_port()
    with a_fresh_database(tmp_path) as database_url, an_smtp_server() as inbox:
        env = _env(database_url, inbox, tmp_path)
        with (tmp_path / "server.log").open("wb") as log:
            server = subprocess.Popen(
                [str(TREMPLIN), "serve", "--demo", "--port", str(port)],
                cwd=tmp_path,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_for(lambda: _ready(base_url), timeout_s=90, what="the server")
            with httpx.Client(base_url=base_url, timeout=10) as http:
                admin_email = _a_pending_organisation_admin(http)
                _wait_for(lambda: _sent_to(inbox, admin_email), timeout_s=30, what="the confirmation email")
                _follows_the_confirmation_link(http, _sent_to(inbox, admin_email)[0])
                _staff_validates_his_organisation(http, admin_email)
            _wait_for(lambda: len(_sent_to(inbox, admin_email)) == 2, timeout_s=30, what="the habilitation email")
        finally:
            server.terminate()
            server.wait(timeout=15)

    # The demo's own hires (api/demo_hires.py) email their prescriber and job seekers too.
    confirmation, habilitation = _sent_to(inbox, admin_email)
    assert confirmation.message["Subject"] == "Confirmez votre adresse e-mail sur Tremplin"
    assert habilitation.message["Subject"].startswith("Habilitation accordée")


def _sent_to(inbox: Inbox, email: str) -> list[Received]:
    return [message for message in inbox.messages() if message.recipients == [email]]


def _ready(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health/ready", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _a_pending_organisation_admin(http: httpx.Client) -> str:
    email = "chrs.admin@example.org"
    body = {
        "email": email,
        "password": "demo-password",
        "first_name": "Léa",
        "last_name": "Martin",
        "organisation_siret": "73282932000074",
        "organisation_kind": "CHRS",
        "organisation_name": "CHRS Soleil",
    }
    response = http.post("/api/v1/signup/prescriber", json=body)
    assert response.status_code == 201, response.text
    return email


def _follows_the_confirmation_link(http: httpx.Client, received: Received) -> None:
    body = received.message.get_body(preferencelist=("plain",))
    assert body is not None
    (token,) = re.findall(r"/confirmer-mon-email\?token=([A-Za-z0-9_-]+)", str(body.get_content()))  # type: ignore[attr-defined]
    response = http.post("/api/v1/auth/email-confirmations", json={"token": token})
    assert response.status_code == 200, response.text


def _staff_validates_his_organisation(http: httpx.Client, admin_email: str) -> None:
    admin = _token(http, admin_email)
    me = http.get("/api/v1/me", headers={"Authorization": f"Bearer {admin}"}).json()
    organisation_id = me["memberships"][0]["organisation_id"]
    staff = _token(http, "staff@demo.tremplin.fr")
    response = http.post(
        f"/api/v1/prescriber-organisations/{organisation_id}/habilitation",
        json={"decision": "validated"},
        headers={"Authorization": f"Bearer {staff}"},
    )
    assert response.status_code == 200, response.text


def _token(http: httpx.Client, email: str) -> str:
    response = http.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": email, "password": "demo-password"}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token
