"""Dates are plausible (DOMAIN.md, "Input rules"), over HTTP: every date of a
body or a query lies in 1900-01-01..2100-12-31; a hire starts from today to
6 months ahead (a GEIQ may declare one begun); a birthdate gives 16 to 100
years; a date that would be computed past the calendar is a 422, never a 500."""

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.companies.companies import CompanyKind
from domain.dates import add_months
from domain.identity.users import UserKind
from tests.api import approval_scenes
from tests.api.candidature_scenes import CANDIDATURES, a_scene, sent_by_the_prescriber
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import an_organisation, organisation_tenant

pytestmark = pytest.mark.anyio


def today(container: Container) -> date:
    return paris_date(container.clock.now())


def problem_of(response: httpx.Response) -> tuple[int, str, list[str]]:
    body = response.json()
    return response.status_code, body["type"].rsplit("/", 1)[1], [e["pointer"] for e in body.get("errors", [])]


async def accepting(
    client: httpx.AsyncClient, container: Container, *, kind: CompanyKind, **body: Any
) -> httpx.Response:
    scene = await a_scene(container, kind=kind)
    candidature = await sent_by_the_prescriber(client, container, scene)
    return await client.post(
        f"{CANDIDATURES}/{candidature['id']}/accept",
        json={key: value.isoformat() for key, value in body.items()},
        headers=bearer(container, scene.employer),
    )


# -- hiring ----------------------------------------------------------------------------------------


async def test_a_hire_may_start_today(client: httpx.AsyncClient, container: Container) -> None:
    response = await accepting(client, container, kind=CompanyKind.EI, hiring_start_at=today(container))
    assert response.status_code == 200, response.text


async def test_a_hire_that_started_yesterday_is_refused(client: httpx.AsyncClient, container: Container) -> None:
    yesterday = today(container) - timedelta(days=1)
    response = await accepting(client, container, kind=CompanyKind.EI, hiring_start_at=yesterday)
    assert problem_of(response) == (422, "hiring-start-in-the-past", ["/hiring_start_at"])


async def test_a_geiq_may_declare_a_hire_that_started_yesterday(
    client: httpx.AsyncClient, container: Container
) -> None:
    yesterday = today(container) - timedelta(days=1)
    response = await accepting(client, container, kind=CompanyKind.GEIQ, hiring_start_at=yesterday)
    assert response.status_code == 200, response.text
    assert (response.json()["state"], response.json()["hiring_start_at"]) == ("accepted", yesterday.isoformat())


async def test_a_hire_may_start_six_months_ahead(client: httpx.AsyncClient, container: Container) -> None:
    start = add_months(today(container), 6)
    response = await accepting(client, container, kind=CompanyKind.EI, hiring_start_at=start)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("kind", [CompanyKind.EI, CompanyKind.GEIQ])
async def test_a_hire_seven_months_ahead_is_refused(
    client: httpx.AsyncClient, container: Container, kind: CompanyKind
) -> None:
    start = add_months(today(container), 7)
    response = await accepting(client, container, kind=kind, hiring_start_at=start)
    assert problem_of(response) == (422, "hiring-start-too-far-ahead", ["/hiring_start_at"])


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"hiring_start_at": date(2101, 1, 1)}, "/hiring_start_at"),
        ({"hiring_start_at": date(9999, 12, 31)}, "/hiring_start_at"),
        ({"hiring_start_at": date(1899, 12, 31)}, "/hiring_start_at"),
    ],
    ids=["2101", "9999", "1899"],
)
async def test_a_hiring_date_outside_1900_2100_is_a_422_naming_it(
    client: httpx.AsyncClient, container: Container, body: dict[str, date], pointer: str
) -> None:
    response = await accepting(client, container, kind=CompanyKind.GEIQ, **body)
    assert problem_of(response) == (422, "validation-error", [pointer])


async def test_a_hiring_end_in_9999_is_a_422_naming_it(client: httpx.AsyncClient, container: Container) -> None:
    response = await accepting(
        client, container, kind=CompanyKind.EI, hiring_start_at=today(container), hiring_end_at=date(9999, 12, 31)
    )
    assert problem_of(response) == (422, "validation-error", ["/hiring_end_at"])


# -- birthdates ----------------------------------------------------------------------------------


@pytest.fixture
async def prescriber(container: Container) -> dict[str, str]:
    agency = await an_organisation(container)
    return bearer(container, await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(agency)))


