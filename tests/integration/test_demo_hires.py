"""The demo data holds hires with their PASS IAE and employee records, so a
partner exploring ``tremplin serve --demo`` can complete, ready and export one."""

import httpx

from api.bootstrap import Container
from api.demo.seed import demo_email, seed_demo
from domain.identity.users import User
from tests.api.employee_record_scenes import RECORDS
from tests.builders.identity import bearer


async def employer(container: Container, local: str) -> User:
    async with container.new_uow() as uow:
        user = await uow.users.get_by_email(demo_email(local))
    assert user is not None
    return user


async def test_the_demo_shows_hires_with_their_pass_iae_and_a_new_and_a_ready_employee_record(
    container: Container, client: httpx.AsyncClient
) -> None:
    await seed_demo(container)

    states = {}
    for local in ("employer.aci", "employer.ei"):
        headers = bearer(container, await employer(container, local))
        [record] = (await client.get(RECORDS, headers=headers)).json()["items"]
        approval = await client.get(f"/api/v1/approvals/{record['approval_number']}", headers=headers)
        assert approval.status_code == 200, approval.text
        assert approval.json()["status"] == "valid"
        states[local] = record["state"]
    assert states == {"employer.aci": "new", "employer.ei": "ready"}


async def test_seeding_the_demo_again_hires_nobody_twice(container: Container) -> None:
    await seed_demo(container)

    assert await seed_demo(container) == 0
