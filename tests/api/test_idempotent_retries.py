"""A retry of an Idempotency-Key while its first request still runs is a 409
``request-in-progress``, on SQLite as on PostgreSQL; once the first has
answered, a retry gets that answer back."""

import asyncio

import httpx
import pytest

from adapters.db.repositories.idempotency import SqlIdempotencyKeyRepository
from api.bootstrap import Container
from tests.api.candidature_scenes import CANDIDATURES, Scene, a_scene
from tests.builders.identity import bearer


@pytest.fixture
async def scene(container: Container) -> Scene:
    return await a_scene(container)


async def test_a_retry_while_the_first_request_runs_is_409_then_gets_the_first_answer(
    client: httpx.AsyncClient, container: Container, scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_holds_the_key, retry_answered = asyncio.Event(), asyncio.Event()
    claim = SqlIdempotencyKeyRepository.claim

    async def claim_then_wait_for_the_retry(self: SqlIdempotencyKeyRepository, *, caller: str, key: str) -> bool:
        claimed = await claim(self, caller=caller, key=key)
        if claimed and not first_holds_the_key.is_set():
            first_holds_the_key.set()
            await retry_answered.wait()
        return claimed

    monkeypatch.setattr(SqlIdempotencyKeyRepository, "claim", claim_then_wait_for_the_retry)
    body = {"job_seeker_id": str(scene.job_seeker.id), "company_id": str(scene.company.id)}
    headers = {**bearer(container, scene.prescriber), "Idempotency-Key": "order-7"}

    async def retry() -> httpx.Response:
        await first_holds_the_key.wait()
        try:
            return await client.post(CANDIDATURES, json=body, headers=headers)
        finally:
            retry_answered.set()

    first, during = await asyncio.wait_for(
        asyncio.gather(client.post(CANDIDATURES, json=body, headers=headers), retry()), timeout=30
    )
    after = await client.post(CANDIDATURES, json=body, headers=headers)

    assert first.status_code == 201, first.text
    assert (during.status_code, during.json()["type"].rsplit("/", 1)[1]) == (409, "request-in-progress")
    assert (after.status_code, after.headers["idempotent-replayed"]) == (201, "true")
    assert after.json()["id"] == first.json()["id"]


async def test_another_key_is_not_held_up_by_a_request_in_flight(
    client: httpx.AsyncClient, container: Container, scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_holds_its_key, other_answered = asyncio.Event(), asyncio.Event()
    claim = SqlIdempotencyKeyRepository.claim

    async def claim_then_wait(self: SqlIdempotencyKeyRepository, *, caller: str, key: str) -> bool:
        claimed = await claim(self, caller=caller, key=key)
        if key == "order-1":
            first_holds_its_key.set()
            await other_answered.wait()
        return claimed

    monkeypatch.setattr(SqlIdempotencyKeyRepository, "claim", claim_then_wait)
    prescriber = bearer(container, scene.prescriber)
    body = {"job_seeker_id": str(scene.job_seeker.id), "company_id": str(scene.company.id)}
    other_company = await a_scene(container)
    other_body = {"job_seeker_id": str(scene.job_seeker.id), "company_id": str(other_company.company.id)}

    async def other() -> httpx.Response:
        await first_holds_its_key.wait()
        try:
            return await client.post(
                CANDIDATURES, json=other_body, headers={**prescriber, "Idempotency-Key": "order-2"}
            )
        finally:
            other_answered.set()

    first, second = await asyncio.wait_for(
        asyncio.gather(
            client.post(CANDIDATURES, json=body, headers={**prescriber, "Idempotency-Key": "order-1"}), other()
        ),
        timeout=30,
    )

    assert (first.status_code, second.status_code) == (201, 201), (first.text, second.text)
