"""Serving an app under uvicorn and driving it with wrk for a load benchmark:
the settings every bench gives both the ceiling and Tremplin (uvloop, httptools,
access log off), the throwaway database and bearer tokens they serve, the run of
wrk and the table of figures against the ceiling."""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

from api.http.app import create_app
from api.settings import load_settings
from domain.identity.users import User

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
UVICORN_SETTINGS = ("--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning")


@dataclass(frozen=True)
class Load:
    duration_s: int
    warmup_s: int
    connections: int
    threads: int
    workers: int

    @classmethod
    def of(cls, options: argparse.Namespace) -> "Load":
        return cls(options.duration, options.warmup, options.connections, options.threads, options.workers)


@dataclass(frozen=True)
class Figures:
    """One wrk run; the counts after ``p99_ms`` come only from
    bench/wrk_candidatures.lua. A reference row is not held to the target."""

    name: str
    requests: int
    errors: int
    per_s: float
    p50_ms: float
    p99_ms: float
    reference: bool = False
    succeeded: int = 0
    in_flight: int = 0
    exhausted: int = 0
    refusals: str = ""  # statuses of the first non-2xx answers


def add_load_arguments(parser: argparse.ArgumentParser, *, connections: int, threads_help: str) -> None:
    """The options that make a ``Load``, and the server of the throwaway database."""
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432", help="server, no database")
    parser.add_argument("--duration", type=int, default=15, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured seconds before each scenario")
    parser.add_argument("--connections", type=int, default=connections, help="wrk connections (kept open)")
    parser.add_argument("--threads", type=int, default=1, help=threads_help)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers, for both servers")


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        print("wrk is missing: installing it with apt-get", file=sys.stderr)
        # dpkg talks on stdout even with -qq: sent to stderr, off the results.
        subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=sys.stderr)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


@contextmanager
def workspace(server: str) -> Iterator[tuple[str, Path, dict[str, str]]]:
    """A throwaway database on ``server`` (a libpq URL without database name), a
    data folder, and the environment that serves both; all removed after."""
    with _throwaway_database(server) as database, tempfile.TemporaryDirectory(prefix="tremplin-") as folder:
        yield database, Path(folder), _environment(database, Path(folder))


def migrate(env: dict[str, str]) -> None:
    subprocess.run([Path(sys.executable).parent / "tremplin", "migrate"], cwd=REPO, env=env, check=True)


def bearers(env: dict[str, str], users: Sequence[User]) -> dict[uuid.UUID, str]:
    """A bearer token per user, signed with the key that the servers then find
    in the data folder (the app creates it on first use)."""
    settings = load_settings(
        database_url=env["TREMPLIN_DATABASE_URL"], data_dir=env["TREMPLIN_DATA_DIR"], log_level="WARNING"
    )
    tokens = create_app(settings).state.container.tokens
    return {u.id: "Bearer " + tokens.issue(subject=str(u.id), subject_type="user", scope="") for u in users}


@contextmanager
def served(app: str, *, app_dir: Path, env: dict[str, str], probe: str, workers: int, startup_s: int) -> Iterator[str]:
    """The base URL of ``app`` (a factory) once ``probe`` answers 200. Tremplin's
    workers each load the referentials: on a loaded machine that takes a minute
    or more, hence ``startup_s``."""
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", app, "--app-dir", str(app_dir)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), *UVICORN_SETTINGS]
    process = subprocess.Popen(command, cwd=REPO, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_s
        while not _answers(base_url + probe):
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"{app} did not start within {startup_s} s")
            time.sleep(0.5)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_wrk(wrk: str, script: list[str], base_url: str, load: Load, seconds: int, name: str) -> Figures:
    """``script``: the lua file (in bench/) and its arguments. Errors (socket
    errors, time-outs after 10 s, non-2xx answers) are counted."""
    # wrk leaves timed-out requests out of its latencies: a long time-out keeps them in.
    shape = [f"-t{load.threads}", f"-c{load.connections}", f"-d{seconds}s", "--timeout", "10s"]
    command = [wrk, *shape, "-s", str(BENCH / script[0]), base_url, "--", *script[1:]]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures = json.loads(next(line for line in reversed(output.splitlines()) if line.startswith("{")))
    requests = figures["requests"]
    succeeded = figures.get("succeeded", requests - figures["http_errors"])
    return Figures(
        name=name,
        requests=requests,
        errors=figures["socket_errors"] + requests - succeeded,
        per_s=requests / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        succeeded=succeeded,
        in_flight=figures.get("sent", requests) - requests,
        exhausted=figures.get("exhausted", 0),
        refusals=figures.get("first_refusals", "").strip(),
    )


def conditions(load: Load, load_average: str) -> str:
    """How wrk and uvicorn ran and on what machine, to print above the table."""
    return (
        f"\nwrk {load.threads} thread(s), {load.connections} connections, {load.warmup_s} s warm-up then "
        f"{load.duration_s} s per scenario; uvicorn {load.workers} worker(s), uvloop, httptools, access log off; "
        f"{os.cpu_count()} cores, load average {load_average}; Python {sys.version.split()[0]}\n"
    )


def table(ceiling: Figures, rows: Sequence[Figures], *, target_share: float, target_p99_ms: float) -> str:
    lines = [
        "| endpoint | requests | errors | req/s | p50 ms | p99 ms | req/s / ceiling | target met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in (ceiling, *rows):
        share = row.per_s / ceiling.per_s
        met = not row.errors and share >= target_share and row.p99_ms < target_p99_ms
        lines.append(
            f"| {row.name} | {row.requests:,} | {row.errors} | {row.per_s:,.0f} | {row.p50_ms:.1f} | {row.p99_ms:.1f} "
            f"| {share:.0%} | {'—' if row is ceiling or row.reference else 'yes' if met else 'no'} |"
        )
    return "\n".join(lines)


@contextmanager
def _throwaway_database(server: str) -> Iterator[str]:
    name = f"tremplin_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(database: str, data_dir: Path) -> dict[str, str]:
    """Both servers run without the in-process worker."""
    return {
        **os.environ,
        "TREMPLIN_DATABASE_URL": database.replace("postgresql://", "postgresql+psycopg://", 1),
        "TREMPLIN_DATA_DIR": str(data_dir),
        "TREMPLIN_LOG_LEVEL": "WARNING",
        "TREMPLIN_RUN_WORKER_IN_PROCESS": "false",
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False
