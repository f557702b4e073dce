"""Two ASP exporters at once on PostgreSQL: the set-based claim skips the
records the other one locked (``FOR UPDATE SKIP LOCKED``)."""

from uuid import UUID

import httpx
import pytest

from api.container import Container
from tests.api.employee_record_scenes import a_ready_hire

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]


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