@pytest.mark.parametrize("birthdate", ["1899-12-31", "2101-01-01", "0001-01-01"])
async def test_a_birthdate_outside_1900_2100_is_a_422(
    client: httpx.AsyncClient, prescriber: dict[str, str], birthdate: str
) -> None:
    body = {"first_name": "Samir", "last_name": "B", "birthdate": birthdate}
    response = await client.post("/api/v1/job-seekers", json=body, headers=prescriber)
    assert problem_of(response) == (422, "validation-error", ["/birthdate"])


@pytest.mark.parametrize(("age", "accepted"), [(15, False), (16, True), (100, True), (101, False)])
async def test_a_birthdate_gives_an_age_of_16_to_100(
    client: httpx.AsyncClient, container: Container, prescriber: dict[str, str], age: int, accepted: bool
) -> None:
    born_this_day = add_months(today(container), -12 * age)
    body = {"first_name": "Samir", "last_name": "B", "birthdate": born_this_day.isoformat()}
    response = await client.post("/api/v1/job-seekers", json=body, headers=prescriber)
    if accepted:
        assert response.status_code == 201, response.text
    else:
        assert problem_of(response) == (422, "implausible-birthdate", ["/birthdate"])


# -- PASS IAE: suspensions and prolongations --------------------------------------------------------


async def test_a_suspension_ending_in_9999_is_a_422_not_a_crash(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await approval_scenes.a_hire(container)
    body = {"start_at": hire.today.isoformat(), "end_at": "9999-12-31", "reason": "contract_suspended"}
    response = await client.post(
        f"/api/v1/approvals/{hire.number}/suspensions", json=body, headers=bearer(container, hire.employer)
    )
    assert problem_of(response) == (422, "validation-error", ["/end_at"])


async def test_a_prolongation_whose_end_would_overflow_is_a_422_not_a_crash(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await approval_scenes.a_hire(container)
    body = {"reason": "senior_cdi", "end_at": "9999-12-31"}
    response = await client.post(
        f"/api/v1/approvals/{hire.number}/prolongation-requests", json=body, headers=bearer(container, hire.employer)
    )
    assert problem_of(response) == (422, "validation-error", ["/end_at"])


async def test_a_ten_year_prolongation_within_the_window_is_granted(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await approval_scenes.a_hire(container)
    headers = bearer(container, hire.employer)
    approval = (await client.get(f"/api/v1/approvals/{hire.number}", headers=headers)).json()
    end = date.fromisoformat(approval["end_at"]) + timedelta(days=3650)
    response = await client.post(
        f"/api/v1/approvals/{hire.number}/prolongation-requests",
        json={"reason": "senior_cdi", "end_at": end.isoformat()},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    assert (response.json()["end_at"], response.json()["prolongations"][-1]["status"]) == (end.isoformat(), "granted")


# -- exits and indicators -------------------------------------------------------------------------------


async def test_an_exit_in_year_1_is_a_422(client: httpx.AsyncClient, container: Container) -> None:
    scene = await a_scene(container, kind=CompanyKind.GEIQ)
    candidature = await sent_by_the_prescriber(client, container, scene)
    url, employer = f"{CANDIDATURES}/{candidature['id']}", bearer(container, scene.employer)
    hired = await client.post(f"{url}/accept", json={"hiring_start_at": today(container).isoformat()}, headers=employer)
    assert hired.status_code == 200, hired.text
    body = {"exit_at": "0001-01-01", "hours_worked": 10, "exit_kind": "no_news"}
    response = await client.post(f"{url}/exit", json=body, headers=employer)
    assert problem_of(response) == (422, "validation-error", ["/exit_at"])


@pytest.mark.parametrize(
    ("period", "problem", "pointer"),
    [
        ({"from": "1899-12-31", "to": "2026-01-31"}, "validation-error", "/query/from"),
        ({"from": "2026-01-01", "to": "2101-01-01"}, "validation-error", "/query/to"),
        ({"from": "2026-02-01", "to": "2026-01-31"}, "invalid-period", "/to"),
    ],
    ids=["from-1899", "to-2101", "from-after-to"],
)
async def test_an_indicator_period_out_of_the_window_or_reversed_is_a_422(
    client: httpx.AsyncClient, container: Container, period: dict[str, str], problem: str, pointer: str
) -> None:
    staff = bearer(container, await a_user(container, kind=UserKind.STAFF))
    response = await client.get("/api/v1/departments/75/indicators", params=period, headers=staff)
    assert problem_of(response) == (422, problem, [pointer])


async def test_an_indicator_period_spanning_the_whole_window_is_answered(
    client: httpx.AsyncClient, container: Container
) -> None:
    staff = bearer(container, await a_user(container, kind=UserKind.STAFF))
    period = {"from": "1900-01-01", "to": "2100-12-31"}
    response = await client.get("/api/v1/departments/75/indicators", params=period, headers=staff)
    assert response.status_code == 200, response.text
