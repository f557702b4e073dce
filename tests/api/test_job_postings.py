"""POST /companies/{id}/job-postings, GET and PATCH /job-postings/{id}."""

import uuid
from typing import Any

import httpx

from api.bootstrap import Container
from domain.companies.companies import Company
from domain.identity.users import User, UserKind
from tests.builders.companies import a_company, a_job_posting, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import an_organisation, organisation_tenant

POSTING_FIELDS = {
    "id", "company_id", "company_name", "company_kind", "appellation_code", "appellation", "rome_code",
    "title", "description", "contract_type", "hours_per_week", "commune", "city", "open_positions",
    "is_active", "created_at", "updated_at",
}  # fmt: skip
PROBLEMS = "https://tremplin.inclusion.example/problems/"
BAKER = {"appellation_code": "11573", "contract_type": "fixed_term_i"}


async def an_employer_of(container: Container, company: Company) -> User:
    return await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))


async def publish(
    client: httpx.AsyncClient, container: Container, company: Company, user: User, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/companies/{company.id}/job-postings", json=body or BAKER, headers=bearer(container, user)
    )


def pointers(response: httpx.Response) -> list[str]:
    return [error["pointer"] for error in response.json()["errors"]]


async def test_a_member_publishes_a_posting_with_every_field(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container, commune="75111")
    employer = await an_employer_of(container, company)
    body = {
        "appellation_code": "16067",
        "contract_type": "fixed_term_i",
        "title": "Jardinier en chantier d'insertion",
        "description": "Entretien des espaces verts de la ville.",
        "hours_per_week": 26,
        "commune": "93010",
        "open_positions": 3,
        "is_active": True,
    }

    response = await publish(client, container, company, employer, **body)

    assert response.status_code == 201, response.text
    posting = response.json()
    assert posting.keys() >= POSTING_FIELDS
    assert {key: posting[key] for key in body} == body
    assert (posting["company_id"], posting["company_name"], posting["company_kind"]) == (
        str(company.id),
        company.name,
        "EI",
    )
    assert (posting["appellation"], posting["rome_code"]) == ("Jardinier / Jardinière", "A1203")
    assert posting["city"] == "Bondy"


