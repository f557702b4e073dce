"""GET /companies and GET /job-postings around a commune.

The suite runs on SQLite and on PostgreSQL, so these tests also show that
both engines give the same answers."""

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api.bootstrap import Container
from domain.companies.companies import Company, CompanyKind
from domain.companies.job_postings import ContractType, JobPosting
from tests.builders.companies import a_company, a_job_posting

# Marked here too: anyio re-creates the items the root conftest marks late,
# which drops the parametrisation of the refusal tests.
pytestmark = pytest.mark.anyio

PARIS = "75056"
PROBLEMS = "https://tremplin.inclusion.example/problems/"
# Great-circle distances from the centre of Paris, km (see test_search_distances.py).
NEAR_PARIS = [
    ("75111", CompanyKind.EI, 2.63),
    ("94041", CompanyKind.ACI, 6.08),
    ("92036", CompanyKind.GEIQ, 9.05),
    ("93010", CompanyKind.ETTI, 11.27),
    ("78646", CompanyKind.AI, 17.7),
    ("91228", CompanyKind.EI, 26.46),
]


@dataclass(slots=True)
class Region:
    companies: dict[str, Company]  # by commune
    postings: dict[str, JobPosting]  # by commune


@pytest.fixture
async def region(container: Container) -> Region:
    """One company with one posting in each commune of NEAR_PARIS, plus Lyon;
    the Ivry one hires forklift drivers (N1101) on permanent contracts."""
    companies, postings = {}, {}
    for commune, kind, _ in [*NEAR_PARIS, ("69123", CompanyKind.EI, 393.27)]:
        company = companies[commune] = await a_company(container, kind=kind, commune=commune)
        forklift = commune == "94041"
        postings[commune] = await a_job_posting(
            container,
            company,
            appellation_code="11679" if forklift else "11573",
            contract_type=ContractType.PERMANENT if forklift else ContractType.FIXED_TERM_I,
        )
    return Region(companies, postings)


async def items(client: httpx.AsyncClient, resource: str, **params: Any) -> list[dict[str, Any]]:
    response = await client.get(f"/api/v1/{resource}", params={"commune": PARIS, **params})
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["items"]
    return found


async def walk(client: httpx.AsyncClient, resource: str, **params: Any) -> list[str]:
    """Every id found by following the ``next`` links, in order."""
    ids: list[str] = []
    url: str | None = f"/api/v1/{resource}"
    first_params: dict[str, Any] | None = {"commune": PARIS, **params}
    while url is not None:
        response = await client.get(url, params=first_params)
        assert response.status_code == 200, response.text
        ids += [item["id"] for item in response.json()["items"]]
        url, first_params = response.json()["next"], None
    return ids


# -- job postings ------------------------------------------------------------------


@pytest.mark.usefixtures("region")
async def test_postings_come_nearest_first_with_their_distance(client: httpx.AsyncClient) -> None:
    found = await items(client, "job-postings")

    assert [(item["commune"], item["distance_km"]) for item in found] == [
        (commune, pytest.approx(km, abs=0.01)) for commune, _, km in NEAR_PARIS[:5]
    ]


@pytest.mark.usefixtures("region")
async def test_postings_beyond_the_distance_are_left_out(client: httpx.AsyncClient) -> None:
    found = await items(client, "job-postings", distance_km=10)

    assert [item["commune"] for item in found] == ["75111", "94041", "92036"]


@pytest.mark.usefixtures("region")
async def test_a_wider_distance_reaches_further(client: httpx.AsyncClient) -> None:
    found = await items(client, "job-postings", distance_km=30)

    assert found[-1]["commune"] == "91228"
    assert "69123" not in {item["commune"] for item in found}


@pytest.mark.usefixtures("region")
async def test_postings_are_filtered_by_company_kind(client: httpx.AsyncClient) -> None:
    found = await items(client, "job-postings", kind=["ACI", "GEIQ"])

    assert [(item["commune"], item["company_kind"]) for item in found] == [("94041", "ACI"), ("92036", "GEIQ")]


@pytest.mark.usefixtures("region")
async def test_postings_are_filtered_by_rome_code(client: httpx.AsyncClient) -> None:
    found = await items(client, "job-postings", rome="n1101")

    assert [(item["commune"], item["rome_code"]) for item in found] == [("94041", "N1101")]


@pytest.mark.usefixtures("region")
async def test_postings_are_filtered_by_contract_type(client: httpx.AsyncClient) -> None:
    found = await items(client, "job-postings", contract_type="permanent")

    assert [item["commune"] for item in found] == ["94041"]


@pytest.mark.usefixtures("region")
async def test_postings_are_filtered_by_department(client: httpx.AsyncClient) -> None:
    found = await items(client, "job-postings", department="93")

    assert [item["commune"] for item in found] == ["93010"]


