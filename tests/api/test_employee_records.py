from typing import Any

import httpx

from api.bootstrap import Container
from domain.companies.companies import CompanyKind
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from tests.api.candidature_scenes import a_partner_token
from tests.api.employee_record_scenes import COMPLETE, RECORDS, a_hire, a_ready_hire
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer

PROBLEMS = "https://tremplin.inclusion.example/problems/"


async def test_accepting_a_hire_in_an_siae_opens_its_employee_record(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(client, container, kind=CompanyKind.ETTI)
    assert (hire.record["state"], hire.record["asp_measure"], hire.record["siret"]) == (
        "new",
        "ETTI_DC",
        hire.company.siret,
    )
    assert hire.record["fields"]["orienteur"] == "03"


async def test_the_employer_completes_the_asp_fields(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(client, container)
    response = await client.patch(
        f"{RECORDS}/{hire.record['id']}", json=COMPLETE, headers=bearer(container, hire.employer)
    )
    assert response.status_code == 200, response.text
    assert response.json()["fields"]["lane_type"] == "RUE"
    assert response.json()["fields"]["situation"]["rsa"] == "OUI-NM"


async def test_a_field_unknown_to_the_asp_referentials_is_a_422_naming_it(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(client, container)
    response = await client.patch(
        f"{RECORDS}/{hire.record['id']}",
        json={"address_commune": "00000", "lane_type": "XYZ"},
        headers=bearer(container, hire.employer),
    )
    assert response.status_code == 422
    problem: dict[str, Any] = response.json()
    assert problem["type"] == PROBLEMS + "invalid-asp-field"
    assert [e["pointer"] for e in problem["errors"]] == ["/lane_type", "/address_commune"]


async def test_ready_refuses_an_incomplete_record_listing_every_missing_field(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(client, container)
    response = await client.post(f"{RECORDS}/{hire.record['id']}/ready", headers=bearer(container, hire.employer))
    assert response.status_code == 422
    assert response.json()["type"] == PROBLEMS + "employee-record-incomplete"
    assert response.json()["missing_fields"] == [
        "title",
        "lane_type",
        "lane_name",
        "address_commune",
        "address_postal_code",
        "education_level",
        "situation",
        "birth_country",
    ]


async def test_a_complete_record_becomes_ready(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_ready_hire(client, container)
    assert hire.record["state"] == "ready"
    assert [h["transition"] for h in hire.record["history"]] == ["ready"]


async def test_the_list_filters_by_state(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_ready_hire(client, container)
    headers = bearer(container, hire.employer)
    assert (await client.get(RECORDS, params={"state": "new"}, headers=headers)).json()["items"] == []
    [ready] = (await client.get(RECORDS, params={"state": "ready"}, headers=headers)).json()["items"]
    assert ready["id"] == hire.record["id"]


async def test_the_list_pages_with_a_cursor(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(client, container)
    staff = await a_user(container, kind=UserKind.STAFF)
    await a_hire(client, container)
    first = await client.get(RECORDS, params={"limit": 1}, headers=bearer(container, staff))
    second = await client.get(first.json()["next"], headers=bearer(container, staff))
    ids = [first.json()["items"][0]["id"], second.json()["items"][0]["id"]]
    assert hire.record["id"] in ids and len(set(ids)) == 2


async def test_another_company_gets_a_404(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(client, container)
    other = await a_company(container)
    stranger = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(other))
    response = await client.get(f"{RECORDS}/{hire.record['id']}", headers=bearer(container, stranger))
    assert response.status_code == 404
    assert response.json()["type"] == PROBLEMS + "employee-record-not-found"


async def test_staff_read_a_record_but_may_not_change_it(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(client, container)
    staff = await a_user(container, kind=UserKind.STAFF)
    url = f"{RECORDS}/{hire.record['id']}"
    assert (await client.get(url, headers=bearer(container, staff))).status_code == 200
    assert (await client.patch(url, json={"lane_type": "AV"}, headers=bearer(container, staff))).status_code == 403


async def test_a_partner_needs_the_employee_records_scope(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(client, container)
    url = f"{RECORDS}/{hire.record['id']}"
    without = await a_partner_token(
        container, company_tenant(hire.company), scopes=frozenset({Scope.CANDIDATURES_READ})
    )
    allowed = await a_partner_token(
        container, company_tenant(hire.company), scopes=frozenset({Scope.EMPLOYEE_RECORDS_WRITE})
    )
    assert (await client.get(url, headers=without)).status_code == 403
    assert (await client.get(url, headers=allowed)).status_code == 200


async def test_making_a_ready_record_ready_again_is_a_409(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_ready_hire(client, container)
    response = await client.post(f"{RECORDS}/{hire.record['id']}/ready", headers=bearer(container, hire.employer))
    assert response.status_code == 409
    assert response.json()["type"] == PROBLEMS + "employee-record-invalid-transition"


async def test_telling_the_asp_again_about_a_record_it_never_got_is_a_409(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_ready_hire(client, container)

    told = await client.post(f"{RECORDS}/{hire.record['id']}/updates", headers=bearer(container, hire.employer))

    assert told.status_code == 409
    assert told.json()["type"] == PROBLEMS + "employee-record-not-declared"
    listed = await client.get(f"{RECORDS}/{hire.record['id']}/updates", headers=bearer(container, hire.employer))
    assert listed.json()["items"] == []
