"""The department indicators endpoint at scale, on PostgreSQL.

    .venv/bin/python bench/indicators.py [--candidatures 100000] [--companies 200] [--requests 100]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Creates a throwaway PostgreSQL database, migrates it with the project's
migrations, COPYs one department: ``--companies`` SIAE in department 75, one
job seeker per candidature, ``--candidatures`` candidatures over 2025 (60 %
from a prescriber, most answered, some late; 15 % hired), their history, an
exit for most hires and follow-ups for half of those. Then asks, as staff,
over HTTP in process (the app built by ``create_app``, driven by httpx's ASGI
transport), in turn: ``GET /api/v1/me`` (the baseline: authentication and one
small query), one company's indicators and the department's; a warm-up, then
``--requests`` rounds. Prints p50, p99 and p50 / baseline of each, with the
load average; drops the database.
"""

import argparse
import asyncio
import dataclasses
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import dataset
import httpx
import psycopg
from sqlalchemy.engine import make_url

from adapters.db import migrations
from adapters.db.engine import make_engine
from adapters.db.repositories.candidatures import SqlCandidatureRepository
from adapters.db.repositories.companies import SqlCompanyRepository
from adapters.db.repositories.exits import SqlExitRepository
from adapters.db.repositories.job_seekers import SqlJobSeekerRepository
from api.http.app import create_app
from api.settings import load_settings
from domain.candidatures.candidatures import Candidature, RefusalReason, SenderKind, Stamp
from domain.candidatures.state_machine import CandidatureState
from domain.exits.exits import Exit, ExitKind, FollowUp
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails

TARGET_MS = 200.0
BASELINE = "baseline"
YEAR_START = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
STATES = [CandidatureState.NEW, CandidatureState.PROCESSING, CandidatureState.REFUSED, CandidatureState.ACCEPTED]
STATE_WEIGHTS = [20, 25, 40, 15]


@contextmanager
def throwaway_postgres(url: str) -> Iterator[str]:
    base = make_url(url).set(drivername="postgresql+psycopg")
    name = f"tremplin_bench_{uuid.uuid4().hex[:12]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def a_candidature(rng: random.Random, company_id: uuid.UUID, person: JobSeeker, agency: uuid.UUID) -> Candidature:
    created = YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60))
    prescribed = rng.random() < 0.6
    candidature = Candidature.submit(
        id=uuid.uuid4(),
        job_seeker_id=person.id,
        company_id=company_id,
        job_posting_ids=(),
        sender_kind=SenderKind.PRESCRIBER if prescribed else SenderKind.JOB_SEEKER,
        sender_organisation_id=agency if prescribed else None,
        sender_company_id=None,
        message="",
        stamp=Stamp(actor_id=None, at=created, event_id=uuid.uuid4()),
    )
    state = rng.choices(STATES, weights=STATE_WEIGHTS)[0]
    if state is not CandidatureState.NEW:
        candidature.process(Stamp(None, created + timedelta(days=rng.choice([1, 5, 20, 45])), uuid.uuid4()))
        candidature.state = state
    if state is CandidatureState.REFUSED:
        candidature.refusal_reason = rng.choice(list(RefusalReason))
    if state is CandidatureState.ACCEPTED:
        candidature.hiring_start_at = created.date() + timedelta(days=30)
    candidature.events.clear()
    return candidature


def an_exit(rng: random.Random, candidature: Candidature) -> Exit:
    assert candidature.hiring_start_at is not None
    left = candidature.hiring_start_at + timedelta(days=rng.randrange(30, 300))
    at = datetime(2026, 11, 1, tzinfo=UTC)
    kinds = list(ExitKind)
    follow_ups = {h: FollowUp(h, rng.choice(kinds), None, at) for h in (3, 6, 12) if rng.random() < 0.5}
    return Exit(candidature.id, left, rng.choice([120, 449, 600, 1500]), rng.choice(kinds), None, at, at, follow_ups)


def copy_rows(connection: psycopg.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    with connection.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])