async def test_a_published_posting_is_read_back_by_id(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    created = (await publish(client, container, company, await an_employer_of(container, company))).json()

    response = await client.get(f"/api/v1/job-postings/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created


async def test_a_posting_is_placed_at_the_company_unless_told(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container, commune="94041")

    response = await publish(client, container, company, await an_employer_of(container, company))

    assert (response.json()["commune"], response.json()["city"]) == ("94041", "Ivry-sur-Seine")


async def test_without_a_custom_title_the_appellation_is_the_title(
    client: httpx.AsyncClient, container: Container
) -> None:
    company = await a_company(container)

    response = await publish(client, container, company, await an_employer_of(container, company))

    assert response.json()["title"] == "Boulanger / Boulangère"


async def test_an_unknown_appellation_is_422_naming_the_field(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)

    response = await publish(
        client, container, company, await an_employer_of(container, company), **{**BAKER, "appellation_code": "999999"}
    )

    assert response.status_code == 422
    assert response.json()["type"] == PROBLEMS + "invalid-job-posting"
    assert pointers(response) == ["/appellation_code"]


async def test_an_unknown_commune_is_422_naming_the_field(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)

    response = await publish(
        client, container, company, await an_employer_of(container, company), **{**BAKER, "commune": "99999"}
    )

    assert response.status_code == 422
    assert pointers(response) == ["/commune"]


async def test_more_than_48_hours_a_week_is_refused(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)

    response = await publish(
        client, container, company, await an_employer_of(container, company), **{**BAKER, "hours_per_week": 49}
    )

    assert response.status_code == 422
    assert pointers(response) == ["/hours_per_week"]


async def test_an_unknown_contract_type_is_refused(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)

    response = await publish(
        client, container, company, await an_employer_of(container, company), **{**BAKER, "contract_type": "cdi"}
    )

    assert response.status_code == 422
    assert pointers(response) == ["/contract_type"]


async def test_a_member_of_another_company_may_not_publish(client: httpx.AsyncClient, container: Container) -> None:
    company, other = await a_company(container), await a_company(container)

    response = await publish(client, container, company, await an_employer_of(container, other))

    assert response.status_code == 403
    assert (await client.get(f"/api/v1/companies/{company.id}")).json()["active_job_postings"] == 0


async def test_a_prescriber_may_not_publish(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    organisation = await an_organisation(container)
    prescriber = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))

    response = await publish(client, container, company, prescriber)

    assert response.status_code == 403


async def test_publishing_without_a_token_is_401(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)

    response = await client.post(f"/api/v1/companies/{company.id}/job-postings", json=BAKER)

    assert response.status_code == 401


async def test_publishing_for_an_unknown_company_is_404(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await an_employer_of(container, company)

    response = await client.post(
        f"/api/v1/companies/{uuid.uuid4()}/job-postings", json=BAKER, headers=bearer(container, employer)
    )

    assert response.status_code == 404


async def test_an_unknown_posting_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/api/v1/job-postings/{uuid.uuid4()}")

    assert response.status_code == 404


async def test_a_member_changes_only_the_fields_sent(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await an_employer_of(container, company)
    posting = await a_job_posting(container, company)

    response = await client.patch(
        f"/api/v1/job-postings/{posting.id}",
        json={"open_positions": 4, "hours_per_week": 30},
        headers=bearer(container, employer),
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["open_positions"], body["hours_per_week"]) == (4, 30)
    assert (body["appellation_code"], body["contract_type"], body["commune"]) == ("11573", "fixed_term_i", "75111")


async def test_a_new_appellation_brings_its_rome_code(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    posting = await a_job_posting(container, company, appellation_code="11573")

    response = await client.patch(
        f"/api/v1/job-postings/{posting.id}",
        json={"appellation_code": "11679"},
        headers=bearer(container, await an_employer_of(container, company)),
    )

    assert (response.json()["rome_code"], response.json()["appellation"]) == ("N1101", "Cariste")


async def test_a_new_commune_brings_its_city(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    posting = await a_job_posting(container, company)

    response = await client.patch(
        f"/api/v1/job-postings/{posting.id}",
        json={"commune": "69123"},
        headers=bearer(container, await an_employer_of(container, company)),
    )

    assert (response.json()["commune"], response.json()["city"]) == ("69123", "Lyon")


async def test_patching_an_unknown_appellation_is_422_naming_the_field(
    client: httpx.AsyncClient, container: Container
) -> None:
    company = await a_company(container)
    posting = await a_job_posting(container, company)

    response = await client.patch(
        f"/api/v1/job-postings/{posting.id}",
        json={"appellation_code": "999999"},
        headers=bearer(container, await an_employer_of(container, company)),
    )

    assert response.status_code == 422
    assert pointers(response) == ["/appellation_code"]
    assert (await client.get(f"/api/v1/job-postings/{posting.id}")).json()["appellation_code"] == "11573"


async def test_a_required_field_may_not_be_set_to_null(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    posting = await a_job_posting(container, company)

    response = await client.patch(
        f"/api/v1/job-postings/{posting.id}",
        json={"contract_type": None},
        headers=bearer(container, await an_employer_of(container, company)),
    )

    assert response.status_code == 422
    assert pointers(response) == ["/contract_type"]


async def test_a_member_of_another_company_may_not_edit_a_posting(
    client: httpx.AsyncClient, container: Container
) -> None:
    company, other = await a_company(container), await a_company(container)
    posting = await a_job_posting(container, company)

    response = await client.patch(
        f"/api/v1/job-postings/{posting.id}",
        json={"open_positions": 0},
        headers=bearer(container, await an_employer_of(container, other)),
    )

    assert response.status_code == 403
    assert (await client.get(f"/api/v1/job-postings/{posting.id}")).json()["open_positions"] == 1


async def test_editing_an_unknown_posting_is_404(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)

    response = await client.patch(
        f"/api/v1/job-postings/{uuid.uuid4()}",
        json={"open_positions": 0},
        headers=bearer(container, await an_employer_of(container, company)),
    )

    assert response.status_code == 404


async def test_a_closed_posting_stays_readable_by_id(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    posting = await a_job_posting(container, company)

    await client.patch(
        f"/api/v1/job-postings/{posting.id}",
        json={"is_active": False},
        headers=bearer(container, await an_employer_of(container, company)),
    )

    response = await client.get(f"/api/v1/job-postings/{posting.id}")
    assert response.status_code == 200
    assert response.json()["is_active"] is False


async def test_a_closed_posting_leaves_the_search(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    closed, kept = await a_job_posting(container, company), await a_job_posting(container, company)

    await client.patch(
        f"/api/v1/job-postings/{closed.id}",
        json={"is_active": False},
        headers=bearer(container, await an_employer_of(container, company)),
    )

    found = (await client.get("/api/v1/job-postings", params={"commune": "75111"})).json()["items"]
    assert [item["id"] for item in found] == [str(kept.id)]
