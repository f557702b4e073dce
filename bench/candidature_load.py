"""Candidature submission and acceptance over HTTP under load, against the bare FastAPI ceiling.

    .venv/bin/python bench/candidature_load.py [--duration 15] [--connections 32] [--workers 2]

Creates a throwaway PostgreSQL database, migrates it with ``tremplin migrate``,
COPYs the national dataset of bench/dataset.py (SIAE and postings) and the
people of bench/candidature_dataset.py (habilitated agencies and their
prescribers, one employer per SIAE, diagnosed job seekers with valid NIRs,
candidatures waiting for an answer), signs a bearer token for every
prescriber and employer with the app's token service, then serves the bare
endpoint (bench/ceiling_app.py) and Tremplin one after the other with the same
uvicorn settings and drives each with wrk on loopback. Each write request
carries a distinct item (bench/wrk_candidatures.lua): prescribers send
candidatures (a distinct job seeker and company each time, with an
Idempotency-Key); employers accept candidatures already sent (each issues a
PASS IAE, opens an employee record and writes the outbox). Afterwards the
database must hold as many new candidatures, hires and PASS IAE as there were
2xx answers (plus at most the requests still in flight when wrk stopped).
Prints req/s, p50 and p99 per scenario and the ratio to the ceiling; drops the
database at the end. Installs wrk with apt-get if missing.
"""

import argparse
import json
import os
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import candidature_dataset
import dataset
import httpx
import serving
from candidature_checks import Counts, accepted_counts, submitted_counts
from ceiling_app import CEILING_PATH

from domain.approvals.business_dates import paris_date

TARGET_SHARE_OF_CEILING, TARGET_P99_MS = 0.3, 50.0
STARTUP_S = 180  # two workers loading the referentials on a loaded machine


@dataclass(frozen=True)
class Scenario:
    """Requests sent once each (one line per request, see the lua script), and
    what the database must hold after ``answered`` 2xx answers."""

    name: str
    items: list[str]
    counts: Callable[[str], Counts]


def ceiling(wrk: str, env: dict[str, str], load: serving.Load, folder: Path) -> serving.Figures:
    listing = folder / "ceiling.paths"
    listing.write_text(CEILING_PATH + "\n")
    app = "ceiling_app:app_factory"
    with serving.served(
        app, app_dir=serving.BENCH, env=env, probe=CEILING_PATH, workers=load.workers, startup_s=STARTUP_S
    ) as url:
        script = ["wrk_paths.lua", str(listing)]
        serving.run_wrk(wrk, script, url, load, load.warmup_s, "warm-up")
        return serving.run_wrk(wrk, script, url, load, load.duration_s, "bare FastAPI (ceiling)")


def send_first(base_url: str, item: str) -> None:
    """Fail early on a broken endpoint: wrk would only count the errors."""
    method, path, authorization, key, body = item.split("\t")
    headers = {"Authorization": authorization, "Content-Type": "application/json"}
    headers |= {"Idempotency-Key": key} if key else {}
    response = httpx.request(method, base_url + path, headers=headers, content=body)
    if not response.is_success:
        sys.exit(f"{method} {path}: {response.status_code} {response.text[:300]}")


def measure(
    wrk: str, scenario: Scenario, base_url: str, load: serving.Load, folder: Path, database: str
) -> serving.Figures:
    """One request by hand, a warm-up, then the measured run, each on items of its
    own; then the database must agree with the 2xx answers of all three."""
    warmup_share = len(scenario.items) * load.warmup_s // (load.warmup_s + load.duration_s)
    parts = {"warmup": scenario.items[1 : warmup_share + 1], "measured": scenario.items[warmup_share + 1 :]}
    for part, items in parts.items():
        (folder / f"{scenario.name}.{part}").write_text("\n".join(items) + "\n")
    before = scenario.counts(database)
    send_first(base_url, scenario.items[0])

    def script(part: str) -> list[str]:
        return ["wrk_candidatures.lua", str(folder / f"{scenario.name}.{part}"), str(load.threads)]

    warmup = serving.run_wrk(wrk, script("warmup"), base_url, load, load.warmup_s, scenario.name)
    figures = serving.run_wrk(wrk, script("measured"), base_url, load, load.duration_s, scenario.name)
    answered = 1 + warmup.succeeded + figures.succeeded
    in_flight = warmup.in_flight + figures.in_flight
    after = scenario.counts(database)
    verdict = after.agrees(before, answered=answered, in_flight=in_flight)
    print(f"{scenario.name}: {answered:,} 2xx answers, {in_flight} in flight at wrk's stop; database: {verdict}")
    if warmup.refusals or figures.refusals:
        print(f"{scenario.name}: first non-2xx statuses: {warmup.refusals} | {figures.refusals}")
    if warmup.exhausted or figures.exhausted:
        print(f"{scenario.name}: the items ran out ({figures.exhausted} requests to /exhausted): raise --items")
    return figures


