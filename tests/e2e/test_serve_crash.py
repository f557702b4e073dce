"""``tremplin serve`` (two uvicorn workers, PostgreSQL) killed with SIGKILL in
the middle of candidature submissions and acceptances, then started again: no
answered candidature is lost, a retried Idempotency-Key creates nothing more,
PASS IAE numbers keep increasing, and no acceptance is half written."""

import asyncio
import json
import time
from collections import Counter
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar
from uuid import uuid4

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.e2e.server_process import Server, a_server
from tests.e2e.test_serve import PRESCRIBER, a_free_port
from tests.integration.fresh_databases import a_fresh_database, query

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
T = TypeVar("T")

CANDIDATES, LANES, KILL_AFTER = 20, 5, 6
EMPLOYER = {**PRESCRIBER, "username": "employer.ei@demo.tremplin.fr"}
HIRING = {"hiring_start_at": (date.today() + timedelta(days=7)).isoformat()}
ACCEPTED = "SELECT id, approval_number FROM candidatures WHERE state = 'accepted'"


@dataclass
class Candidate:
    job_seeker_id: str
    key: str = field(default_factory=lambda: f"crash-{uuid4()}")
    candidature_id: str | None = None
    number: str | None = None
    accepted_between: tuple[float, float] | None = None  # request sent, answer received (monotonic)
    submission_lost: bool = False  # committed before the kill, its answer cut
    acceptance_lost: bool = False


@dataclass
class World:
    company_id: str
    prescriber: dict[str, str]
    employer: dict[str, str]
    candidates: list[Candidate]
    restarted_at: float = 0.0
    seeded_hires: frozenset[str] = frozenset()  # what the demo data had accepted already
    seeded_passes: frozenset[str] = frozenset()
    in_flight: int = 0
    cut: int = 0  # requests in flight when the server was killed
    killed_in_window: bool = False  # with an acceptance committed and not answered yet


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with a_fresh_database(tmp_path) as database_url:
        env = {"TREMPLIN_DATABASE_URL": database_url, "TREMPLIN_LOG_LEVEL": "WARNING"}
        with a_server(env, a_free_port(), tmp_path, workers=2) as running:
            running.start(demo=True)
            yield running


@pytest.mark.timeout(240)
async def test_a_server_killed_mid_traffic_loses_no_candidature_and_keeps_pass_numbers_increasing(
    server: Server,
) -> None:
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as http:
        world = await _a_world(http)
        world.seeded_hires = frozenset(_rows(server.env["TREMPLIN_DATABASE_URL"], ACCEPTED))
        world.seeded_passes = frozenset(_column(server.env["TREMPLIN_DATABASE_URL"], "SELECT number FROM approvals"))
        seeded = time.monotonic()
        lanes = (_lane(http, world, world.candidates[i::LANES]) for i in range(LANES))
        await asyncio.gather(*lanes, _killer(server, world))
        killed = time.monotonic()
        server.start()
        world.restarted_at = time.monotonic()
        for candidate in world.candidates:
            await _finish(http, world, candidate)
        replays = [(await _submit(http, world, c)).json()["id"] for c in world.candidates[:3]]

    database_url = server.env["TREMPLIN_DATABASE_URL"]
    lost = [sum(c.submission_lost for c in world.candidates), sum(c.acceptance_lost for c in world.candidates)]
    print(
        f"\nserve crash: {world.cut} requests in flight at the kill (in the window: {world.killed_in_window});"
        f" committed but unanswered: {lost[0]}"
        f" submissions, {lost[1]} acceptances; world {seeded - started:.1f} s, traffic {killed - seeded:.1f} s,"
        f" restart {world.restarted_at - killed:.1f} s, finishing {time.monotonic() - world.restarted_at:.1f} s"
    )
    assert world.cut > 0
    _assert_one_candidature_each(database_url, world)
    assert replays == [c.candidature_id for c in world.candidates[:3]]
    _assert_numbers_increase_in_acceptance_order(world)
    _assert_acceptances_whole(database_url, world)