async def test_postings_of_an_inactive_company_are_not_found(client: httpx.AsyncClient, container: Container) -> None:
    closed = await a_company(container, active=False)
    await a_job_posting(container, closed)

    assert await items(client, "job-postings") == []


async def test_the_cursor_walks_every_posting_once_in_order(client: httpx.AsyncClient, container: Container) -> None:
    for commune in ("75111", "75111", "75111", "94041", "94041", "93010", "93010"):
        await a_job_posting(container, await a_company(container, commune=commune))
    await a_job_posting(container, await a_company(container, commune="75120"))  # ties share a distance

    walked = await walk(client, "job-postings", limit=3)

    assert walked == [item["id"] for item in await items(client, "job-postings", limit=100)]
    assert len(walked) == len(set(walked)) == 8


@pytest.mark.usefixtures("region")
async def test_the_last_page_has_no_next_link(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/job-postings", params={"commune": PARIS, "limit": 5})

    assert len(response.json()["items"]) == 5
    assert response.json()["next"] is None


# -- companies ------------------------------------------------------------------------


@pytest.mark.usefixtures("region")
async def test_companies_come_nearest_first_with_their_distance(client: httpx.AsyncClient) -> None:
    found = await items(client, "companies")

    assert [(item["commune"], item["distance_km"]) for item in found] == [
        (commune, pytest.approx(km, abs=0.01)) for commune, _, km in NEAR_PARIS[:5]
    ]
    assert {item["active_job_postings"] for item in found} == {1}


@pytest.mark.usefixtures("region")
async def test_companies_beyond_the_distance_are_left_out(client: httpx.AsyncClient) -> None:
    found = await items(client, "companies", distance_km=7)

    assert [item["commune"] for item in found] == ["75111", "94041"]


@pytest.mark.usefixtures("region")
async def test_companies_are_filtered_by_kind(client: httpx.AsyncClient) -> None:
    found = await items(client, "companies", kind="ETTI")

    assert [(item["commune"], item["kind"]) for item in found] == [("93010", "ETTI")]


async def test_companies_are_found_by_the_rome_code_of_an_active_posting(
    client: httpx.AsyncClient, container: Container
) -> None:
    hiring, closed = await a_company(container), await a_company(container)
    await a_job_posting(container, hiring, appellation_code="11679")
    await a_job_posting(container, closed, appellation_code="11679", is_active=False)

    found = await items(client, "companies", rome="N1101")

    assert [item["id"] for item in found] == [str(hiring.id)]


@pytest.mark.usefixtures("region")
async def test_companies_are_found_by_the_contract_type_of_a_posting(client: httpx.AsyncClient) -> None:
    found = await items(client, "companies", contract_type="permanent")

    assert [item["commune"] for item in found] == ["94041"]


@pytest.mark.usefixtures("region")
async def test_companies_are_filtered_by_department(client: httpx.AsyncClient) -> None:
    found = await items(client, "companies", department="92")

    assert [item["commune"] for item in found] == ["92036"]


async def test_inactive_companies_are_not_found(client: httpx.AsyncClient, container: Container) -> None:
    await a_company(container, active=False)

    assert await items(client, "companies") == []


async def test_the_cursor_walks_every_company_once_in_order(client: httpx.AsyncClient, container: Container) -> None:
    for commune in ("75111", "75111", "75111", "75120", "94041", "94041", "92036"):
        await a_company(container, commune=commune)

    walked = await walk(client, "companies", limit=2)

    assert walked == [item["id"] for item in await items(client, "companies", limit=100)]
    assert len(walked) == len(set(walked)) == 7


# -- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["companies", "job-postings"])
async def test_an_unknown_commune_is_422_naming_the_parameter(client: httpx.AsyncClient, resource: str) -> None:
    response = await client.get(f"/api/v1/{resource}", params={"commune": "99999"})

    assert response.status_code == 422
    assert response.json()["type"] == PROBLEMS + "unknown-commune"
    assert [error["pointer"] for error in response.json()["errors"]] == ["/query/commune"]


@pytest.mark.parametrize("distance_km", [0, 0.5, 101])
@pytest.mark.parametrize("resource", ["companies", "job-postings"])
async def test_a_distance_outside_1_to_100_km_is_422(
    client: httpx.AsyncClient, resource: str, distance_km: float
) -> None:
    response = await client.get(f"/api/v1/{resource}", params={"commune": PARIS, "distance_km": distance_km})

    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/query/distance_km"]


@pytest.mark.parametrize("resource", ["companies", "job-postings"])
async def test_a_forged_cursor_is_422(client: httpx.AsyncClient, resource: str) -> None:
    response = await client.get(f"/api/v1/{resource}", params={"commune": PARIS, "cursor": "bm90IGEgY3Vyc29y"})

    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/query/cursor"]


async def test_the_commune_is_required(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/job-postings")

    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/query/commune"]
