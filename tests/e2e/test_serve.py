"""``tremplin serve --demo`` started as a real process and driven over HTTP,
as a developer does on the first day (README, "Getting a token")."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.integration.fresh_databases import a_fresh_database

pytestmark = pytest.mark.e2e

TREMPLIN = Path(sys.executable).parent / "tremplin"
READY_TIMEOUT_S = 30
PRESCRIBER = {"grant_type": "password", "username": "prescriber@demo.tremplin.fr", "password": "demo-password"}


def a_free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def a_running_server(directory: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Starts ``tremplin serve --demo`` on a fresh database; yields its base URL
    and process once /health/ready answers 200; stops it afterwards."""
    port = a_free_port()
    with a_fresh_database(directory) as database_url, (directory / "server.log").open("wb") as log:
        env = {**os.environ, "TREMPLIN_DATABASE_URL": database_url, "TREMPLIN_DATA_DIR": str(directory / "data")}
        process = subprocess.Popen(
            [str(TREMPLIN), "serve", "--demo", "--port", str(port)],
            cwd=directory,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_ready(base_url, process, directory / "server.log")
            yield base_url, process
        finally:
            _stop(process)


def _wait_until_ready(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"tremplin serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/health/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"tremplin serve not ready after {READY_TIMEOUT_S} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with a_running_server(tmp_path_factory.mktemp("e2e")) as (base_url, _):
        yield base_url


def a_prescriber_token(http: httpx.Client) -> str:
    response = http.post("/api/v1/auth/token", data=PRESCRIBER)
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def test_the_demo_prescriber_logs_in_and_acts_for_his_habilitated_agency(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        token = a_prescriber_token(http)
        me = http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

    assert me.status_code == 200, me.text
    body = me.json()
    (membership,) = body["memberships"]
    assert (body["kind"], body["email"]) == ("prescriber", "prescriber@demo.tremplin.fr")
    assert (membership["kind"], membership["organisation_kind"], membership["name"], membership["habilitation"]) == (
        "prescriber_organisation",
        "FT",
        "France Travail Paris 11e",
        "validated",
    )
    assert body["acting_for"] == membership["organisation_id"]


def test_a_token_verifies_with_the_published_jwks(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        token = a_prescriber_token(http)
        jwks = http.get("/api/v1/auth/jwks.json")

    assert jwks.status_code == 200
    claims = jwt.decode(token, KeySet.import_key_set(jwks.json()), algorithms=["ES256"]).claims
    assert (claims["aud"], claims["typ"]) == ("tremplin-api", "user")


def test_the_server_shuts_down_gracefully_on_sigterm(tmp_path: Path) -> None:
    with a_running_server(tmp_path) as (_, process):
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=15)

    log = (tmp_path / "server.log").read_text()
    # uvicorn re-raises the signal once the lifespan has shut down, as a process should.
    assert returncode in (0, -signal.SIGTERM), log
    assert "Application shutdown complete" in log