async def _a_world(http: httpx.AsyncClient) -> World:
    prescriber, employer = await _signed_in(http, PRESCRIBER), await _signed_in(http, EMPLOYER)
    me = (await http.get("/api/v1/me", headers=employer)).json()
    company_id = me["memberships"][0]["company_id"]
    ids = await asyncio.gather(*(_an_eligible_job_seeker(http, prescriber, i) for i in range(CANDIDATES)))
    return World(company_id, prescriber, employer, [Candidate(job_seeker_id) for job_seeker_id in ids])


async def _signed_in(http: httpx.AsyncClient, form: dict[str, str]) -> dict[str, str]:
    response = await http.post("/api/v1/auth/token", data=form)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _an_eligible_job_seeker(http: httpx.AsyncClient, prescriber: dict[str, str], index: int) -> str:
    body = {"first_name": "Candidat", "last_name": f"Numéro {index}"}
    created = await http.post("/api/v1/job-seekers", json=body, headers=prescriber)
    assert created.status_code == 201, created.text
    job_seeker_id: str = created.json()["id"]
    path = f"/api/v1/job-seekers/{job_seeker_id}/eligibility-diagnoses"
    diagnosis = await http.post(path, json={"criteria": []}, headers=prescriber)
    assert diagnosis.status_code == 201, diagnosis.text
    return job_seeker_id


async def _lane(http: httpx.AsyncClient, world: World, candidates: list[Candidate]) -> None:
    """Submits then accepts each candidate in turn, until the kill. A lane stops at the first request the kill cuts."""
    for candidate in candidates:
        try:
            candidate.candidature_id = (await _in_flight(world, _submit(http, world, candidate))).json()["id"]
            await _in_flight(world, _accept(http, world, candidate))
        except httpx.TransportError:
            return


async def _killer(server: Server, world: World) -> None:
    """Kills the server once KILL_AFTER acceptances are answered, at the moment
    the database holds an acceptance whose answer has not arrived yet (the
    window a client cannot see into), or a few answers later at the latest."""
    url = make_url(server.env["TREMPLIN_DATABASE_URL"]).set(drivername="postgresql")
    async with await psycopg.AsyncConnection.connect(url.render_as_string(hide_password=False)) as db:
        while (answered := _answered(world)) < KILL_AFTER + LANES:
            row = await (await db.execute("SELECT count(*) FROM candidatures WHERE state = 'accepted'")).fetchone()
            await db.rollback()
            if answered >= KILL_AFTER and row and row[0] - len(world.seeded_hires) > answered:
                world.killed_in_window = True
                break
            await asyncio.sleep(0.002)
    world.cut = world.in_flight
    server.kill()


def _answered(world: World) -> int:
    return sum(1 for c in world.candidates if c.number)


async def _in_flight(world: World, request: Awaitable[T]) -> T:
    world.in_flight += 1
    try:
        return await request
    finally:
        world.in_flight -= 1


