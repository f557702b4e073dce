"""Time ``export_batches`` over 100,000 ready employee records, and check that
its memory does not grow with their number.

    .venv/bin/python bench/asp_export.py [--records 100000]

On a temporary SQLite database, loads N ready records (and the rows they
point to, foreign keys left unchecked for the load), then exports them all
through the local-folder transport: 700-line files written line by line,
uploaded, records marked sent. Runs it for N/10 then N records and prints the
time and the peak of Python allocations (tracemalloc) of each run; the files
are validated against the JSON Schema on the small run. Target: N = 100,000
in under 10 s, the same peak for both sizes.
"""

import argparse
import asyncio
import math
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert

from adapters.asp.batch_files import LocalAspBatchFiles
from adapters.asp.referentials import packaged_asp_referentials
from adapters.asp.transports import LocalAspTransport
from adapters.clock import SystemClock
from adapters.db import migrations
from adapters.db.engine import make_engine, make_session_factory
from adapters.db.repositories.employee_records import fields_to_json
from adapters.db.tables import EmployeeRecordRow
from adapters.db.unit_of_work import SqlUnitOfWork
from domain.employee_records.asp_fields import AspFields, Situation, Title
from domain.employee_records.export import export_batches

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


def load(path: Path, count: int) -> None:
    engine = create_engine(f"sqlite:///{path}")
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    rows = (
        {
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
        for n in range(count)
    )
    with engine.begin() as connection:
        batch: list[dict[str, object]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                connection.execute(insert(EmployeeRecordRow), batch)
                batch.clear()
        if batch:
            connection.execute(insert(EmployeeRecordRow), batch)
    engine.dispose()


async def run(count: int, workdir: Path) -> tuple[float, int, int]:
    database = workdir / f"bench-{count}.db"
    engine = make_engine(f"sqlite+aiosqlite:///{database}")
    await migrations.upgrade(engine)
    load(database, count)
    factory = make_session_factory(engine)
    exchange_dir = workdir / f"asp-{count}"
    files = LocalAspBatchFiles(exchange_dir, packaged_asp_referentials())
    tracemalloc.start()
    started = time.perf_counter()
    batches = await export_batches(
        new_uow=lambda: SqlUnitOfWork(factory),
        files=files,
        transport=LocalAspTransport(exchange_dir),
        clock=SystemClock(),
        max_batches=math.ceil(count / 700),
    )
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    await engine.dispose()
    return elapsed, peak, sum(batch.lines for batch in batches)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    packaged_asp_referentials()  # loaded once per process, outside the measures
    with tempfile.TemporaryDirectory() as tmp:
        print("| records | files | seconds | records/s | peak Python memory (MiB) |")
        print("|---:|---:|---:|---:|---:|")
        for count in (args.records // 10, args.records):
            elapsed, peak, sent = asyncio.run(run(count, Path(tmp)))
            assert sent == count, (sent, count)
            files = math.ceil(count / 700)
            print(f"| {count:,} | {files} | {elapsed:.1f} | {count / elapsed:,.0f} | {peak / 2**20:.1f} |")


if __name__ == "__main__":
    main()
