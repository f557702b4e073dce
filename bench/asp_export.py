"""Time ``export_batches`` over N ready employee records, on SQLite and on
PostgreSQL, and check that its memory does not grow with their number.

    .venv/bin/python bench/asp_export.py [--records 100000] [--engines sqlite,postgresql]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

For each engine and for N/10 then N records: loads a fresh database (a
temporary SQLite file; a throwaway PostgreSQL database) with N ready records
(foreign keys left unchecked for the load), then

- baseline: reads the lines the records keep (rendered when they were made
  ready) for all N records in one streamed SELECT and writes them into a
  file (the floor: no claim, no settling, no file per 700 lines);
- export: ``export_batches`` with the local-folder transport and enough
  batches for N / 700 files (claim, write, upload, mark sent), wall and CPU
  seconds;
- memory: the same export on an identical copy of the database under
  tracemalloc (which slows Python down about 2x, hence its own run): the peak
  of Python allocations.

Prints one row per engine and size, with export / baseline and the load
average, and what rendering a record's line costs when it is made ready (paid
once per record, outside the export); the first files of the small SQLite run
are checked against the JSON Schema. Target: N = 100,000 in under 10 s, the
same peak for both sizes.
"""

import argparse
import asyncio
import gc
import itertools
import json
import math
import os
import shutil
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import jsonschema
import psycopg
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from adapters.asp.batch_files import LocalAspBatchFiles
from adapters.asp.layout import AspDeclarationFormat
from adapters.asp.referentials import packaged_asp_referentials
from adapters.asp.transports import LocalAspTransport
from adapters.clock import SystemClock
from adapters.db import migrations
from adapters.db.engine import make_engine, make_session_factory
from adapters.db.repositories.asp_batch_lines import fields_from_json, fields_to_json
from adapters.db.tables import DeclaredLineRow, EmployeeRecordRow
from adapters.db.unit_of_work import SqlUnitOfWork
from domain.employee_records.asp_fields import AspFields, Situation, Title
from domain.employee_records.declarations import Declaration
from domain.employee_records.export import export_batches
from domain.employee_records.records import PersonSnapshot

SCHEMA = Path(__file__).parents[1] / "adapters" / "asp" / "schema" / "riae_fs.schema.json"
FIELDS = fields_to_json(
    AspFields(
        title=Title.MRS,
        birth_commune="69123",
        lane_number="12",
        lane_type="RUE",
        lane_name="de la Paix",
        address_commune="75111",
        address_postal_code="75011",
        education_level="40",
        orienteur="03",
        situation=Situation(france_travail_registered=True, france_travail_since="02"),
    )
)
PERSON = {
    "last_name": "Bensaïd",
    "first_name": "Inès",
    "birthdate": "1990-05-17",
    "nir": "290056912345678",
    "france_travail_id": "12345678901",
}


@dataclass(frozen=True)
class Databases:
    """Two identical loaded databases (async URLs): one timed, one under tracemalloc."""

    timed: str
    traced: str


DECLARATIONS = AspDeclarationFormat(packaged_asp_referentials())


def declaration(n: int) -> Declaration:
    person = PersonSnapshot(**{**PERSON, "birthdate": date.fromisoformat(PERSON["birthdate"])})
    return Declaration(
        approval_number=f"99999{n:07d}",
        siret="78000010500012",
        asp_measure="EI_DC",
        asp_uid=f"{n:030x}",
        fields=fields_from_json(FIELDS),
        person=person,
        pass_start_at=date(2026, 3, 9),
        pass_end_at=date(2028, 3, 8),
    )


def rendering_us(count: int = 20_000) -> float:
    """Microseconds to render one record's line: what making it ready adds."""
    declarations = [declaration(n) for n in range(count)]
    started = time.perf_counter()
    for each in declarations:
        DECLARATIONS.render(each)
    return (time.perf_counter() - started) / count * 1e6


def rows(count: int) -> Iterator[dict[str, object]]:
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for n in range(count):
        yield {
            "id": uuid.uuid4(),
            "candidature_id": uuid.uuid4(),
            "company_id": uuid.uuid4(),
            "job_seeker_id": uuid.uuid4(),
            "approval_number": f"99999{n:07d}",
            "siret": "78000010500012",
            "asp_measure": "EI_DC",
            "asp_uid": f"{n:030x}",
            "state": "ready",
            "fields": FIELDS,
            "person": PERSON,
            "pass_start_at": date(2026, 3, 9),
            "pass_end_at": date(2028, 3, 8),
            "processed_as_duplicate": False,
            "history": [],
            "created_at": now,
            "updated_at": now + timedelta(microseconds=n),
        }


