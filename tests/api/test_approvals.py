"""GET /approvals/{number} and POST /approvals/{number}/suspensions."""

from datetime import timedelta

import httpx
import pytest

from api.bootstrap import Container
from api.settings import SettingsError, load_settings
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from tests.api.approval_scenes import Hire, a_hire, a_partner_token
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer

PROBLEMS = "https://tremplin.inclusion.example/problems/"


def url(number: str) -> str:
    return f"/api/v1/approvals/{number}"


async def test_the_holder_reads_his_pass(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    response = await client.get(url(hire.number), headers=bearer(container, hire.holder))

    assert response.status_code == 200
    assert response.json() == {
        "number": hire.number,
        "number_display": f"{hire.number[:5]} {hire.number[5:7]} {hire.number[7:]}",
        "job_seeker_id": str(hire.job_seeker.id),
        "start_at": hire.today.isoformat(),
        "end_at": (hire.today + timedelta(days=729)).isoformat(),
        "status": "valid",
        "remaining_days": 730,
        "suspensions": [],
        "prolongations": [],
    }


async def test_a_number_is_read_with_spaces(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    spaced = f"{hire.number[:5]} {hire.number[5:7]} {hire.number[7:]}"

    response = await client.get(url(spaced), headers=bearer(container, hire.employer))

    assert (response.status_code, response.json()["number"]) == (200, hire.number)


async def test_the_prescriber_whose_organisation_diagnosed_reads_it(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)

    assert (await client.get(url(hire.number), headers=bearer(container, hire.prescriber))).status_code == 200


async def test_staff_read_it(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    staff = await a_user(container, kind=UserKind.STAFF)

    assert (await client.get(url(hire.number), headers=bearer(container, staff))).status_code == 200


async def test_a_partner_of_the_hiring_company_reads_it_with_approvals_read(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    headers = await a_partner_token(container, hire.company, scopes=frozenset({Scope.APPROVALS_READ}))

    assert (await client.get(url(hire.number), headers=headers)).status_code == 200


async def test_a_partner_without_approvals_read_is_403(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    headers = await a_partner_token(container, hire.company, scopes=frozenset({Scope.CANDIDATURES_READ}))

    assert (await client.get(url(hire.number), headers=headers)).status_code == 403


async def test_another_employer_is_told_it_does_not_exist(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    other = await a_company(container)
    stranger = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(other))

    response = await client.get(url(hire.number), headers=bearer(container, stranger))

    assert (response.status_code, response.json()["type"]) == (404, PROBLEMS + "approval-not-found")


async def test_reading_a_pass_needs_a_token(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    assert (await client.get(url(hire.number))).status_code == 401


async def test_a_malformed_number_is_422_naming_it(client: httpx.AsyncClient, container: Container) -> None:
    staff = await a_user(container, kind=UserKind.STAFF)

    response = await client.get(url("99999-00-00001"), headers=bearer(container, staff))

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/path/number"]


# -- suspensions ----------------------------------------------------------------


async def suspend(client: httpx.AsyncClient, container: Container, hire: Hire, **body: object) -> httpx.Response:
    payload = {
        "start_at": hire.today.isoformat(),
        "end_at": (hire.today + timedelta(days=29)).isoformat(),
        "reason": "contract_suspended",
        **body,
    }
    return await client.post(url(hire.number) + "/suspensions", json=payload, headers=bearer(container, hire.employer))


async def test_the_employer_suspends_and_the_end_date_moves(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    response = await suspend(client, container, hire)

    assert response.status_code == 201
    approval = response.json()
    assert approval["status"] == "suspended"
    assert approval["end_at"] == (hire.today + timedelta(days=729 + 30)).isoformat()
    assert [(s["start_at"], s["reason"], s["company_id"]) for s in approval["suspensions"]] == [
        (hire.today.isoformat(), "contract_suspended", str(hire.company.id))
    ]


async def test_overlapping_suspensions_are_409(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    await suspend(client, container, hire)

    response = await suspend(client, container, hire, start_at=(hire.today + timedelta(days=10)).isoformat())

    assert (response.status_code, response.json()["type"]) == (409, PROBLEMS + "suspension-overlap")


async def test_a_suspension_longer_than_36_months_is_422_naming_the_rule(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)

    response = await suspend(client, container, hire, end_at=(hire.today + timedelta(days=3 * 366)).isoformat())

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "suspension-too-long")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/end_at"]


async def test_an_unknown_reason_is_422_naming_the_field(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    response = await suspend(client, container, hire, reason="holidays")

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/reason"]


async def test_the_holder_may_not_suspend_his_pass(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    body = {"start_at": hire.today.isoformat(), "end_at": hire.today.isoformat(), "reason": "contract_broken"}

    response = await client.post(url(hire.number) + "/suspensions", json=body, headers=bearer(container, hire.holder))

    assert response.status_code == 403


def test_the_pass_iae_prefix_setting_is_five_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TREMPLIN_PASS_IAE_PREFIX", "9999")

    with pytest.raises(SettingsError, match="TREMPLIN_PASS_IAE_PREFIX"):
        load_settings()
