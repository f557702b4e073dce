"""Search at national scale over HTTP, against a bare FastAPI endpoint (the ceiling).

    .venv/bin/python bench/national_search.py [--duration 15] [--connections 16] [--workers 2] [--before DIR]

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
``--before DIR`` serves another checkout first (its rows are marked "before"),
so that a change is measured against what it replaces under the same load.
"""

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import dataset
import httpx
import serving
from ceiling_app import CEILING_PATH

STARTUP_S = 60
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


def check(base_url: str, paths: Sequence[str], headers: dict[str, str]) -> None:
    """Fail early on a broken endpoint: wrk would only count the errors."""
    with httpx.Client(base_url=base_url, headers=headers) as client:
        for path in paths[:20]:
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"GET {path}: {response.status_code} {response.text[:300]}")


def measure(
    wrk: str, scenario: Scenario, base_url: str, workload: Workload, load: serving.Load, folder: Path
) -> serving.Figures:
    """A warm-up run, then the measured one; errors (socket errors, time-outs after
    10 s, non-2xx answers) are counted, and shown beside the figures."""
    name, paths = scenario.name, scenario.paths(workload)
    listing = folder / (re.sub(r"[^a-z0-9]+", "-", name.lower()) + ".paths")
    listing.write_text("\n".join(paths) + "\n")
    authorization = [workload.authorization] if scenario.authenticated else []
    check(base_url, paths, {"Authorization": workload.authorization} if scenario.authenticated else {})
    script = ["wrk_paths.lua", str(listing), *authorization]
    serving.run_wrk(wrk, script, base_url, load, load.warmup_s, name)
    return replace(serving.run_wrk(wrk, script, base_url, load, load.duration_s, name), reference=scenario.reference)


def prepare(database: str, options: argparse.Namespace, env: dict[str, str]) -> dataset.Dataset:
    started = time.perf_counter()
    serving.migrate(env)
    rows = dataset.build(companies=options.companies, postings=options.postings, job_seekers=options.job_seekers)
    dataset.load(database, rows)
    counts = [f"{len(rows.companies):,} companies", f"{len(rows.postings):,} postings"]
    counts.append(f"{len(rows.job_seekers):,} job seekers")
    print(f"{', '.join(counts)} loaded in {time.perf_counter() - started:.1f} s")
    return rows


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    serving.add_load_arguments(parser, connections=16, threads_help="wrk threads")
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--postings", type=int, default=50000)
    parser.add_argument("--job-seekers", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=10000, help="distinct request paths per scenario")
    parser.add_argument(
        "--before", type=Path, help="another checkout of Tremplin (git worktree add DIR REV) measured in the same run"
    )
    return parser.parse_args()


def main() -> None:
    options = arguments()
    load = serving.Load.of(options)
    wrk = serving.ensure_wrk()
    with serving.workspace(options.postgres) as (database, folder, env):
        rows = prepare(database, options, env)
        workload = Workload(
            communes=dataset.query_communes(count=options.requests),
            job_seekers=[str(job_seeker.id) for job_seeker in rows.job_seekers],
            authorization=serving.bearers(env, [rows.staff])[rows.staff.id],
        )
        ceiling_app, tremplin = "ceiling_app:app_factory", "api.asgi:app_factory"
        with serving.served(
            ceiling_app, app_dir=serving.BENCH, env=env, probe=CEILING_PATH, workers=load.workers, startup_s=STARTUP_S
        ) as url:
            ceiling = measure(wrk, CEILING, url, workload, load, folder)
        rows = []
        for suffix, tree in ([(" (before)", options.before)] if options.before else []) + [("", serving.REPO)]:
            with serving.served(
                tremplin, app_dir=tree, env=env, probe="/health/live", workers=load.workers, startup_s=STARTUP_S
            ) as url:
                for scenario in SCENARIOS:
                    figures = measure(wrk, scenario, url, workload, load, folder)
                    rows.append(replace(figures, name=figures.name + suffix))
    print(serving.conditions(load, f"{os.getloadavg()[0]:.1f} at the end"))
    print(serving.table(ceiling, rows, target_share=TARGET_SHARE_OF_CEILING, target_p99_ms=TARGET_P99_MS))


if __name__ == "__main__":
    main()