def load(conninfo: str, *, companies: int, candidatures: int, seed: int = 2026) -> uuid.UUID:
    """Returns the id of one of the companies (they all receive as many candidatures)."""
    rng = random.Random(seed)
    built = dataset.build(companies=companies, postings=1, job_seekers=0, seed=seed)
    siae = [dataclasses.replace(c, department="75") for c in built.companies]
    agency = uuid.uuid4()
    now = datetime(2026, 11, 1, tzinfo=UTC)
    people, sent, exits, history = [], [], [], []
    for n in range(candidatures):
        person = JobSeeker.register(
            id=uuid.uuid4(),
            details=JobSeekerDetails(first_name="Samir", last_name=f"Bensaïd {n}"),
            created_by=Creator(user_id=None, organisation_id=None, company_id=None),
            user_id=None,
            at=now,
            event_id=uuid.uuid4(),
        )
        candidature = a_candidature(rng, siae[n % len(siae)].id, person, agency)
        people.append(person)
        sent.append(candidature)
        history += [
            {"candidature_id": candidature.id, "position": i, "transition": str(e.transition),
             "from_state": str(e.from_state), "to_state": str(e.to_state), "actor_id": None, "at": e.at}
            for i, e in enumerate(candidature.history)
        ]  # fmt: skip
        if candidature.state is CandidatureState.ACCEPTED and rng.random() < 0.8:
            exits.append(an_exit(rng, candidature))
    exit_columns = SqlExitRepository(session=None)._columns  # type: ignore[arg-type]
    follow_ups = [
        {"candidature_id": e.candidature_id, "horizon_months": h, "situation": str(f.situation),
         "recorded_by": None, "recorded_at": f.recorded_at}
        for e in exits for h, f in e.follow_ups.items()
    ]  # fmt: skip
    with psycopg.connect(conninfo, autocommit=True) as connection:
        with connection.transaction():
            connection.execute(
                "INSERT INTO prescriber_organisations"
                " (id, siret, kind, name, habilitation, created_at, source, safir_code, address_line, postal_code)"
                " VALUES (%s, '13000548100010', 'FT', 'France Travail', 'validated', now(),"
                " 'referential', '75041', '', '')",
                (agency,),
            )
            copy_rows(connection, "companies", [SqlCompanyRepository(None)._columns(c) for c in siae])  # type: ignore[arg-type]
            copy_rows(connection, "job_seekers", [SqlJobSeekerRepository(None)._columns(p) for p in people])  # type: ignore[arg-type]
            candidature_columns = SqlCandidatureRepository(None)._columns  # type: ignore[arg-type]
            copy_rows(connection, "candidatures", [candidature_columns(c) for c in sent])
            copy_rows(connection, "candidature_transitions", history)
            copy_rows(connection, "exits", [exit_columns(e) for e in exits])
            copy_rows(connection, "exit_follow_ups", follow_ups)
        connection.execute("VACUUM (ANALYZE)")
    print(f"loaded {len(siae)} companies, {len(sent)} candidatures, {len(history)} transitions, {len(exits)} exits")
    return siae[0].id


async def migrate(database_url: str) -> None:
    engine = make_engine(database_url)
    await migrations.upgrade(engine)
    await engine.dispose()


async def timings(database_url: str, data_dir: Path, *, requests: int, company_id: uuid.UUID) -> dict[str, list[float]]:
    """Milliseconds per request of each path, the paths taking turns so that a
    change of the machine's load weighs on all of them alike."""
    settings = load_settings(
        database_url=database_url, data_dir=data_dir, run_worker_in_process=False, log_level="WARNING"
    )
    app = create_app(settings)
    container = app.state.container
    staff = uuid.uuid4()
    conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as connection:
        connection.execute(
            "INSERT INTO users (id, kind, email, first_name, last_name, is_active, created_at)"
            " VALUES (%s, 'staff', 'staff@bench.tremplin.fr', 'Camille', 'Martin', true, now())",
            (staff,),
        )
    token = container.tokens.issue(subject=str(staff), subject_type="user", scope="")
    headers = {"Authorization": f"Bearer {token}"}
    period = {"from": date(2025, 1, 1).isoformat(), "to": date(2025, 12, 31).isoformat()}
    paths = {
        BASELINE: ("/api/v1/me", {}),
        "company": (f"/api/v1/companies/{company_id}/indicators", period),
        "department": ("/api/v1/departments/75/indicators", period),
    }
    elapsed: dict[str, list[float]] = {name: [] for name in paths}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench", headers=headers) as client:
        for n in range(5 + requests):
            for name, (path, params) in paths.items():
                started = time.perf_counter()
                response = await client.get(path, params=params)
                if n >= 5:
                    elapsed[name].append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
        print(f"received {response.json()['candidatures']['received']} candidatures in the department report")
    await app.state.engine.dispose()
    return elapsed


def report(elapsed: dict[str, list[float]]) -> None:
    figures = {name: (statistics.median(ms), statistics.quantiles(ms, n=100)[98]) for name, ms in elapsed.items()}
    base = figures[BASELINE][0]
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}; baseline: GET /me, same staff token")
    print(f"{'path':<12} {'p50 ms':>8} {'p99 ms':>8} {'p50 / baseline':>15}")
    for name, (p50, p99) in figures.items():
        print(f"{name:<12} {p50:8.1f} {p99:8.1f} {p50 / base:15.1f}")
    p50, p99 = figures["department"]
    verdict = {True: "meets", False: "misses"}
    print(f"department: p50 {verdict[p50 < TARGET_MS]}, p99 {verdict[p99 < TARGET_MS]} the {TARGET_MS:.0f} ms target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--companies", type=int, default=200)
    parser.add_argument("--candidatures", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with throwaway_postgres(args.postgres) as url, tempfile.TemporaryDirectory() as data_dir:
        asyncio.run(migrate(url))
        started = time.perf_counter()
        conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        company_id = load(conninfo, companies=args.companies, candidatures=args.candidatures)
        print(f"loading took {time.perf_counter() - started:.1f} s")
        elapsed = asyncio.run(timings(url, Path(data_dir), requests=args.requests, company_id=company_id))
    report(elapsed)


if __name__ == "__main__":
    main()
