"""PATCH, POST …/end and DELETE /approvals/{number}/suspensions/{id}: the employer
who created a suspension changes it; the PASS IAE's end and the ASP follow."""

from datetime import date, timedelta

import httpx

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.approvals.eligibility_for_hire import approval_for_hire
from domain.identity.users import User, UserKind
from tests.api.approval_scenes import Hire, a_hire
from tests.api.employee_record_scenes import RECORDS, a_ready_hire
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer

PROBLEMS = "https://tremplin.inclusion.example/problems/"


def day(hire: Hire, days: int) -> str:
    return (hire.today + timedelta(days=days)).isoformat()


def end_of(hire: Hire, *, suspended_days: int = 0) -> str:
    return (hire.today + timedelta(days=729 + suspended_days)).isoformat()


async def suspended(
    client: httpx.AsyncClient, container: Container, hire: Hire, *, start: int = 0, end: int = 29
) -> tuple[str, str]:
    """A suspension of ``hire``'s PASS by its employer, from ``start`` to ``end`` days from today: (url, id)."""
    body = {"start_at": day(hire, start), "end_at": day(hire, end), "reason": "contract_suspended"}
    made = await client.post(
        f"/api/v1/approvals/{hire.number}/suspensions", json=body, headers=bearer(container, hire.employer)
    )
    assert made.status_code == 201, made.text
    suspension_id = next(s["id"] for s in made.json()["suspensions"] if s["start_at"] == day(hire, start))
    return f"/api/v1/approvals/{hire.number}/suspensions/{suspension_id}", suspension_id


async def test_the_employer_changes_the_end_and_the_pass_end_follows(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    url, _ = await suspended(client, container, hire)

    response = await client.patch(url, json={"end_at": day(hire, 59)}, headers=bearer(container, hire.employer))

    assert response.status_code == 200, response.text
    assert (response.json()["suspensions"][0]["end_at"], response.json()["end_at"]) == (
        day(hire, 59),
        end_of(hire, suspended_days=60),
    )


async def test_an_end_before_its_start_is_422(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    url, _ = await suspended(client, container, hire, start=5)

    response = await client.patch(url, json={"end_at": day(hire, 4)}, headers=bearer(container, hire.employer))

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "invalid-period")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/end_at"]


async def test_ending_early_without_a_date_ends_it_today(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    url, _ = await suspended(client, container, hire, end=59)

    response = await client.post(f"{url}/end", headers=bearer(container, hire.employer))

    assert response.status_code == 200, response.text
    assert (response.json()["suspensions"][0]["end_at"], response.json()["end_at"]) == (
        day(hire, 0),
        end_of(hire, suspended_days=1),
    )
    assert response.json()["status"] == "suspended"  # today is its last suspended day


async def test_ending_early_a_suspension_not_started_before_its_start_is_422(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    url, _ = await suspended(client, container, hire, start=10, end=40)

    response = await client.post(f"{url}/end", json={}, headers=bearer(container, hire.employer))

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "invalid-period")


async def test_ending_early_needs_a_day_before_its_end(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    url, _ = await suspended(client, container, hire, end=20)

    response = await client.post(f"{url}/end", json={"end_at": day(hire, 25)}, headers=bearer(container, hire.employer))

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "suspension-end-not-earlier")


async def test_a_suspension_that_has_not_started_is_deleted(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    url, _ = await suspended(client, container, hire, start=10, end=19)

    response = await client.delete(url, headers=bearer(container, hire.employer))

    assert response.status_code == 200, response.text
    assert (response.json()["suspensions"], response.json()["end_at"]) == ([], end_of(hire))


async def test_a_suspension_already_started_cannot_be_deleted(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    url, _ = await suspended(client, container, hire, start=0)

    response = await client.delete(url, headers=bearer(container, hire.employer))

    assert (response.status_code, response.json()["type"]) == (409, PROBLEMS + "suspension-started")


async def test_another_company_s_employer_is_told_it_does_not_exist(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    url, _ = await suspended(client, container, hire)
    stranger = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(await a_company(container)))

    response = await client.patch(url, json={"end_at": day(hire, 10)}, headers=bearer(container, stranger))

    assert (response.status_code, response.json()["type"]) == (404, PROBLEMS + "approval-not-found")


async def test_a_company_hiring_with_the_pass_may_not_change_another_s_suspension(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    url, _ = await suspended(client, container, hire, start=10, end=19)
    second = await a_second_hire(container, hire)

    response = await client.delete(url, headers=bearer(container, second))

    assert (response.status_code, response.json()["type"]) == (403, PROBLEMS + "forbidden")


async def test_a_suspension_of_another_pass_is_not_found(client: httpx.AsyncClient, container: Container) -> None:
    hire, other = await a_hire(container), await a_hire(container)
    _, suspension_id = await suspended(client, container, other)

    response = await client.delete(
        f"/api/v1/approvals/{hire.number}/suspensions/{suspension_id}", headers=bearer(container, hire.employer)
    )

    assert (response.status_code, response.json()["type"]) == (404, PROBLEMS + "suspension-not-found")


async def test_a_change_reaches_the_asp_as_an_update_notification(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_ready_hire(client, container)
    record_id, number = hire.record["id"], hire.record["approval_number"]
    issued_end = date.fromisoformat(hire.record["pass_end_at"])
    await sent_to_the_asp(container)
    today = paris_date(container.clock.now())
    body = {
        "start_at": today.isoformat(),
        "end_at": (today + timedelta(days=9)).isoformat(),
        "reason": "contract_broken",
    }
    employer = bearer(container, hire.employer)
    made = await client.post(f"/api/v1/approvals/{number}/suspensions", json=body, headers=employer)
    suspension_id = made.json()["suspensions"][0]["id"]

    changed = await client.patch(
        f"/api/v1/approvals/{number}/suspensions/{suspension_id}",
        json={"end_at": (today + timedelta(days=4)).isoformat()},
        headers=employer,
    )

    assert changed.status_code == 200, changed.text
    updates = await client.get(f"{RECORDS}/{record_id}/updates", headers=employer)
    [update] = updates.json()["items"]
    assert (update["state"], update["pass_end_at"]) == ("new", (issued_end + timedelta(days=5)).isoformat())


async def sent_to_the_asp(container: Container) -> None:
    uow = container.new_uow()
    async with uow:
        await uow.employee_records.claim_batch(batch_file="RIAE_FS_20261207090000.json", limit=700)
        await uow.employee_records.mark_sent("RIAE_FS_20261207090000.json", at=container.clock.now())
        await uow.commit()


async def a_second_hire(container: Container, hire: Hire) -> User:
    """Another company hires the holder with the same PASS IAE: its employer."""
    company = await a_company(container)
    uow = container.new_uow()
    async with uow:
        reused = await approval_for_hire(
            uow=uow,
            job_seeker=hire.job_seeker,
            company=company,
            hiring_start=hire.today + timedelta(days=1),
            candidature_id=container.ids.new_id(),
            prefix=container.settings.asp.pass_iae_prefix,
            ids=container.ids,
            clock=container.clock,
        )
        await uow.commit()
    assert reused.approval is not None and reused.approval.number == hire.number
    return await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
