"""Headers of every answer: ``no-store`` on the API's answers but the public
catalogue, ``nosniff`` on all, and links built on TREMPLIN_PUBLIC_URL
whatever the ``Host`` header says."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

import api.http.routers.job_seekers
from api.bootstrap import Container
from domain.identity.users import UserKind
from tests.builders.companies import a_company
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.conftest import BASE_URL

# Marked here, not by the conftest hook: marking at collection drops the parametrisation.
pytestmark = pytest.mark.anyio

FORGED_HOST = {"Host": "evil.example"}


async def a_prescriber_and_his_job_seeker(container: Container) -> tuple[dict[str, str], str]:
    organisation = await an_organisation(container)
    user = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))
    job_seeker = await a_job_seeker(container, created_by=organisation, email="samir@example.org")
    return bearer(container, user), str(job_seeker.id)


async def test_a_job_seeker_s_profile_is_never_stored_by_a_cache(
    client: httpx.AsyncClient, container: Container
) -> None:
    headers, job_seeker_id = await a_prescriber_and_his_job_seeker(container)

    answer = await client.get(f"/api/v1/job-seekers/{job_seeker_id}", headers=headers)

    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/me", None),
        ("GET", "/api/v1/candidatures", None),
        ("POST", "/api/v1/signup/job-seeker", {"email": "lea@example.org", "password": "un mot de passe solide"}),
        ("POST", "/api/v1/auth/token", None),
        ("GET", "/api/v1/nothing-here", None),
    ],
    ids=["me", "a-list", "a-signup", "the-token-endpoint", "an-unknown-route"],
)
async def test_every_other_api_answer_is_no_store(
    client: httpx.AsyncClient, container: Container, method: str, path: str, body: Any
) -> None:
    headers, _ = await a_prescriber_and_his_job_seeker(container)

    answer = await client.request(method, path, json=body, headers=headers)

    assert answer.headers["cache-control"] == "no-store", answer.status_code


@pytest.mark.parametrize("path", ["/api/v1/communes?q=paris", "/api/v1/eligibility/criteria", "/api/v1/openapi.json"])
async def test_the_public_catalogue_may_be_cached(client: httpx.AsyncClient, path: str) -> None:
    answer = await client.get(path)

    assert answer.status_code == 200
    assert "no-store" not in answer.headers.get("cache-control", "")
    assert answer.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/health/live", "/metrics", "/api/v1/docs", "/api/v1/nothing-here"])
async def test_every_answer_is_nosniff(client: httpx.AsyncClient, path: str) -> None:
    answer = await client.get(path)

    assert answer.headers["x-content-type-options"] == "nosniff", answer.status_code


async def test_an_unexpected_error_carries_them_too(
    app: FastAPI, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers, job_seeker_id = await a_prescriber_and_his_job_seeker(container)

    async def crashing(**arguments: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(api.http.routers.job_seekers, "get_job_seeker", crashing)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        answer = await http.get(f"/api/v1/job-seekers/{job_seeker_id}", headers=headers)

    assert answer.status_code == 500
    assert (answer.headers["cache-control"], answer.headers["x-content-type-options"]) == ("no-store", "nosniff")


async def test_a_next_link_is_on_the_public_url_whatever_the_host_header(
    client: httpx.AsyncClient, container: Container
) -> None:
    for _ in range(2):
        await a_company(container)

    answer = await client.get("/api/v1/companies", params={"commune": "75056", "limit": 1}, headers=FORGED_HOST)

    assert answer.status_code == 200
    assert answer.json()["next"].startswith(f"{BASE_URL}/api/v1/companies?")
    assert "evil.example" not in answer.text


async def test_the_history_s_next_link_is_on_the_public_url_too(
    client: httpx.AsyncClient, container: Container
) -> None:
    headers, job_seeker_id = await a_prescriber_and_his_job_seeker(container)
    url = f"/api/v1/job-seekers/{job_seeker_id}"
    for phone in ("0600000001", "0600000002"):
        await client.patch(url, json={"phone": phone}, headers=headers)

    first = await client.get(f"{url}/history", params={"limit": 1}, headers={**headers, **FORGED_HOST})
    following = await client.get(first.json()["next"].removeprefix(BASE_URL), headers=headers)

    assert first.json()["next"].startswith(f"{BASE_URL}{url}/history?")
    assert [c["new_value"] for c in first.json()["items"] + following.json()["items"]] == ["0600000002", "0600000001"]
    assert following.json()["next"] is None
