"""PostgreSQL goes away under a running ``tremplin serve`` and comes back: the
service says so (503 problems with Retry-After, never a 500 nor a hang), stays
alive, and serves again by itself once the database is back, with the
connections it had pooled before the outage all dead."""

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.e2e.postgres_cluster import PostgresCluster, a_postgres_cluster
from tests.e2e.server_process import Server, a_server
from tests.e2e.test_serve import PRESCRIBER, a_free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.timeout(180)]

RECOVERY_TIMEOUT_S = 10
# One of each way a request reaches the database: a unit of work (/me), the
# search adapter's own session (job postings), the readiness probe's connection.
API_READS = ("/api/v1/me", "/api/v1/job-postings?commune=75056&distance_km=30")
READS = (*API_READS, "/health/ready")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, PostgresCluster]]:
    """One cluster and one server for the module: each test leaves both running."""
    with a_postgres_cluster() as cluster:
        env = {
            "TREMPLIN_DATABASE_URL": cluster.url,
            "TREMPLIN_DATABASE_CONNECT_TIMEOUT_S": "2",
            # No background pass may touch the pool between two steps of the test.
            "TREMPLIN_RUN_WORKER_IN_PROCESS": "false",
            "TREMPLIN_LOG_LEVEL": "WARNING",
        }
        with a_server(env, a_free_port(), tmp_path_factory.mktemp("outage")) as running:
            running.start(demo=True)
            yield running, cluster


@dataclass(frozen=True)
class Client:
    http: httpx.AsyncClient
    auth: dict[str, str]
    cluster: PostgresCluster


@pytest.fixture
async def client(server: tuple[Server, PostgresCluster]) -> AsyncIterator[Client]:
    """A client of the module's server, signed in as a prescriber."""
    running, cluster = server
    async with httpx.AsyncClient(base_url=running.base_url, timeout=15) as http:
        yield Client(http, await _signed_in(http), cluster)


async def _burst(
    http: httpx.AsyncClient, auth: dict[str, str], *, paths: tuple[str, ...] = READS, rounds: int = 4
) -> list[httpx.Response]:
    """Every read of ``paths``, ``rounds`` times at once: enough to hold several pooled connections."""
    return await asyncio.gather(*(http.get(path, headers=auth) for _ in range(rounds) for path in paths))


async def _signed_in(http: httpx.AsyncClient) -> dict[str, str]:
    response = await http.post("/api/v1/auth/token", data=PRESCRIBER)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _statuses(responses: list[httpx.Response]) -> list[int]:
    return [response.status_code for response in responses]


async def test_a_restart_of_postgresql_between_two_requests_goes_unnoticed(client: Client) -> None:
    http, auth = client.http, client.auth
    assert set(_statuses(await _burst(http, auth))) == {200}

    client.cluster.stop()
    client.cluster.start()
    after = await _burst(http, auth)

    # Every pooled connection died with the old server; none may fail a request.
    assert _statuses(after) == [200] * len(after), [r.text for r in after if r.status_code != 200]


async def test_while_postgresql_is_down_the_service_answers_503_and_it_recovers_by_itself(client: Client) -> None:
    http, auth = client.http, client.auth
    await _burst(http, auth)

    client.cluster.stop()
    started = time.monotonic()
    live = await http.get("/health/live")
    ready = await http.get("/health/ready")
    down = await _burst(http, auth, paths=API_READS, rounds=2)
    write = await http.post("/api/v1/job-seekers", json={"first_name": "Nadia", "last_name": "Haddad"}, headers=auth)
    token = await http.post("/api/v1/auth/token", data=PRESCRIBER)
    answered_in_s = time.monotonic() - started

    client.cluster.start()
    recovered_in_s = await _ready_again(http, started=time.monotonic())
    after = await _burst(http, auth)

    print(
        f"\noutage: {len(down) + 4} answers in {answered_in_s:.2f} s; ready again {recovered_in_s:.2f} s after restart"
    )
    assert live.status_code == 200
    assert (ready.status_code, ready.json()["database"], ready.headers["retry-after"]) == (503, "unreachable", "5")
    for response in [*down, write, token]:
        assert response.status_code == 503, (response.request.url, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert int(response.headers["retry-after"]) > 0
    assert answered_in_s < 10  # refused connections fail at once: no request waits for a timeout
    assert _statuses(after) == [200] * len(after)


async def _ready_again(http: httpx.AsyncClient, *, started: float) -> float:
    while time.monotonic() - started < RECOVERY_TIMEOUT_S:
        if (await http.get("/health/ready")).status_code == 200:
            return time.monotonic() - started
        await asyncio.sleep(0.1)
    pytest.fail(f"/health/ready still not 200 {RECOVERY_TIMEOUT_S} s after PostgreSQL came back")
