"""Request bodies over TREMPLIN_MAX_BODY_BYTES are a 413 problem, refused
before they are read whole: at once when the Content-Length says so, at the
first chunk past the limit otherwise. (tests/e2e/test_body_limit.py sends
300 MB to a real server.)"""

import json
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from api.bootstrap import Container
from api.http.app import create_app
from api.settings import load_settings
from domain.identity.users import UserKind
from tests.builders.identity import a_user, bearer
from tests.conftest import BASE_URL

SIGNUP = "/api/v1/signup/job-seeker"
MIB = 1024 * 1024
CHUNK = b"x" * (64 * 1024)


async def chunks(total: int, sent: list[int]) -> AsyncIterator[bytes]:
    """``total`` bytes in chunks, counting in ``sent`` how many were asked for."""
    while sent[0] < total:
        sent[0] += len(CHUNK)
        yield CHUNK


def assert_refused_as_too_large(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["connection"] == "close"
    assert response.json()["type"].endswith("/body-too-large")


async def test_a_content_length_over_the_limit_is_refused_without_reading_the_body(client: httpx.AsyncClient) -> None:
    sent = [0]
    response = await client.post(
        SIGNUP,
        content=chunks(300 * MIB, sent),
        headers={"Content-Type": "application/json", "Content-Length": str(300 * MIB)},
    )
    assert_refused_as_too_large(response)
    assert sent[0] == 0


async def test_a_chunked_body_is_refused_at_the_first_chunk_past_the_limit(client: httpx.AsyncClient) -> None:
    sent = [0]
    await client.post(SIGNUP, json={})  # the route's first answer builds its validators
    tracemalloc.start()
    try:
        response = await client.post(
            SIGNUP, content=chunks(300 * MIB, sent), headers={"Content-Type": "application/json"}
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "content-length" not in response.request.headers
    assert_refused_as_too_large(response)
    assert sent[0] <= MIB + len(CHUNK)
    assert peak < 4 * MIB  # the megabyte read, not the 300


async def test_a_body_within_the_limit_is_read(client: httpx.AsyncClient) -> None:
    body = {"email": "lea@example.org", "password": "a long enough password", "first_name": "Léa", "last_name": "M"}
    padded = json.dumps(body) + " " * (MIB - 500)  # whitespace a JSON parser skips
    response = await client.post(SIGNUP, content=padded, headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text


async def test_a_form_over_the_limit_is_refused_at_the_token_endpoint(client: httpx.AsyncClient) -> None:
    form = {"grant_type": "password", "username": "x@example.org", "password": "p" * (2 * MIB)}
    response = await client.post("/api/v1/auth/token", data=form)
    assert_refused_as_too_large(response)


async def test_an_authenticated_write_over_the_limit_is_refused_too(
    client: httpx.AsyncClient, container: Container
) -> None:
    prescriber = await a_user(container, kind=UserKind.PRESCRIBER)
    response = await client.post(
        "/api/v1/candidatures",
        content=chunks(2 * MIB, [0]),
        headers={**bearer(container, prescriber), "Content-Type": "application/json"},
    )
    assert_refused_as_too_large(response)


async def test_the_limit_is_a_setting(db: str, data_dir: Path) -> None:
    app = create_app(load_settings(database_url=db, data_dir=data_dir, max_body_bytes=4096, log_level="WARNING"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as http:
        refused = await http.post(SIGNUP, content=b" " * 5000, headers={"Content-Type": "application/json"})
        read = await http.post(SIGNUP, content=b" " * 4000 + b"{}", headers={"Content-Type": "application/json"})
    await app.state.engine.dispose()
    assert refused.status_code == 413
    assert read.status_code == 422  # read, then found wanting
