"""PATCH /candidatures/{id}/hiring: the employer changes the dates of a hire
until its employee record goes to the ASP; a PASS IAE not started moves with it."""

from datetime import date, timedelta
from typing import Any

import httpx

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.identity.users import UserKind
from tests.api.candidature_scenes import CANDIDATURES, Scene, a_scene, sent_by_the_prescriber
from tests.api.employee_record_scenes import a_ready_hire
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer

PROBLEMS = "https://tremplin.inclusion.example/problems/"


def today(container: Container) -> date:
    return paris_date(container.clock.now())


async def hired(client: httpx.AsyncClient, container: Container, scene: Scene, *, starts_in: int) -> dict[str, Any]:
    """A candidature of the scene accepted with a hire starting ``starts_in`` days from today."""
    sent = await sent_by_the_prescriber(client, container, scene)
    start = (today(container) + timedelta(days=starts_in)).isoformat()
    accepted = await client.post(
        f"{CANDIDATURES}/{sent['id']}/accept",
        json={"hiring_start_at": start},
        headers=bearer(container, scene.employer),
    )
    assert accepted.status_code == 200, accepted.text
    answer: dict[str, Any] = accepted.json()
    return answer


async def change(
    client: httpx.AsyncClient, container: Container, candidature_id: str, headers: dict[str, str], **dates: int
) -> httpx.Response:
    body = {name: (today(container) + timedelta(days=days)).isoformat() for name, days in dates.items()}
    return await client.patch(f"{CANDIDATURES}/{candidature_id}/hiring", json=body, headers=headers)


async def test_a_hire_not_started_moves_and_its_pass_with_it(client: httpx.AsyncClient, container: Container) -> None:
    scene = await a_scene(container)
    candidature = await hired(client, container, scene, starts_in=7)

    response = await change(
        client, container, candidature["id"], bearer(container, scene.employer), hiring_start_at=21, hiring_end_at=200
    )

    assert response.status_code == 200, response.text
    moved = response.json()
    new_start = today(container) + timedelta(days=21)
    assert (moved["hiring_start_at"], moved["hiring_end_at"]) == (
        new_start.isoformat(),
        (today(container) + timedelta(days=200)).isoformat(),
    )
    assert (moved["approval"]["start_at"], moved["approval"]["end_at"]) == (
        new_start.isoformat(),
        (new_start + timedelta(days=729)).isoformat(),
    )
    assert moved["approval"]["number"] == candidature["approval"]["number"]


async def test_a_pass_already_running_keeps_its_dates(client: httpx.AsyncClient, container: Container) -> None:
    scene = await a_scene(container)
    candidature = await hired(client, container, scene, starts_in=0)

    response = await change(client, container, candidature["id"], bearer(container, scene.employer), hiring_start_at=3)

    assert response.status_code == 200, response.text
    assert response.json()["hiring_start_at"] == (today(container) + timedelta(days=3)).isoformat()
    assert response.json()["approval"]["start_at"] == candidature["approval"]["start_at"]


async def test_a_hire_whose_record_was_sent_cannot_change_dates(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_ready_hire(client, container)
    uow = container.new_uow()
    async with uow:
        await uow.employee_records.claim_batch(batch_file="RIAE_FS_20261207090000.json", limit=700)
        await uow.commit()

    response = await change(
        client, container, hire.record["candidature_id"], bearer(container, hire.employer), hiring_start_at=21
    )

    assert (response.status_code, response.json()["type"]) == (409, PROBLEMS + "employee-record-sent")


async def test_another_company_s_employer_is_told_it_does_not_exist(
    client: httpx.AsyncClient, container: Container
) -> None:
    scene = await a_scene(container)
    candidature = await hired(client, container, scene, starts_in=7)
    stranger = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(await a_company(container)))

    response = await change(client, container, candidature["id"], bearer(container, stranger), hiring_start_at=21)

    assert (response.status_code, response.json()["type"]) == (404, PROBLEMS + "candidature-not-found")


async def test_the_prescriber_who_sent_it_may_not_change_the_dates(
    client: httpx.AsyncClient, container: Container
) -> None:
    scene = await a_scene(container)
    candidature = await hired(client, container, scene, starts_in=7)

    response = await change(
        client, container, candidature["id"], bearer(container, scene.prescriber), hiring_start_at=21
    )

    assert response.status_code == 403


async def test_a_candidature_not_accepted_has_no_dates_to_change(
    client: httpx.AsyncClient, container: Container
) -> None:
    scene = await a_scene(container)
    sent = await sent_by_the_prescriber(client, container, scene)

    response = await change(client, container, sent["id"], bearer(container, scene.employer), hiring_start_at=21)

    assert (response.status_code, response.json()["type"]) == (409, PROBLEMS + "candidature-not-accepted")


async def test_an_end_before_the_start_is_422(client: httpx.AsyncClient, container: Container) -> None:
    scene = await a_scene(container)
    candidature = await hired(client, container, scene, starts_in=7)

    response = await change(
        client, container, candidature["id"], bearer(container, scene.employer), hiring_start_at=21, hiring_end_at=20
    )

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "invalid-hiring-dates")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/hiring_end_at"]
