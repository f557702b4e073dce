"""A ready record claimed by a batch being uploaded, through the SQL
repositories: the claim lives in ``employee_record_claims`` until the upload
is settled, and every read of the record sees it."""

import httpx

from api.bootstrap import Container
from tests.api.employee_record_scenes import COMPLETE, RECORDS, Hire, a_ready_hire
from tests.builders.identity import bearer

BATCH = "RIAE_FS_20260302090000.json"


async def claimed_hire(client: httpx.AsyncClient, container: Container) -> Hire:
    hire = await a_ready_hire(client, container)
    async with container.new_uow() as uow:
        assert await uow.employee_records.claim_batch(batch_file=BATCH, limit=700) == 1
        await uow.commit()
    return hire


async def test_a_claimed_record_shows_its_batch_and_refuses_a_revision(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await claimed_hire(client, container)
    url, headers = f"{RECORDS}/{hire.record['id']}", bearer(container, hire.employer)

    revised = await client.patch(url, json={**COMPLETE, "lane_name": "des Lilas"}, headers=headers)

    assert revised.status_code == 409 and revised.json()["type"].endswith("/employee-record-not-editable")
    shown = (await client.get(url, headers=headers)).json()
    assert (shown["state"], shown["batch_file"], shown["batch_line"]) == ("ready", BATCH, 1)


async def test_a_hire_whose_record_is_claimed_cannot_be_cancelled(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await claimed_hire(client, container)
    candidature = hire.record["candidature_id"]

    cancelled = await client.post(
        f"/api/v1/candidatures/{candidature}/cancel", headers=bearer(container, hire.employer)
    )

    assert cancelled.status_code == 409 and cancelled.json()["type"].endswith("/employee-record-sent")


async def test_a_claimed_record_is_not_claimed_again_and_becomes_sent_with_its_line_once_settled(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await claimed_hire(client, container)
    async with container.new_uow() as uow:
        assert await uow.employee_records.claim_batch(batch_file="RIAE_FS_20260302090001.json", limit=700) == 0
        assert await uow.employee_records.mark_sent(BATCH, at=container.clock.now()) == 1
        await uow.commit()

    shown = (await client.get(f"{RECORDS}/{hire.record['id']}", headers=bearer(container, hire.employer))).json()
    assert (shown["state"], shown["batch_file"], shown["batch_line"]) == ("sent", BATCH, 1)
    assert shown["history"][-1]["transition"] == "send"
