"""Search at national scale over HTTP, against a bare FastAPI endpoint (the ceiling).

    .venv/bin/python bench/national_search.py [--duration 15] [--connections 16] [--workers 2]

Creates a throwaway PostgreSQL database, migrates it with ``tremplin migrate``,
COPYs a national dataset into it (bench/dataset.py: 5,000 SIAE spread by
commune population, 50,000 postings with real ROME appellations, 1,000 job
seekers to match, registered by a staff account), then serves
the bare endpoint (bench/ceiling_app.py) and Tremplin one after the other, with
the same uvicorn settings (uvloop, httptools, access log off, same worker
count), and drives each with wrk on loopback: a warm-up, then a fixed duration
at a fixed number of connections. Search requests go around communes drawn by
population; matches are asked by the staff account. Prints req/s, p50 and p99 per scenario and the ratio to the
ceiling; drops the database at the end. Installs wrk with apt-get if missing.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dataset
import httpx
import psycopg
from ceiling_app import CEILING_PATH

from api.app import create_app
from api.settings import load_settings
from domain.identity.users import User

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
UVICORN_SETTINGS = ("--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning")
TARGET_SHARE_OF_CEILING, TARGET_P99_MS = 0.5, 50.0


@dataclass(frozen=True)
class Scenario:
    """One measured endpoint: the request paths it cycles through, made from the
    dataset. A reference is shown for comparison and not held to the target."""

    name: str
    paths: Callable[["Workload"], list[str]]
    reference: bool = False
    authenticated: bool = False


@dataclass(frozen=True)
class Workload:
    """What scenarios draw their requests from."""

    communes: list[str]
    job_seekers: list[str]
    authorization: str


SCENARIOS = [
    Scenario("health-live (Tremplin's stack, no database)", lambda w: ["/health/live"], reference=True),
    Scenario("health-ready (one SELECT 1)", lambda w: ["/health/ready"], reference=True),
    Scenario("job-postings-search", lambda w: [f"/api/v1/job-postings?commune={c}&distance_km=25" for c in w.communes]),
    Scenario("companies-search", lambda w: [f"/api/v1/companies?commune={c}&distance_km=25" for c in w.communes]),
    Scenario(
        "job-seekers-matches",
        lambda w: [f"/api/v1/job-seekers/{j}/matches?distance_km=25" for j in w.job_seekers],
        authenticated=True,
    ),
]

CEILING = Scenario("bare FastAPI (ceiling)", lambda w: [CEILING_PATH], reference=True)


@dataclass(frozen=True)
class Load:
    duration_s: int
    warmup_s: int
    connections: int
    threads: int
    workers: int


@dataclass(frozen=True)
class Figures:
    name: str
    reference: bool
    requests: int
    errors: int
    per_s: float
    p50_ms: float
    p99_ms: float


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        print("wrk is missing: installing it with apt-get", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


@contextmanager
def throwaway_database(server: str) -> Iterator[str]:
    """An empty database on ``server`` (a libpq URL without database name); dropped after."""
    name = f"tremplin_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(app: str, *, app_dir: Path, env: dict[str, str], probe: str, workers: int) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", app, "--app-dir", str(app_dir)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), *UVICORN_SETTINGS]
    process = subprocess.Popen(command, cwd=REPO, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _answers(base_url + probe):
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"{app} did not start")
            time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def check(base_url: str, paths: Sequence[str], headers: dict[str, str]) -> None:
    """Fail early on a broken endpoint: wrk would only count the errors."""
    with httpx.Client(base_url=base_url, headers=headers) as client:
        for path in paths[:20]:
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"GET {path}: {response.status_code} {response.text[:300]}")


def measure(wrk: str, scenario: Scenario, base_url: str, workload: Workload, load: Load, folder: Path) -> Figures:
    """A warm-up run, then the measured one; errors (socket errors, time-outs after
    10 s, non-2xx answers) are counted, and shown beside the figures."""
    name, paths = scenario.name, scenario.paths(workload)
    listing = folder / (re.sub(r"[^a-z0-9]+", "-", name.lower()) + ".paths")
    listing.write_text("\n".join(paths) + "\n")
    authorization = [workload.authorization] if scenario.authenticated else []
    check(base_url, paths, {"Authorization": workload.authorization} if scenario.authenticated else {})

    def wrk_for(seconds: int) -> list[str]:
        # wrk leaves timed-out requests out of its latencies: a long time-out keeps them in.
        shape = [f"-t{load.threads}", f"-c{load.connections}", f"-d{seconds}s", "--timeout", "10s"]
        return [wrk, *shape, "-s", str(BENCH / "wrk_paths.lua"), base_url, "--", str(listing), *authorization]

    subprocess.run(wrk_for(load.warmup_s), check=True, capture_output=True)
    output = subprocess.run(wrk_for(load.duration_s), check=True, capture_output=True, text=True).stdout
    figures = json.loads(next(line for line in reversed(output.splitlines()) if line.startswith("{")))
    return Figures(
        name=name,
        reference=scenario.reference,
        requests=figures["requests"],
        errors=figures["socket_errors"] + figures["http_errors"],
        per_s=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
    )


def table(ceiling: Figures, rows: Sequence[Figures]) -> str:
    lines = [
        "| endpoint | requests | errors | req/s | p50 ms | p99 ms | req/s / ceiling | target met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in (ceiling, *rows):
        share = row.per_s / ceiling.per_s
        met = not row.errors and share >= TARGET_SHARE_OF_CEILING and row.p99_ms < TARGET_P99_MS
        lines.append(
            f"| {row.name} | {row.requests:,} | {row.errors} | {row.per_s:,.0f} | {row.p50_ms:.1f} | {row.p99_ms:.1f} "
            f"| {share:.0%} | {'—' if row.reference else 'yes' if met else 'no'} |"
        )
    return "\n".join(lines)


def prepare(database: str, options: argparse.Namespace, env: dict[str, str]) -> dataset.Dataset:
    started = time.perf_counter()
    subprocess.run([Path(sys.executable).parent / "tremplin", "migrate"], cwd=REPO, env=env, check=True)
    rows = dataset.build(companies=options.companies, postings=options.postings, job_seekers=options.job_seekers)
    dataset.load(database, rows)
    counts = [f"{len(rows.companies):,} companies", f"{len(rows.postings):,} postings"]
    counts.append(f"{len(rows.job_seekers):,} job seekers")
    print(f"{', '.join(counts)} loaded in {time.perf_counter() - started:.1f} s")
    return rows


def staff_authorization(env: dict[str, str], staff: User) -> str:
    """A bearer token of the staff account, signed with the key that the servers
    then find in the data folder (the app creates it on first use)."""
    settings = load_settings(
        database_url=env["TREMPLIN_DATABASE_URL"], data_dir=env["TREMPLIN_DATA_DIR"], log_level="WARNING"
    )
    tokens = create_app(settings).state.container.tokens
    return "Bearer " + tokens.issue(subject=str(staff.id), subject_type="user", scope="")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432", help="server, no database")
    parser.add_argument("--duration", type=int, default=15, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured seconds before each scenario")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (kept open)")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers, for both servers")
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--postings", type=int, default=50000)
    parser.add_argument("--job-seekers", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=10000, help="distinct request paths per scenario")
    return parser.parse_args()


def main() -> None:
    options = arguments()
    load = Load(options.duration, options.warmup, options.connections, options.threads, options.workers)
    wrk = ensure_wrk()
    with throwaway_database(options.postgres) as database, tempfile.TemporaryDirectory(prefix="tremplin-") as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "TREMPLIN_DATABASE_URL": database.replace("postgresql://", "postgresql+psycopg://", 1),
            "TREMPLIN_DATA_DIR": str(folder),
            "TREMPLIN_LOG_LEVEL": "WARNING",
            "TREMPLIN_RUN_WORKER_IN_PROCESS": "false",
        }
        rows = prepare(database, options, env)
        workload = Workload(
            communes=dataset.query_communes(count=options.requests),
            job_seekers=[str(job_seeker.id) for job_seeker in rows.job_seekers],
            authorization=staff_authorization(env, rows.staff),
        )
        with served("ceiling_app:app_factory", app_dir=BENCH, env=env, probe=CEILING_PATH, workers=load.workers) as url:
            ceiling = measure(wrk, CEILING, url, workload, load, folder)
        with served("api.asgi:app_factory", app_dir=REPO, env=env, probe="/health/live", workers=load.workers) as url:
            rows = [measure(wrk, scenario, url, workload, load, folder) for scenario in SCENARIOS]
    print(
        f"\nwrk {load.threads} thread(s), {load.connections} connections, {load.warmup_s} s warm-up then "
        f"{load.duration_s} s per scenario; uvicorn {load.workers} worker(s), uvloop, httptools, access log off; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; Python {sys.version.split()[0]}\n"
    )
    print(table(ceiling, rows))


if __name__ == "__main__":
    main()
