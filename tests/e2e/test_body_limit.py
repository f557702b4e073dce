"""300 MB sent to a real ``tremplin serve``, chunked and with a Content-Length:
each is a 413, and the server's peak memory does not grow with the body."""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.server_process import TREMPLIN, Server, a_server
from tests.e2e.test_serve import a_free_port
from tests.integration.fresh_databases import a_fresh_database

pytestmark = pytest.mark.e2e

SIGNUP = "/api/v1/signup/job-seeker"
MIB = 1024 * 1024
BODY = 300 * MIB
CHUNK = b" " * (256 * 1024)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("body-limit")
    with a_fresh_database(directory) as database_url:
        env = {"TREMPLIN_DATABASE_URL": database_url, "TREMPLIN_LOG_LEVEL": "WARNING"}
        migrate = subprocess.run(
            [str(TREMPLIN), "migrate"], env={**os.environ, **env}, cwd=directory, capture_output=True, timeout=120
        )
        assert migrate.returncode == 0, migrate.stderr
        with a_server(env, a_free_port(), directory) as running:
            running.start()
            yield running


def peak_rss(server: Server) -> int:
    """The process's peak resident memory (VmHWM), in bytes."""
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) * 1024


def body(sent: list[int]) -> Iterator[bytes]:
    while sent[0] < BODY:
        sent[0] += len(CHUNK)
        yield CHUNK


def post(server: Server, *, declared: bool) -> tuple[httpx.Response, int]:
    sent = [0]
    headers = {"Content-Type": "application/json", **({"Content-Length": str(BODY)} if declared else {})}
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
        response = client.post(SIGNUP, content=body(sent), headers=headers)
    return response, sent[0]


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_300_mb_are_refused_before_the_server_reads_them(server: Server, declared: bool) -> None:
    warm = httpx.post(f"{server.base_url}{SIGNUP}", json={}, timeout=30)
    assert warm.status_code == 422
    before = peak_rss(server)

    response, sent = post(server, declared=declared)

    assert response.status_code == 413, response.text
    assert response.json()["type"].endswith("/body-too-large")
    assert sent < 64 * MIB  # the client stopped long before 300 MB: the server closed the connection
    assert peak_rss(server) - before < 4 * MIB
    assert httpx.get(f"{server.base_url}/health/ready", timeout=10).status_code == 200
