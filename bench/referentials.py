"""Latency of the referential endpoints against a bare FastAPI endpoint (the ceiling).

    .venv/bin/python bench/referentials.py [--requests 3000] [--warmup 300]

Serves Tremplin (``api.asgi:app_factory``, SQLite in a temporary folder) and a
one-route FastAPI app with the same uvicorn settings (uvloop, httptools, access
log off, one worker), each in its own process, then drives every endpoint with
one keep-alive httpx client on loopback, one request at a time, and prints a
markdown table. The figures include the client's own overhead, the same for
both servers; they do not gate anything.
"""

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from fastapi import FastAPI

REPO = Path(__file__).resolve().parents[1]
UVICORN_SETTINGS = ("--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning")
UVICORN_SETTINGS += ("--workers", "1", "--host", "127.0.0.1")

ENDPOINTS: dict[str, Sequence[str]] = {
    "communes-search": [
        f"/api/v1/communes?q={q}"
        for q in ("paris", "lyon", "marseille", "creteil", "saint etienne", "st denis", "75011", "13", "la roche", "sa")
    ],
    "communes-get": [
        f"/api/v1/communes/{code}" for code in ("75056", "69123", "13055", "94028", "2A004", "97411", "59350")
    ],
    "rome-appellations-search": [
        f"/api/v1/rome/appellations?q={q}"
        for q in ("boul", "agent entretien", "aide soignant", "cariste", "developpeur web", "macon", "coiffeur", "ag")
    ],
    "eligibility-criteria-list": ["/api/v1/eligibility/criteria"],
}


def ceiling_app() -> FastAPI:
    """The bare endpoint: FastAPI, one route, a constant JSON body."""
    app = FastAPI()

    @app.get("/ping")
    async def ping() -> dict[str, list[str]]:
        return {"items": []}

    return app


@dataclass(frozen=True)
class Figures:
    name: str
    requests: int
    p50_ms: float
    p99_ms: float
    per_s: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(app: str, *, env: dict[str, str], app_dir: Path, probe: str) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", app, "--app-dir", str(app_dir), "--port", str(port)]
    process = subprocess.Popen([*command, *UVICORN_SETTINGS], cwd=REPO, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base_url + probe, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{app} did not start")
            time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(client: httpx.Client, name: str, paths: Sequence[str], *, requests: int, warmup: int) -> Figures:
    cycle = itertools.cycle(paths)
    for _ in range(warmup):
        client.get(next(cycle)).raise_for_status()
    timings = []
    started = time.perf_counter()
    for _ in range(requests):
        path = next(cycle)
        before = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - before)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.text[:200]}")
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(timings, n=100)
    return Figures(name, requests, cuts[49] * 1000, cuts[98] * 1000, requests / elapsed)


def table(ceiling: Figures, rows: Sequence[Figures]) -> str:
    lines = [
        "| endpoint | requests | p50 ms | p99 ms | req/s | p50 / ceiling p50 | req/s / ceiling req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in (ceiling, *rows):
        lines.append(
            f"| {row.name} | {row.requests} | {row.p50_ms:.2f} | {row.p99_ms:.2f} | {row.per_s:,.0f} "
            f"| {row.p50_ms / ceiling.p50_ms:.2f}× | {row.per_s / ceiling.per_s:.0%} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="measured requests per endpoint")
    parser.add_argument("--warmup", type=int, default=300, help="unmeasured requests per endpoint first")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tremplin-bench-") as folder:
        env = {
            **os.environ,
            "TREMPLIN_DATABASE_URL": f"sqlite+aiosqlite:///{folder}/bench.db",
            "TREMPLIN_DATA_DIR": folder,
            "TREMPLIN_LOG_LEVEL": "WARNING",
            "TREMPLIN_RUN_WORKER_IN_PROCESS": "false",
        }
        subprocess.run([Path(sys.executable).parent / "tremplin", "migrate"], cwd=REPO, env=env, check=True)
        ceiling_server = served("referentials:ceiling_app", env=env, app_dir=REPO / "bench", probe="/ping")
        tremplin_server = served("api.asgi:app_factory", env=env, app_dir=REPO, probe="/health/live")
        with ceiling_server as ceiling_url, tremplin_server as tremplin_url:
            with httpx.Client(base_url=ceiling_url) as client:
                ceiling = measure(client, "bare FastAPI (ceiling)", ["/ping"], **vars(arguments))
            with httpx.Client(base_url=tremplin_url) as client:
                rows = [measure(client, name, paths, **vars(arguments)) for name, paths in ENDPOINTS.items()]

    print(
        f"\n{arguments.requests} sequential requests per endpoint after {arguments.warmup} of warm-up, "
        "one keep-alive httpx client on loopback; uvicorn with uvloop, httptools, access log off, 1 worker; "
        f"Python {sys.version.split()[0]}\n"
    )
    print(table(ceiling, rows))


if __name__ == "__main__":
    main()
