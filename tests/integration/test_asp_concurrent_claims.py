"""Claims racing other writers on PostgreSQL: two exporters skip the records
the other one locked (``FOR UPDATE SKIP LOCKED``), and a revision that waited
for a claim's lock sees the claim once it is committed."""

import asyncio
from uuid import UUID

import httpx
import pytest
from sqlalchemy import text

from api.bootstrap import Container
from tests.api.employee_record_scenes import COMPLETE, RECORDS, a_ready_hire
from tests.builders.identity import bearer

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]

BATCH = "RIAE_FS_20260302090000.json"


async def test_two_exporters_claiming_at_once_never_claim_one_record_twice(
    container: Container, client: httpx.AsyncClient
) -> None:
    hires = [await a_ready_hire(client, container) for _ in range(3)]
    async with container.new_uow() as first, container.new_uow() as second:
        assert await first.employee_records.claim_batch(batch_file="RIAE_FS_20260302090000.json", limit=2) == 2
        assert await second.employee_records.claim_batch(batch_file="RIAE_FS_20260302090001.json", limit=2) == 1
        mine = await first.employee_records.lines_of_batch("RIAE_FS_20260302090000.json")
        theirs = await second.employee_records.lines_of_batch("RIAE_FS_20260302090001.json")
        await first.commit()
        await second.commit()

    assert [line.number for line in mine] == [1, 2] and [line.number for line in theirs] == [1]
    claimed = {line.subject_id for line in mine} | {line.subject_id for line in theirs}
    assert claimed == {UUID(hire.record["id"]) for hire in hires}


async def test_a_revision_that_waited_for_a_claim_sees_it_and_is_refused(
    container: Container, client: httpx.AsyncClient
) -> None:
    hire = await a_ready_hire(client, container)
    url, headers = f"{RECORDS}/{hire.record['id']}", bearer(container, hire.employer)
    async with container.new_uow() as exporter:
        assert await exporter.employee_records.claim_batch(batch_file=BATCH, limit=700) == 1
        revision = asyncio.create_task(client.patch(url, json={**COMPLETE, "lane_name": "des Lilas"}, headers=headers))
        await _until_a_query_waits_for_a_lock(container)
        await exporter.commit()

    refused = await revision

    assert refused.status_code == 409 and refused.json()["type"].endswith("/employee-record-not-editable")
    kept = (await client.get(url, headers=headers)).json()
    assert (kept["fields"]["lane_name"], kept["batch_file"]) == (COMPLETE["lane_name"], BATCH)


async def _until_a_query_waits_for_a_lock(container: Container) -> None:
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    async with asyncio.timeout(10):
        while True:
            async with container.new_uow() as uow:
                connection = await uow.session.connection()  # type: ignore[attr-defined]
                if (await connection.execute(waiting)).scalar_one() > 0:
                    return
            await asyncio.sleep(0.02)
