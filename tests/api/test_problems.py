"""Every error is application/problem+json; no input a client can send gives a 500."""

import json
import uuid

import httpx
import pytest
from fastapi import FastAPI

from api.bootstrap import Container
from domain.identity.users import UserKind
from tests.api.account_links import CONFIRM, token_in_the_outbox
from tests.builders.identity import a_user, bearer


async def test_malformed_json_is_a_400_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/signup/job-seeker", content=b'{"email": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/malformed-json")


async def test_wrong_types_are_422_with_a_pointer_per_field(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/signup/job-seeker", json={"email": 42, "password": ["x"]})
    assert response.status_code == 422
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()
    assert {e["pointer"] for e in body["errors"]} == {"/email", "/password", "/first_name", "/last_name"}


async def test_a_malformed_id_in_the_path_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/companies/not-a-uuid")
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/path/company_id"


async def test_an_unknown_company_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/api/v1/companies/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["type"].endswith("/not-found")


async def test_an_unknown_route_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_wrong_method_is_a_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/me")
    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_unexpected_exception_is_a_500_without_internals_logged_with_the_request_id(
    app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals: 1 85 05 78 006 084 91")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://tremplin.test") as http:
        response = await http.get("/boom", headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "secret" not in response.text
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    errors = [line for line in lines if line["event"] == "unexpected_error"]
    assert errors and errors[0]["request_id"] == "req-500"
    assert "1 85 05 78" not in json.dumps(errors[0]["error_type"])


async def test_logs_of_a_signup_and_login_hold_no_personal_data(
    client: httpx.AsyncClient, container: Container, capsys: pytest.CaptureFixture[str]
) -> None:
    email, password = "personne.privee@example.org", "mot de passe tres prive"
    body = {"email": email, "password": password, "first_name": "Privée", "last_name": "Personne"}
    assert (await client.post("/api/v1/signup/job-seeker", json=body)).status_code == 201
    link_token = await token_in_the_outbox(container, email)
    assert (await client.post(CONFIRM, json={"token": link_token})).status_code == 200
    form = {"grant_type": "password", "username": email, "password": password}
    assert (await client.post("/api/v1/auth/token", data=form)).status_code == 200
    await client.post("/api/v1/auth/token", data={**form, "password": "wrong password"})
    logged = capsys.readouterr().out
    assert "/api/v1/auth/token" in logged
    for secret in (email, password, "Privée", "personne.privee", link_token):
        assert secret not in logged


async def test_a_body_too_large_for_a_field_is_refused_not_crashed(
    client: httpx.AsyncClient, container: Container
) -> None:
    staff = await a_user(container, kind=UserKind.STAFF)
    response = await client.post(
        f"/api/v1/companies/{uuid.uuid4()}/members",
        json={"email": "x" * 5000 + "@example.org"},
        headers=bearer(container, staff),
    )
    assert response.status_code == 422


async def test_a_500_tells_the_client_to_close_the_connection(
    app: FastAPI, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(**_: object) -> None:
        raise RuntimeError("a bug in a use case")

    monkeypatch.setattr("api.http.routers.candidatures.list_candidatures", broken)
    staff = await a_user(container, kind=UserKind.STAFF)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://tremplin.test") as http:
        failed = await http.get("/api/v1/candidatures", headers=bearer(container, staff))
        refused = await http.get("/api/v1/candidatures")
    assert (failed.status_code, failed.headers["connection"]) == (500, "close")
    assert failed.json()["type"].endswith("/internal-error")
    assert (refused.status_code, "connection" in refused.headers) == (401, False)