def load(sync_url: str, count: int) -> None:
    """N ready records, each with the line it keeps (rendered as when made ready)."""
    engine = create_engine(sync_url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET session_replication_role = replica"))  # no foreign key checks
        numbered = enumerate(rows(count))
        while chunk := list(itertools.islice(numbered, 5000)):
            connection.execute(insert(EmployeeRecordRow), [row for _, row in chunk])
            lines = [
                {
                    "record_id": row["id"],
                    "line": DECLARATIONS.render(declaration(n)).decode(),
                    "version": DECLARATIONS.version,
                }
                for n, row in chunk
            ]
            connection.execute(insert(DeclaredLineRow), lines)
    if engine.dialect.name == "postgresql":
        # As autovacuum keeps a table that fills over days; left to itself, it
        # would vacuum the freshly loaded rows during the timed export.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE employee_records, declared_lines"))
    engine.dispose()


async def migrate(url: str) -> None:
    engine = make_engine(url)
    await migrations.upgrade(engine)
    await engine.dispose()


@contextmanager
def sqlite_databases(workdir: Path, count: int) -> Iterator[Databases]:
    timed, traced = workdir / f"timed-{count}.db", workdir / f"traced-{count}.db"
    asyncio.run(migrate(f"sqlite+aiosqlite:///{timed}"))
    load(f"sqlite:///{timed}", count)
    shutil.copyfile(timed, traced)
    yield Databases(f"sqlite+aiosqlite:///{timed}", f"sqlite+aiosqlite:///{traced}")


@contextmanager
def postgres_databases(server_url: str, count: int) -> Iterator[Databases]:
    base = make_url(server_url).set(drivername="postgresql+psycopg")
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    names = [f"tremplin_bench_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    urls = [base.set(database=name).render_as_string(hide_password=False) for name in names]
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{names[0]}"')
        asyncio.run(migrate(urls[0]))
        load(urls[0], count)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{names[1]}" TEMPLATE "{names[0]}"')
            # The load and the copy wrote a few hundred MB of WAL: without this,
            # the checkpoint they call for would fall in the middle of the timed export.
            connection.execute("CHECKPOINT")
        yield Databases(*urls)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def baseline(url: str, out: Path) -> float:
    engine = make_engine(url)
    table = EmployeeRecordRow.__table__  # type: ignore[attr-defined]
    started = time.perf_counter()
    async with engine.connect() as connection:
        with out.open("wb") as file:
            lines = DeclaredLineRow.__table__  # type: ignore[attr-defined]
            query = select(table.c.id, table.c.batch_line, lines.c.line).join(lines, lines.c.record_id == table.c.id)
            async for row in await connection.stream(query):
                file.write(row.line.encode())
    elapsed = time.perf_counter() - started
    await engine.dispose()
    return elapsed


async def export(url: str, exchange_dir: Path, count: int) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds, lines exported."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    started, cpu = time.perf_counter(), time.process_time()
    batches = await export_batches(
        new_uow=lambda: SqlUnitOfWork(factory, declarations=DECLARATIONS),
        files=LocalAspBatchFiles(exchange_dir),
        transport=LocalAspTransport(exchange_dir),
        clock=SystemClock(),
        max_batches=math.ceil(count / 700),
        side_by_side_writes=url.startswith("postgresql"),
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    await engine.dispose()
    return elapsed, cpu, sum(batch.lines for batch in batches)


def traced_peak(url: str, exchange_dir: Path, count: int) -> float:
    tracemalloc.start()
    asyncio.run(export(url, exchange_dir, count))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def validate_some(exchange_dir: Path) -> None:
    schema = json.loads(SCHEMA.read_text())
    for path in sorted((exchange_dir / "depot").iterdir())[:3]:
        jsonschema.validate(json.loads(path.read_text()), schema, cls=jsonschema.Draft202012Validator)


def measure(engine: str, databases: Databases, count: int, workdir: Path) -> None:
    floor = asyncio.run(baseline(databases.timed, workdir / f"baseline-{engine}-{count}.json"))
    exchange_dir = workdir / f"asp-{engine}-{count}"
    elapsed, cpu, sent = asyncio.run(export(databases.timed, exchange_dir, count))
    assert sent == count, (sent, count)
    if engine == "sqlite" and count < 20_000:
        validate_some(exchange_dir)
    peak = traced_peak(databases.traced, workdir / f"asp-traced-{engine}-{count}", count)
    load_average = os.getloadavg()[0]
    print(
        f"| {engine} | {count:,} | {math.ceil(count / 700)} | {elapsed:.1f} | {cpu:.1f} | {floor:.2f} "
        f"| {elapsed / floor:.1f} | {peak:.1f} | {load_average:.1f} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL URL whose server hosts the throwaway databases",
    )
    args = parser.parse_args()
    packaged_asp_referentials()  # loaded once per process, outside the measures
    gc.collect()
    gc.freeze()  # as ``tremplin`` does once its container is built
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{n:.2f}' for n in os.getloadavg())} at the start")
    print(f"rendering a record's line when it is made ready: {rendering_us():.1f} µs")
    print(
        "| engine | records | files | export s | export CPU s | baseline s | export / baseline "
        "| peak Python MiB | load |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for engine in args.engines.split(","):
            for count in (args.records // 10, args.records):
                if engine == "sqlite":
                    databases = sqlite_databases(Path(tmp), count)
                else:
                    databases = postgres_databases(args.postgres, count)
                with databases as loaded:
                    measure(engine, loaded, count, Path(tmp))


if __name__ == "__main__":
    main()
