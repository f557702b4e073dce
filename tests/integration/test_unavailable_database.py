"""When the database cannot be reached, the service says so: 503 with
Retry-After, never a 500 or a hang. No PostgreSQL server is needed: nothing
listens on the port these tests use."""

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from adapters.db.engine import make_engine
from adapters.errors import Unavailable
from api.bootstrap import Container
from api.http.app import create_app
from api.settings import load_settings
from tests.sql_units import sql_unit_of_work

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/none"
BASE_URL = "https://tremplin.test"


@pytest.fixture
async def app_without_database(tmp_path: Path) -> AsyncIterator[FastAPI]:
    app = create_app(load_settings(database_url=UNREACHABLE, data_dir=tmp_path))
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def http(app_without_database: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app_without_database, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


def a_valid_bearer(app: FastAPI) -> dict[str, str]:
    container: Container = app.state.container
    token = container.tokens.issue(subject=str(uuid4()), subject_type="user", scope="")
    return {"Authorization": f"Bearer {token}"}


async def test_a_unit_of_work_on_an_unreachable_database_raises_unavailable() -> None:
    engine = make_engine(UNREACHABLE)
    try:
        with pytest.raises(Unavailable) as raised:
            async with sql_unit_of_work(engine) as uow:
                await uow.users.get(uuid4())
    finally:
        await engine.dispose()

    assert raised.value.service == "database"


async def test_liveness_does_not_depend_on_the_database(http: httpx.AsyncClient) -> None:
    assert (await http.get("/health/live")).status_code == 200


async def test_readiness_is_503_when_the_database_is_unreachable(http: httpx.AsyncClient) -> None:
    response = await http.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


async def test_a_route_reading_the_database_answers_503_problem_with_retry_after(
    http: httpx.AsyncClient, app_without_database: FastAPI
) -> None:
    response = await http.get("/api/v1/me", headers=a_valid_bearer(app_without_database))

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["type"].endswith("/service-unavailable")


async def test_asking_for_a_token_answers_503_rather_than_a_wrong_password(http: httpx.AsyncClient) -> None:
    form = {"grant_type": "password", "username": "prescriber@demo.tremplin.fr", "password": "demo-password"}

    response = await http.post("/api/v1/auth/token", data=form)

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "retry-after" in response.headers


async def test_a_signup_answers_503_when_the_database_is_unreachable(http: httpx.AsyncClient) -> None:
    account = {"email": "lea.martin@example.org", "password": "correct horse battery", "first_name": "Léa"}

    response = await http.post("/api/v1/signup/job-seeker", json={**account, "last_name": "Martin"})

    assert response.status_code == 503
    assert "retry-after" in response.headers
