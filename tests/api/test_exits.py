"""Exits of hires and their follow-ups over HTTP: recording, correcting, refusals."""

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.identity.users import UserKind
from tests.api.back_in_time import on_the_day
from tests.api.candidature_scenes import CANDIDATURES, Scene, a_scene, sent_by_the_prescriber
from tests.builders.identity import a_user, bearer

pytestmark = pytest.mark.anyio


@pytest.fixture
async def scene(container: Container) -> Scene:
    return await a_scene(container)


def today(container: Container) -> date:
    return paris_date(container.clock.now())


async def a_hire(client: httpx.AsyncClient, container: Container, scene: Scene) -> str:
    """A candidature sent and accepted 400 days ago, the hire starting that day."""
    start = today(container) - timedelta(days=400)
    with on_the_day(container, start):
        candidature = await sent_by_the_prescriber(client, container, scene)
        response = await client.post(
            f"{CANDIDATURES}/{candidature['id']}/accept",
            json={"hiring_start_at": start.isoformat()},
            headers=bearer(container, scene.employer),
        )
    assert response.status_code == 200, response.text
    return str(candidature["id"])


def an_exit(container: Container, **changes: Any) -> dict[str, Any]:
    left = today(container) - timedelta(days=200)  # 3 and 6 months have come, 12 not yet
    return {"exit_at": left.isoformat(), "hours_worked": 812, "exit_kind": "transition_employment", **changes}


async def test_the_employer_records_the_exit_of_a_hire(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    response = await client.post(
        f"{CANDIDATURES}/{hire}/exit", json=an_exit(container), headers=bearer(container, scene.employer)
    )
    assert response.status_code == 201, response.text
    read = await client.get(f"{CANDIDATURES}/{hire}/exit", headers=bearer(container, scene.prescriber))
    assert (read.json()["hours_worked"], read.json()["exit_kind"]) == (812, "transition_employment")


async def test_a_second_exit_of_one_hire_is_a_conflict(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    headers = bearer(container, scene.employer)
    await client.post(f"{CANDIDATURES}/{hire}/exit", json=an_exit(container), headers=headers)
    response = await client.post(f"{CANDIDATURES}/{hire}/exit", json=an_exit(container), headers=headers)
    assert (response.status_code, response.json()["type"].rsplit("/", 1)[1]) == (409, "exit-already-recorded")


async def test_a_candidature_not_accepted_has_no_exit(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)
    response = await client.post(
        f"{CANDIDATURES}/{candidature['id']}/exit", json=an_exit(container), headers=bearer(container, scene.employer)
    )
    assert (response.status_code, response.json()["type"].rsplit("/", 1)[1]) == (409, "hire-required")


async def test_the_prescriber_who_sees_the_hire_may_not_record_its_exit(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    response = await client.post(
        f"{CANDIDATURES}/{hire}/exit", json=an_exit(container), headers=bearer(container, scene.prescriber)
    )
    assert response.status_code == 403


async def test_an_employer_of_another_company_is_told_the_hire_does_not_exist(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    stranger = await a_user(container, kind=UserKind.EMPLOYER)
    response = await client.post(
        f"{CANDIDATURES}/{hire}/exit", json=an_exit(container), headers=bearer(container, stranger)
    )
    assert response.status_code == 404


async def test_negative_hours_are_refused_naming_the_field(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    response = await client.post(
        f"{CANDIDATURES}/{hire}/exit",
        json=an_exit(container, hours_worked=-3),
        headers=bearer(container, scene.employer),
    )
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/hours_worked"]


async def test_an_exit_before_the_hiring_start_is_refused_naming_the_field(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    early = (today(container) - timedelta(days=401)).isoformat()
    response = await client.post(
        f"{CANDIDATURES}/{hire}/exit", json=an_exit(container, exit_at=early), headers=bearer(container, scene.employer)
    )
    assert (response.status_code, [e["pointer"] for e in response.json()["errors"]]) == (422, ["/exit_at"])


async def test_a_follow_up_is_recorded_then_corrected_with_an_audit(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    headers = bearer(container, scene.employer)
    await client.post(f"{CANDIDATURES}/{hire}/exit", json=an_exit(container), headers=headers)
    recorded = await client.post(
        f"{CANDIDATURES}/{hire}/exit/follow-ups", json={"horizon_months": 6, "situation": "no_news"}, headers=headers
    )
    corrected = await client.put(
        f"{CANDIDATURES}/{hire}/exit/follow-ups/6", json={"situation": "durable_employment"}, headers=headers
    )
    assert (recorded.status_code, corrected.status_code) == (201, 200)
    assert corrected.json()["follow_ups"][0]["situation"] == "durable_employment"
    (audit,) = corrected.json()["corrections"]
    assert (audit["field"], audit["horizon_months"], audit["previous"]) == ("situation", 6, "no_news")
    assert audit["corrected_by"] == str(scene.employer.id)


async def test_a_follow_up_before_its_date_is_refused(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    headers = bearer(container, scene.employer)
    await client.post(f"{CANDIDATURES}/{hire}/exit", json=an_exit(container), headers=headers)
    response = await client.post(
        f"{CANDIDATURES}/{hire}/exit/follow-ups", json={"horizon_months": 12, "situation": "no_news"}, headers=headers
    )
    assert (response.status_code, response.json()["type"].rsplit("/", 1)[1]) == (422, "follow-up-too-early")


async def test_a_follow_up_at_another_horizon_is_refused_naming_the_field(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    headers = bearer(container, scene.employer)
    await client.post(f"{CANDIDATURES}/{hire}/exit", json=an_exit(container), headers=headers)
    response = await client.post(
        f"{CANDIDATURES}/{hire}/exit/follow-ups", json={"horizon_months": 4, "situation": "no_news"}, headers=headers
    )
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/horizon_months"]


async def test_correcting_the_exit_keeps_the_previous_value(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    hire = await a_hire(client, container, scene)
    headers = bearer(container, scene.employer)
    await client.post(f"{CANDIDATURES}/{hire}/exit", json=an_exit(container), headers=headers)
    response = await client.put(
        f"{CANDIDATURES}/{hire}/exit", json=an_exit(container, hours_worked=450), headers=headers
    )
    assert response.status_code == 200
    assert [(c["field"], c["previous"], c["corrected"]) for c in response.json()["corrections"]] == [
        ("hours_worked", "812", "450")
    ]
