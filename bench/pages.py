"""Server time of the web pages, against a bare endpoint of the same server.

Serves Tremplin (``api.asgi:app_factory``, SQLite seeded with the demo data
in a temporary folder), logs in as the demo EI employer through the login
form, and times sequential requests to each page (one keep-alive client on
loopback) and to ``/health/live``, the floor of this server: the ratio is
what rendering a page costs over routing a request."""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from referentials import REPO, Figures, measure, served, table

PAGES = {
    "home": ["/"],
    "search of postings": ["/recherche/fiches-de-poste?commune=Paris+%2875056%29&distance=25"],
    "commune autocomplete": ["/recherche/communes?commune=mont"],
    "dashboard": ["/tableau-de-bord"],
    "inbox": ["/candidatures"],
}


def log_in(client: httpx.Client) -> None:
    form = client.get("/connexion").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    data = {"csrf_token": token.group(1), "email": "employer.ei@demo.tremplin.fr", "password": "demo-password"}
    answer = client.post("/connexion", data=data)
    if answer.status_code != 303:
        raise SystemExit(f"login refused: {answer.status_code}")


def candidature_page(client: httpx.Client) -> str:
    link = re.search(r'href="(/candidatures/[0-9a-f-]{36})"', client.get("/candidatures").text)
    assert link is not None
    return link.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=100, help="unmeasured requests per page first")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tremplin-bench-") as folder:
        env = {
            **os.environ,
            "TREMPLIN_DATABASE_URL": f"sqlite+aiosqlite:///{folder}/bench.db",
            "TREMPLIN_DATA_DIR": folder,
            "TREMPLIN_LOG_LEVEL": "WARNING",
            "TREMPLIN_RUN_WORKER_IN_PROCESS": "false",
        }
        tremplin = Path(sys.executable).parent / "tremplin"
        subprocess.run([tremplin, "seed", "--demo"], cwd=folder, env=env, check=True, capture_output=True)
        served_app = served("api.asgi:app_factory", env=env, app_dir=REPO, probe="/health/live")
        with served_app as url, httpx.Client(base_url=url) as client:
            floor = measure(client, "/health/live (floor)", ["/health/live"], **vars(arguments))
            log_in(client)
            pages = {**PAGES, "a candidature": [candidature_page(client)]}
            rows: list[Figures] = [measure(client, name, paths, **vars(arguments)) for name, paths in pages.items()]

    print(
        f"\n{arguments.requests} sequential requests per page after {arguments.warmup} of warm-up, one keep-alive "
        f"httpx client on loopback, the demo data on SQLite; uvicorn, 1 worker; Python {sys.version.split()[0]}\n"
    )
    print(table(floor, rows).replace("ceiling", "floor"))


if __name__ == "__main__":
    main()
