"""Time ``tremplin import companies`` on a 5,000-line SIAE referential file.

    .venv/bin/python bench/import_companies.py [--lines 5000] [--postgres URL]

Writes a valid file (SIRETs with their Luhn keys, real INSEE communes of the
packaged referential drawn by population, every company kind), then on SQLite
(a temporary file) and on PostgreSQL (a throwaway database next to ``URL``,
dropped afterwards) runs ``tremplin migrate`` and times ``tremplin import
companies FILE`` twice: the first run creates every company, the second finds
them unchanged. The times are those of the whole command, process start and
referential loading included. Target: under 30 s for 5,000 lines.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url
from stdnum import luhn

from adapters.referentials.package_data import read_communes
from domain.companies.companies import CompanyKind

REPO = Path(__file__).resolve().parents[1]
TREMPLIN = Path(sys.executable).with_name("tremplin")
HEADER = "siret;kind;name;address;postal_code;insee_commune;asp_id;active;auth_email"
TARGET_S = 30.0


def a_siret(rng: random.Random) -> str:
    siren = f"{rng.randrange(10**7, 10**8)}"
    siren += luhn.calc_check_digit(siren)
    nic = f"{rng.randrange(1, 10**3):04d}"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def write_file(path: Path, lines: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    communes = [c for c in read_communes() if c.population > 0]
    places = rng.choices(communes, weights=[c.population for c in communes], k=lines)
    kinds = list(CompanyKind)
    sirets: set[str] = set()
    with path.open("w", encoding="utf-8") as file:
        file.write(HEADER + "\n")
        for index, commune in enumerate(places):
            while (siret := a_siret(rng)) in sirets:
                pass
            sirets.add(siret)
            kind = rng.choice(kinds)
            postal_code = commune.postal_codes[0] if commune.postal_codes else ""
            file.write(
                f"{siret};{kind};Structure {kind} {index} de {commune.name};{index % 200 + 1} rue de la Gare;"
                f"{postal_code};{commune.insee_code};{10_000 + index};1;direction{index}@siae.example.org\n"
            )


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


def tremplin(database_url: str, data_dir: Path, *args: str) -> tuple[float, str]:
    env = {**os.environ, "TREMPLIN_DATABASE_URL": database_url, "TREMPLIN_DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    done = subprocess.run([str(TREMPLIN), *args], env=env, cwd=REPO, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"tremplin {' '.join(args)} failed:\n{done.stderr}")
    return elapsed, done.stdout.strip().splitlines()[0]


def measure(engine: str, database_url: str, file: Path, lines: int, work: Path) -> None:
    tremplin(database_url, work, "migrate")
    for run in ("first", "second"):
        seconds, summary = tremplin(database_url, work, "import", "companies", str(file))
        verdict = "ok" if seconds < TARGET_S else f"over the {TARGET_S:.0f} s target"
        print(f"| {engine} | {run} | {seconds:.1f} | {lines / seconds:,.0f} | {summary} | {verdict} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL URL whose server hosts the throwaway database",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        file = work / "siae.csv"
        write_file(file, options.lines)
        print(f"{options.lines} lines, {file.stat().st_size / 1e6:.1f} MB\n")
        print("| engine | run | seconds | lines/s | report | target < 30 s |\n|---|---|---|---|---|---|")
        measure("SQLite", f"sqlite+aiosqlite:///{work / 'bench.db'}", file, options.lines, work)
        with throwaway_postgres(options.postgres) as url:
            measure("PostgreSQL", url, file, options.lines, work)


if __name__ == "__main__":
    main()
