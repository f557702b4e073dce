"""POST /employee-records/{id}/archive through the app, on the SQL repositories."""

import httpx

from api.bootstrap import Container
from tests.api.employee_record_scenes import RECORDS, a_hire, a_ready_hire
from tests.builders.identity import bearer

BATCH = "RIAE_FS_20260302090000.json"


async def test_an_archived_ready_record_leaves_the_ready_list_and_no_batch_claims_it(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_ready_hire(client, container)
    headers = bearer(container, hire.employer)

    archived = await client.post(f"{RECORDS}/{hire.record['id']}/archive", headers=headers)

    assert archived.status_code == 200, archived.text
    assert archived.json()["state"] == "archived"
    assert archived.json()["history"][-1]["transition"] == "archive"
    listed = {
        state: [r["id"] for r in (await client.get(RECORDS, params={"state": state}, headers=headers)).json()["items"]]
        for state in ("ready", "archived")
    }
    assert listed == {"ready": [], "archived": [hire.record["id"]]}
    async with container.new_uow() as uow:
        assert await uow.employee_records.claim_batch(batch_file=BATCH, limit=700) == 0


async def test_archiving_twice_is_a_409_naming_the_transition(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(client, container)
    url, headers = f"{RECORDS}/{hire.record['id']}/archive", bearer(container, hire.employer)
    assert (await client.post(url, headers=headers)).status_code == 200

    again = await client.post(url, headers=headers)

    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert again.json()["type"].endswith("/employee-record-invalid-transition")


async def test_a_record_claimed_by_a_batch_is_not_archived(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_ready_hire(client, container)
    async with container.new_uow() as uow:
        assert await uow.employee_records.claim_batch(batch_file=BATCH, limit=700) == 1
        await uow.commit()
    headers = bearer(container, hire.employer)

    refused = await client.post(f"{RECORDS}/{hire.record['id']}/archive", headers=headers)

    assert refused.status_code == 409 and refused.json()["type"].endswith("/employee-record-not-editable")
    shown = (await client.get(f"{RECORDS}/{hire.record['id']}", headers=headers)).json()
    assert (shown["state"], shown["batch_file"]) == ("ready", BATCH)
