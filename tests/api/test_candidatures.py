"""Sending and reading candidatures over HTTP."""

import uuid

import httpx
import pytest

from api.bootstrap import Container
from domain.candidatures.state_machine import CandidatureState
from domain.companies.companies import CompanyKind
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from tests.api.candidature_scenes import CANDIDATURES, Scene, a_partner_token, a_scene, sent_by_the_prescriber
from tests.builders.candidatures import a_stored_candidature
from tests.builders.companies import a_company, a_job_posting, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant

pytestmark = pytest.mark.anyio


@pytest.fixture
async def scene(container: Container) -> Scene:
    return await a_scene(container)


def a_body(scene: Scene, **fields: object) -> dict[str, object]:
    return {"job_seeker_id": str(scene.job_seeker.id), "company_id": str(scene.company.id), **fields}


# -- sending -----------------------------------------------------------------------------


async def test_a_prescriber_sends_a_candidature_and_reads_it_back(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    posting = await a_job_posting(container, scene.company)

    response = await client.post(
        CANDIDATURES,
        json=a_body(scene, job_posting_ids=[str(posting.id)], message="Motivé et disponible."),
        headers=bearer(container, scene.prescriber),
    )

    assert response.status_code == 201, response.text
    created = response.json()
    assert {key: created[key] for key in ("state", "sender_kind", "sender_id", "sender_organisation_id")} == {
        "state": "new",
        "sender_kind": "prescriber",
        "sender_id": str(scene.prescriber.id),
        "sender_organisation_id": str(scene.agency.id),
    }
    assert (created["job_posting_ids"], created["approval"], created["history"]) == ([str(posting.id)], None, [])
    read = await client.get(f"{CANDIDATURES}/{created['id']}", headers=bearer(container, scene.prescriber))
    assert read.status_code == 200 and read.json() == created


async def test_a_job_seeker_applies_for_himself(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    response = await client.post(
        CANDIDATURES, json={"company_id": str(scene.company.id)}, headers=bearer(container, scene.holder)
    )

    assert response.status_code == 201
    assert (response.json()["job_seeker_id"], response.json()["sender_kind"]) == (
        str(scene.job_seeker.id),
        "job_seeker",
    )


async def test_an_employer_self_prescribes_to_his_own_company_only(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    job_seeker = await a_job_seeker(container, created_by=scene.company)
    other = await a_company(container)
    body = {"job_seeker_id": str(job_seeker.id)}

    elsewhere = await client.post(
        CANDIDATURES, json={**body, "company_id": str(other.id)}, headers=bearer(container, scene.employer)
    )
    home = await client.post(
        CANDIDATURES, json={**body, "company_id": str(scene.company.id)}, headers=bearer(container, scene.employer)
    )

    assert elsewhere.status_code == 403
    assert (home.status_code, home.json()["sender_company_id"]) == (201, str(scene.company.id))


async def test_sending_needs_a_token(client: httpx.AsyncClient, scene: Scene) -> None:
    assert (await client.post(CANDIDATURES, json=a_body(scene))).status_code == 401


async def test_staff_sends_no_candidature(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    staff = await a_user(container, kind=UserKind.STAFF)

    response = await client.post(CANDIDATURES, json=a_body(scene), headers=bearer(container, staff))

    assert response.status_code == 403


async def test_a_job_seeker_the_prescriber_does_not_follow_is_404(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    stranger = await a_user(
        container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(await an_organisation(container))
    )

    response = await client.post(CANDIDATURES, json=a_body(scene), headers=bearer(container, stranger))

    assert response.status_code == 404


async def test_a_prescriber_must_name_the_job_seeker(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    response = await client.post(
        CANDIDATURES, json={"company_id": str(scene.company.id)}, headers=bearer(container, scene.prescriber)
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/job_seeker_id"


async def test_a_second_pending_candidature_is_409_naming_the_first(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    first = await sent_by_the_prescriber(client, container, scene)

    response = await client.post(CANDIDATURES, json=a_body(scene), headers=bearer(container, scene.prescriber))

    assert response.status_code == 409
    assert response.json()["type"].endswith("/candidature-already-pending")
    assert response.json()["candidature_id"] == first["id"]


async def test_a_company_blocking_candidatures_is_409(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    await client.patch(
        f"/api/v1/companies/{scene.company.id}",
        json={"block_candidatures": True},
        headers=bearer(container, scene.employer),
    )

    response = await client.post(CANDIDATURES, json=a_body(scene), headers=bearer(container, scene.prescriber))

    assert response.status_code == 409
    assert response.json()["type"].endswith("/candidatures-closed")


async def test_a_posting_of_another_company_is_422_naming_its_index(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    mine = await a_job_posting(container, scene.company)
    theirs = await a_job_posting(container, await a_company(container))

    response = await client.post(
        CANDIDATURES,
        json=a_body(scene, job_posting_ids=[str(mine.id), str(theirs.id)]),
        headers=bearer(container, scene.prescriber),
    )

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/job_posting_ids/1"]


async def test_a_field_the_sender_may_not_set_is_422(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    response = await client.post(
        CANDIDATURES, json=a_body(scene, state="accepted"), headers=bearer(container, scene.prescriber)
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/state"


# -- Idempotency-Key ------------------------------------------------------------------------


async def test_a_retry_with_the_same_key_gets_the_same_answer_and_creates_nothing(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    headers = {**bearer(container, scene.prescriber), "Idempotency-Key": "order-42"}

    first = await client.post(CANDIDATURES, json=a_body(scene, message="Bonjour"), headers=headers)
    retry = await client.post(CANDIDATURES, json=a_body(scene, message="Bonjour"), headers=headers)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.content == first.content
    assert retry.headers["Idempotent-Replayed"] == "true"
    listed = await client.get(CANDIDATURES, headers=bearer(container, scene.prescriber))
    assert [c["id"] for c in listed.json()["items"]] == [first.json()["id"]]


async def test_the_same_key_with_another_body_is_422(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    headers = {**bearer(container, scene.prescriber), "Idempotency-Key": "order-42"}
    await client.post(CANDIDATURES, json=a_body(scene, message="Bonjour"), headers=headers)

    response = await client.post(CANDIDATURES, json=a_body(scene, message="Bonsoir"), headers=headers)

    assert response.status_code == 422
    assert response.json()["type"].endswith("/idempotency-key-reused")


async def test_a_key_belongs_to_its_caller(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    colleague = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(scene.agency))
    other_company = await a_company(container, kind=CompanyKind.ACI)
    await client.post(
        CANDIDATURES, json=a_body(scene), headers={**bearer(container, scene.prescriber), "Idempotency-Key": "k-1"}
    )

    response = await client.post(
        CANDIDATURES,
        json=a_body(scene, company_id=str(other_company.id)),
        headers={**bearer(container, colleague), "Idempotency-Key": "k-1"},
    )

    assert (response.status_code, response.json()["company_id"]) == (201, str(other_company.id))


async def test_an_overlong_idempotency_key_is_422(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    response = await client.post(
        CANDIDATURES,
        json=a_body(scene),
        headers={**bearer(container, scene.prescriber), "Idempotency-Key": "k" * 256},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/header/Idempotency-Key"


# -- reading --------------------------------------------------------------------------------------


async def test_an_outsider_is_told_a_candidature_does_not_exist(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    created = await sent_by_the_prescriber(client, container, scene)
    outsider = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(await a_company(container)))

    response = await client.get(f"{CANDIDATURES}/{created['id']}", headers=bearer(container, outsider))

    assert response.status_code == 404
    assert response.json()["type"].endswith("/candidature-not-found")


async def test_the_job_seeker_and_the_employer_read_it(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    created = await sent_by_the_prescriber(client, container, scene)

    for reader in (scene.holder, scene.employer):
        response = await client.get(f"{CANDIDATURES}/{created['id']}", headers=bearer(container, reader))
        assert response.status_code == 200


async def test_an_employer_lists_the_candidatures_to_his_company_newest_first(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    older = await a_stored_candidature(
        container, job_seeker=scene.job_seeker, company=scene.company, state=CandidatureState.REFUSED
    )
    newer = await sent_by_the_prescriber(client, container, scene)
    await a_stored_candidature(container, job_seeker=scene.job_seeker, company=await a_company(container))

    response = await client.get(CANDIDATURES, headers=bearer(container, scene.employer))

    assert response.status_code == 200
    assert [c["id"] for c in response.json()["items"]] == [newer["id"], str(older.id)]
    assert "history" not in response.json()["items"][0]


async def test_a_list_is_filtered_by_state(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    refused = await a_stored_candidature(
        container, job_seeker=scene.job_seeker, company=scene.company, state=CandidatureState.REFUSED
    )
    await sent_by_the_prescriber(client, container, scene)

    response = await client.get(CANDIDATURES, params={"state": "refused"}, headers=bearer(container, scene.employer))

    assert [c["id"] for c in response.json()["items"]] == [str(refused.id)]


async def test_a_list_comes_in_pages_linked_by_next(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    made = [
        await a_stored_candidature(
            container, job_seeker=scene.job_seeker, company=scene.company, state=CandidatureState.REFUSED
        )
        for _ in range(3)
    ]
    headers = bearer(container, scene.employer)

    first = (await client.get(CANDIDATURES, params={"limit": 2}, headers=headers)).json()
    second = (await client.get(first["next"], headers=headers)).json()

    seen = [c["id"] for c in first["items"] + second["items"]]
    assert sorted(seen) == sorted(str(c.id) for c in made) and len(set(seen)) == 3
    assert second["next"] is None


@pytest.mark.parametrize("params", [{"limit": 101}, {"cursor": "not-a-cursor"}, {"state": "hired"}])
async def test_invalid_list_parameters_are_422(
    client: httpx.AsyncClient, container: Container, scene: Scene, params: dict[str, object]
) -> None:
    response = await client.get(CANDIDATURES, params=params, headers=bearer(container, scene.employer))

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"].startswith("/query/")


async def test_a_partner_application_lists_with_the_read_scope(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    created = await sent_by_the_prescriber(client, container, scene)
    reader = await a_partner_token(
        container, company_tenant(scene.company), scopes=frozenset({Scope.CANDIDATURES_READ})
    )
    writer = await a_partner_token(
        container, company_tenant(scene.company), scopes=frozenset({Scope.CANDIDATURES_WRITE})
    )

    allowed = await client.get(CANDIDATURES, headers=reader)
    refused = await client.get(CANDIDATURES, headers=writer)

    assert [c["id"] for c in allowed.json()["items"]] == [created["id"]]
    assert refused.status_code == 403


async def test_an_unknown_candidature_is_404(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    response = await client.get(f"{CANDIDATURES}/{uuid.uuid4()}", headers=bearer(container, scene.employer))

    assert response.status_code == 404
