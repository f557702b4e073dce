"""Indicators of a company and of a department over HTTP."""

from typing import Any

import httpx
import pytest

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from tests.api.candidature_scenes import CANDIDATURES, Scene, a_partner_token, a_scene, sent_by_the_prescriber
from tests.builders.companies import company_tenant
from tests.builders.identity import a_user, bearer

pytestmark = pytest.mark.anyio


@pytest.fixture
async def scene(container: Container) -> Scene:
    return await a_scene(container)


def this_year(container: Container) -> dict[str, str]:
    today = paris_date(container.clock.now())
    return {"from": today.replace(month=1, day=1).isoformat(), "to": today.isoformat()}


async def a_hire_that_ended(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)
    today, headers = paris_date(container.clock.now()), bearer(container, scene.employer)
    accepted = await client.post(
        f"{CANDIDATURES}/{candidature['id']}/accept", json={"hiring_start_at": today.isoformat()}, headers=headers
    )
    assert accepted.status_code == 200, accepted.text
    body = {"exit_at": today.isoformat(), "hours_worked": 500, "exit_kind": "durable_employment"}
    recorded = await client.post(f"{CANDIDATURES}/{candidature['id']}/exit", json=body, headers=headers)
    assert recorded.status_code == 201, recorded.text


async def indicators_of(client: httpx.AsyncClient, path: str, headers: dict[str, str], **params: str) -> httpx.Response:
    return await client.get(f"/api/v1/{path}/indicators", params=params, headers=headers)


async def test_an_employer_reads_the_indicators_of_his_company(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    await a_hire_that_ended(client, container, scene)
    response = await indicators_of(
        client, f"companies/{scene.company.id}", bearer(container, scene.employer), **this_year(container)
    )
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    assert report["candidatures"]["by_sender_kind"]["prescriber"] == 1
    assert report["candidatures"]["prescriber_acceptance_ratio"] == 1.0
    assert report["exits"]["by_kind"]["durable_employment"] == 1
    at_exit = report["exits"]["rates"][0]
    assert (at_exit["horizon_months"], at_exit["official_rate"], at_exit["uriae_rate"]) == (0, 1.0, 1.0)


async def test_a_prescriber_may_not_read_the_indicators_of_a_company(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    response = await indicators_of(
        client, f"companies/{scene.company.id}", bearer(container, scene.prescriber), **this_year(container)
    )
    assert response.status_code == 403


async def test_staff_reads_the_indicators_of_a_department(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    await a_hire_that_ended(client, container, scene)
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await indicators_of(
        client, f"departments/{scene.company.department}", bearer(container, staff), **this_year(container)
    )
    assert (response.status_code, response.json()["candidatures"]["received"]) == (200, 1)


async def test_a_partner_with_indicators_read_reads_a_department(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    headers = await a_partner_token(container, company_tenant(scene.company), scopes=frozenset({Scope.INDICATORS_READ}))
    response = await indicators_of(client, "departments/75", headers, **this_year(container))
    assert response.status_code == 200


async def test_an_employer_may_not_read_the_indicators_of_a_department(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    response = await indicators_of(client, "departments/75", bearer(container, scene.employer), **this_year(container))
    assert response.status_code == 403


async def test_an_unknown_department_code_is_refused(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await indicators_of(client, "departments/99", bearer(container, staff), **this_year(container))
    assert (response.status_code, response.json()["type"].rsplit("/", 1)[1]) == (422, "invalid-department")


async def test_a_period_is_required(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await indicators_of(client, "departments/75", bearer(container, staff))
    assert response.status_code == 422


async def test_a_period_ending_before_it_starts_is_refused_naming_to(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await indicators_of(
        client, "departments/75", bearer(container, staff), **{"from": "2026-02-01", "to": "2026-01-31"}
    )
    assert (response.status_code, [e["pointer"] for e in response.json()["errors"]]) == (422, ["/to"])