async def _submit(http: httpx.AsyncClient, world: World, candidate: Candidate) -> httpx.Response:
    body = {"job_seeker_id": candidate.job_seeker_id, "company_id": world.company_id}
    headers = {**world.prescriber, "Idempotency-Key": candidate.key}
    response = await http.post("/api/v1/candidatures", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response


async def _accept(http: httpx.AsyncClient, world: World, candidate: Candidate) -> None:
    sent = time.monotonic()
    response = await http.post(
        f"/api/v1/candidatures/{candidate.candidature_id}/accept", json=HIRING, headers=world.employer
    )
    assert response.status_code == 200, response.text
    candidate.number = response.json()["approval"]["number"]
    candidate.accepted_between = (sent, time.monotonic())


async def _finish(http: httpx.AsyncClient, world: World, candidate: Candidate) -> None:
    """After the restart: what the kill cut is asked again, as a client would."""
    if candidate.number is not None:
        return
    submitted = candidate.candidature_id
    response = await _submit(http, world, candidate)
    candidate.candidature_id = response.json()["id"]
    assert submitted in (None, candidate.candidature_id)
    candidate.submission_lost = submitted is None and response.headers.get("Idempotent-Replayed") == "true"
    current = (await http.get(f"/api/v1/candidatures/{candidate.candidature_id}", headers=world.employer)).json()
    if current["state"] == "accepted":  # the kill cut the answer, not the commit
        candidate.number, candidate.acceptance_lost = current["approval"]["number"], True
    else:
        await _accept(http, world, candidate)


def _assert_one_candidature_each(database_url: str, world: World) -> None:
    rows = query(database_url, "SELECT id, job_seeker_id FROM candidatures WHERE company_id = :c", c=world.company_id)
    per_job_seeker = Counter(str(job_seeker_id) for _, job_seeker_id in rows)
    assert {c.job_seeker_id: 1 for c in world.candidates}.items() <= per_job_seeker.items()
    assert {c.candidature_id for c in world.candidates} <= {str(id_) for id_, _ in rows}


def _assert_numbers_increase_in_acceptance_order(world: World) -> None:
    """Distinct, and increasing wherever the order of two acceptances is known:
    one answered before the other was sent, or one committed before the kill
    and the other sent after the restart."""
    assert len({c.number for c in world.candidates}) == CANDIDATES
    timed = [(c.accepted_between, c.number or "") for c in world.candidates if c.accepted_between]
    for (_, first_answered), first in timed:
        for (then_sent, _), then in timed:
            assert first_answered >= then_sent or first < then, (first, then)
    before = [c.number or "" for c in world.candidates if c.acceptance_lost]
    after = [number for (sent, _), number in timed if sent > world.restarted_at]
    assert not (before and after) or max(before) < min(after)


def _assert_acceptances_whole(database_url: str, world: World) -> None:
    """Each acceptance committed all of its rows: its PASS IAE (issued for it),
    the hire, the employee record, the emails; the PASS counter is at the last number."""
    expected = {c.candidature_id: c.number for c in world.candidates}
    accepted = {key: number for key, number in _rows(database_url, ACCEPTED).items() if key not in world.seeded_hires}
    issued_sql = "SELECT issued_by_candidature_id, number FROM approvals WHERE cancelled_at IS NULL"
    issued = {
        key: number for key, number in _rows(database_url, issued_sql).items() if number not in world.seeded_passes
    }
    hires = Counter(_column(database_url, "SELECT candidature_id FROM approval_hires"))
    records = Counter(_column(database_url, "SELECT candidature_id FROM employee_records"))
    contexts = _column(database_url, "SELECT context FROM outbox_messages WHERE template = 'approval_delivered'")
    delivered = Counter(_json(context)["approval_number"] for context in contexts)
    (last,) = _column(database_url, "SELECT last FROM pass_number_counters")
    numbers = _column(database_url, "SELECT number FROM approvals")

    assert accepted == issued == expected
    assert {candidature: hires[candidature] for candidature in expected} == dict.fromkeys(expected, 1)
    assert {candidature: records[candidature] for candidature in expected} == dict.fromkeys(expected, 1)
    assert set(expected.values()) <= set(delivered)
    assert len({delivered[number] for number in expected.values()}) == 1
    assert int(last) == max(int(number[5:]) for number in numbers)


def _rows(database_url: str, sql: str) -> dict[str, str]:
    return {str(key): str(value) for key, value in query(database_url, sql)}


def _column(database_url: str, sql: str) -> list[Any]:
    return [value if isinstance(value, dict | int) else str(value) for (value,) in query(database_url, sql)]


def _json(value: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(value) if isinstance(value, str) else value
    return loaded
