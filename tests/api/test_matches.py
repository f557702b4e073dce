"""GET /job-seekers/{id}/matches: postings ranked for one job seeker."""

from typing import Any

import httpx
import pytest

from api.bootstrap import Container
from domain.companies.companies import CompanyKind
from domain.identity.users import UserKind
from domain.matching.ranking import IAE_EMPLOYER, NON_IAE_EMPLOYER, WISHED_JOB
from tests.api.approval_scenes import a_diagnosis
from tests.builders.companies import a_company, a_job_posting, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation

pytestmark = pytest.mark.anyio

PROBLEMS = "https://tremplin.inclusion.example/problems/"
BAKER, FORKLIFT_DRIVER = "11573", "11679"  # ROME D1102 and N1101


async def matches(
    client: httpx.AsyncClient, container: Container, holder: Any, job_seeker: Any, **params: Any
) -> httpx.Response:
    return await client.get(
        f"/api/v1/job-seekers/{job_seeker.id}/matches", params=params, headers=bearer(container, holder)
    )


async def a_seeker_in_paris(container: Container, **fields: Any) -> tuple[Any, Any]:
    holder = await a_user(container, kind=UserKind.JOB_SEEKER)
    job_seeker = await a_job_seeker(container, created_by=holder, commune="75056", **fields)
    return holder, job_seeker


async def test_postings_of_his_wished_job_come_first_with_the_reason(
    client: httpx.AsyncClient, container: Container
) -> None:
    nearer = await a_company(container, commune="75111")
    farther = await a_company(container, commune="94041")
    other = await a_job_posting(container, nearer, appellation_code=BAKER)
    wished = await a_job_posting(container, farther, appellation_code=FORKLIFT_DRIVER)
    holder, job_seeker = await a_seeker_in_paris(container, wished_rome_codes=("N1101",))

    response = await matches(client, container, holder, job_seeker)

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [item["id"] for item in items] == [str(wished.id), str(other.id)]
    assert WISHED_JOB in items[0]["reasons"] and WISHED_JOB not in items[1]["reasons"]
    assert items[0]["score"] > items[1]["score"]
    assert all(0 <= item["score"] <= 1 and item["distance_km"] < 25 for item in items)


async def test_a_company_he_has_a_pending_candidature_with_is_left_out(
    client: httpx.AsyncClient, container: Container
) -> None:
    applied, other = await a_company(container, commune="75111"), await a_company(container, commune="94041")
    await a_job_posting(container, applied)
    untouched = await a_job_posting(container, other)
    holder, job_seeker = await a_seeker_in_paris(container)
    sent = await client.post(
        "/api/v1/candidatures", json={"company_id": str(applied.id)}, headers=bearer(container, holder)
    )
    assert sent.status_code == 201, sent.text

    response = await matches(client, container, holder, job_seeker)

    assert [item["id"] for item in response.json()["items"]] == [str(untouched.id)]


async def test_without_eligibility_employers_outside_the_iae_are_favoured(
    client: httpx.AsyncClient, container: Container
) -> None:
    await a_job_posting(container, await a_company(container, kind=CompanyKind.GEIQ))
    holder, job_seeker = await a_seeker_in_paris(container)

    response = await matches(client, container, holder, job_seeker)

    assert NON_IAE_EMPLOYER in response.json()["items"][0]["reasons"]


async def test_a_habilitated_prescribers_diagnosis_favours_the_siae(
    client: httpx.AsyncClient, container: Container
) -> None:
    await a_job_posting(container, await a_company(container, kind=CompanyKind.ACI))
    holder, job_seeker = await a_seeker_in_paris(container)
    await a_diagnosis(container, job_seeker, await an_organisation(container))

    response = await matches(client, container, holder, job_seeker)

    assert IAE_EMPLOYER in response.json()["items"][0]["reasons"]


async def test_postings_beyond_the_distance_are_not_suggested(client: httpx.AsyncClient, container: Container) -> None:
    await a_job_posting(container, await a_company(container, commune="69123"))
    holder, job_seeker = await a_seeker_in_paris(container)

    response = await matches(client, container, holder, job_seeker, distance_km=100)

    assert response.json()["items"] == []


async def test_a_profile_without_commune_cannot_be_matched(client: httpx.AsyncClient, container: Container) -> None:
    holder = await a_user(container, kind=UserKind.JOB_SEEKER)
    job_seeker = await a_job_seeker(container, created_by=holder)

    response = await matches(client, container, holder, job_seeker)

    assert response.status_code == 422
    assert response.json()["type"] == PROBLEMS + "job-seeker-without-commune"


async def test_an_employer_who_does_not_know_him_is_told_he_does_not_exist(
    client: httpx.AsyncClient, container: Container
) -> None:
    _, job_seeker = await a_seeker_in_paris(container)
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    response = await matches(client, container, employer, job_seeker)

    assert response.status_code == 404


async def test_anonymous_callers_are_asked_to_authenticate(client: httpx.AsyncClient, container: Container) -> None:
    _, job_seeker = await a_seeker_in_paris(container)

    response = await client.get(f"/api/v1/job-seekers/{job_seeker.id}/matches")

    assert response.status_code == 401


@pytest.mark.parametrize("params", [{"distance_km": 0}, {"distance_km": 101}, {"limit": 0}, {"limit": 101}])
async def test_out_of_range_parameters_are_refused_naming_them(
    client: httpx.AsyncClient, container: Container, params: dict[str, int]
) -> None:
    holder, job_seeker = await a_seeker_in_paris(container)

    response = await matches(client, container, holder, job_seeker, **params)

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == f"/query/{next(iter(params))}"