def prepare(database: str, options: argparse.Namespace, env: dict[str, str]) -> candidature_dataset.People:
    serving.migrate(env)
    national = dataset.build(companies=options.companies, postings=options.postings, job_seekers=1)
    dataset.load(database, national)
    hiring = candidature_dataset.hiring_companies(national.companies, national.postings, count=options.hiring)
    people = candidature_dataset.build(
        hiring=hiring, agencies=options.agencies, proposals=options.items, pendings=options.items, now=datetime.now(UTC)
    )
    candidature_dataset.load(database, people)
    print(f"{len(people.job_seekers):,} job seekers, {len(people.candidatures):,} candidatures, {len(hiring)} SIAE")
    return people


def scenarios(people: candidature_dataset.People, env: dict[str, str]) -> list[Scenario]:
    bearer = serving.bearers(env, people.users)
    today = paris_date(datetime.now(UTC))
    acceptance = json.dumps(
        {"hiring_start_at": today.isoformat(), "hiring_end_at": (today + timedelta(days=182)).isoformat()}
    )
    submissions = [
        "\t".join(("POST", "/api/v1/candidatures", bearer[p.prescriber.id], str(uuid.uuid4()), _body(p)))
        for p in people.proposals
    ]
    acceptances = [
        "\t".join(("POST", f"/api/v1/candidatures/{p.candidature.id}/accept", bearer[p.employer.id], "", acceptance))
        for p in people.pendings
    ]
    return [
        Scenario("candidatures-create (prescriber)", submissions, submitted_counts),
        Scenario("candidatures-accept (employer, PASS IAE)", acceptances, accepted_counts),
    ]


def _body(proposal: candidature_dataset.Proposal) -> str:
    return json.dumps(
        {
            "job_seeker_id": str(proposal.job_seeker.id),
            "company_id": str(proposal.company.id),
            "job_posting_ids": [str(proposal.posting.id)],
            "message": "Bonjour, je vous propose cette personne motivée, disponible dès lundi.",
        }
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    serving.add_load_arguments(parser, connections=32, threads_help="wrk threads (each sends its own share of items)")
    parser.add_argument("--items", type=int, default=12000, help="distinct requests per scenario, warm-up included")
    parser.add_argument("--companies", type=int, default=5000, help="SIAE of the national dataset")
    parser.add_argument("--postings", type=int, default=50000, help="postings of the national dataset")
    parser.add_argument("--hiring", type=int, default=300, help="SIAE (each with one employer) that hire")
    parser.add_argument("--agencies", type=int, default=50, help="habilitated agencies, 4 prescribers each")
    return parser.parse_args()


def main() -> None:
    options = arguments()
    load = serving.Load.of(options)
    wrk = serving.ensure_wrk()
    started_load = os.getloadavg()[0]
    with serving.workspace(options.postgres) as (database, folder, env):
        work = scenarios(prepare(database, options, env), env)
        bare = ceiling(wrk, env, load, folder)
        app, probe = "api.asgi:app_factory", "/health/live"
        with serving.served(
            app, app_dir=serving.REPO, env=env, probe=probe, workers=load.workers, startup_s=STARTUP_S
        ) as url:
            rows = [measure(wrk, scenario, url, load, folder, database) for scenario in work]
    print(serving.conditions(load, f"{started_load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"))
    print(serving.table(bare, rows, target_share=TARGET_SHARE_OF_CEILING, target_p99_ms=TARGET_P99_MS))


if __name__ == "__main__":
    main()
