"""Text never holds control characters (DOMAIN.md, "Input rules"): none in
names, emails, titles and codes; tabs and newlines only in free text. A NUL
byte, which PostgreSQL refuses to store, is a 4xx wherever it is sent."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.bootstrap import Container
from domain.identity.users import UserKind
from tests.api.candidature_scenes import CANDIDATURES, Scene, a_scene
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.integration.fresh_databases import query

pytestmark = pytest.mark.anyio

SIGNUP = "/api/v1/signup/job-seeker"
JOB_SEEKERS = "/api/v1/job-seekers"
INJECTION = "Samir\r\nBcc: tout-le-monde@example.org"


def account(**fields: str) -> dict[str, str]:
    return {"email": "lea@example.org", "password": "a long enough password", "first_name": "Léa", "last_name": "M"} | (
        fields
    )


def pointers(response: httpx.Response) -> list[str]:
    return [error["pointer"] for error in response.json()["errors"]]


def rows(database_url: str, table: str) -> int:
    return int(query(database_url, f"SELECT count(*) FROM {table}")[0][0])


@pytest.fixture
async def prescriber(container: Container) -> dict[str, str]:
    agency = await an_organisation(container)
    return bearer(container, await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(agency)))


@pytest.fixture
async def scene(container: Container) -> Scene:
    return await a_scene(container)


# -- names, emails, titles, codes ------------------------------------------------------------


async def test_a_name_with_cr_lf_is_refused_and_nothing_reaches_the_outbox(
    client: httpx.AsyncClient, db: str, prescriber: dict[str, str]
) -> None:
    signup = await client.post(SIGNUP, json=account(first_name=INJECTION))
    registered = await client.post(
        JOB_SEEKERS, json={"first_name": "Samir", "last_name": INJECTION}, headers=prescriber
    )

    assert (signup.status_code, pointers(signup)) == (422, ["/first_name"])
    assert (registered.status_code, pointers(registered)) == (422, ["/last_name"])
    assert "control characters" in registered.json()["errors"][0]["message"]
    assert (rows(db, "users WHERE email = 'lea@example.org'"), rows(db, "job_seekers")) == (0, 0)
    assert rows(db, "outbox_messages") == 0


async def test_a_name_of_letters_accents_apostrophes_and_hyphens_is_kept(
    client: httpx.AsyncClient, prescriber: dict[str, str]
) -> None:
    body = {"first_name": "Marie-Léonie", "last_name": "N'Diaye Ærøskøbing"}
    response = await client.post(JOB_SEEKERS, json=body, headers=prescriber)
    assert response.status_code == 201, response.text
    assert (response.json()["first_name"], response.json()["last_name"]) == (body["first_name"], body["last_name"])


@pytest.mark.parametrize(
    "character", ["\x00", "\t", "\n", "\x1b", "\x7f", "\x85", "\u2028"], ids=lambda c: f"U+{ord(c):04X}"
)
async def test_a_name_holds_no_control_character_at_all(
    client: httpx.AsyncClient, prescriber: dict[str, str], character: str
) -> None:
    response = await client.post(
        JOB_SEEKERS, json={"first_name": f"Sa{character}mir", "last_name": "B"}, headers=prescriber
    )
    assert (response.status_code, pointers(response)) == (422, ["/first_name"])


async def test_renaming_someone_with_a_line_break_is_refused(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    response = await client.patch(
        f"{JOB_SEEKERS}/{scene.job_seeker.id}", json={"last_name": INJECTION}, headers=bearer(container, scene.holder)
    )
    assert (response.status_code, pointers(response)) == (422, ["/last_name"])


@pytest.mark.parametrize(
    ("path", "body", "pointer"),
    [
        ("/api/v1/signup/job-seeker", account(email="lea\x00@example.org"), "/email"),
        ("/api/v1/signup/job-seeker", account(password="a long\x00 password"), "/password"),
        (
            "/api/v1/signup/prescriber",
            {
                **account(),
                "organisation_siret": "73282932000074",
                "organisation_kind": "CHRS",
                "organisation_name": "CHRS\x00 du Port",
            },
            "/organisation_name",
        ),
    ],
    ids=["email", "password", "organisation-name"],
)
async def test_a_nul_byte_in_a_body_is_a_422_naming_the_field(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], pointer: str
) -> None:
    response = await client.post(path, json=body)
    assert (response.status_code, pointers(response)) == (422, [pointer])


async def test_a_job_posting_title_is_one_line(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    body = {"appellation_code": "11573", "contract_type": "permanent", "title": "Boulanger\r\nconfirmé"}
    response = await client.post(
        f"/api/v1/companies/{scene.company.id}/job-postings", json=body, headers=bearer(container, scene.employer)
    )
    assert (response.status_code, pointers(response)) == (422, ["/title"])


# -- free text ---------------------------------------------------------------------------------


async def test_a_message_keeps_its_tabs_and_newlines_and_cr_lf_becomes_lf(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    message = "Bonjour,\r\n\r\nSamir est disponible :\n\t- dès lundi\r\n\t- à temps plein"
    body = {"job_seeker_id": str(scene.job_seeker.id), "company_id": str(scene.company.id), "message": message}
    response = await client.post(CANDIDATURES, json=body, headers=bearer(container, scene.prescriber))
    assert response.status_code == 201, response.text
    assert response.json()["message"] == message.replace("\r\n", "\n")


@pytest.mark.parametrize("character", ["\r", "\x00", "\x0b", "\x0c", "\x1b", "\x85"], ids=lambda c: f"U+{ord(c):04X}")
async def test_a_message_holds_no_other_control_character(
    client: httpx.AsyncClient, container: Container, scene: Scene, character: str
) -> None:
    body = {
        "job_seeker_id": str(scene.job_seeker.id),
        "company_id": str(scene.company.id),
        "message": f"Bonjour{character} Samir",
    }
    response = await client.post(CANDIDATURES, json=body, headers=bearer(container, scene.prescriber))
    assert (response.status_code, pointers(response)) == (422, ["/message"])


async def test_a_refusal_message_is_free_text_too(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    body = {"job_seeker_id": str(scene.job_seeker.id), "company_id": str(scene.company.id)}
    sent = await client.post(CANDIDATURES, json=body, headers=bearer(container, scene.prescriber))
    response = await client.post(
        f"{CANDIDATURES}/{sent.json()['id']}/refuse",
        json={"reason": "other", "message": "Non\x00merci"},
        headers=bearer(container, scene.employer),
    )
    assert (response.status_code, pointers(response)) == (422, ["/message"])


# -- NUL bytes outside bodies --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ("/api/v1/communes?q=cr%00teil", "/query/q"),
        ("/api/v1/rome/appellations?q=boul%00", "/query/q"),
        ("/api/v1/job-postings?commune=75056&rome=K22%0004", "/query/rome/0"),
        ("/api/v1/communes/750%0056", "/path/insee_code"),
    ],
    ids=["communes-q", "appellations-q", "search-rome", "commune-path"],
)
async def test_a_nul_byte_in_a_query_or_a_path_is_a_422(client: httpx.AsyncClient, path: str, pointer: str) -> None:
    response = await client.get(path)
    assert (response.status_code, pointers(response)) == (422, [pointer])


async def test_a_nul_byte_in_a_path_parameter_read_by_the_domain_is_refused(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    staff = bearer(container, await a_user(container, kind=UserKind.STAFF))
    period = {"from": "2026-01-01", "to": "2026-01-31"}
    department = await client.get("/api/v1/departments/7%005/indicators", params=period, headers=staff)
    approval = await client.get("/api/v1/approvals/99999%000000001", headers=bearer(container, scene.employer))
    assert (department.status_code, pointers(department)) == (422, ["/path/code"])
    assert (approval.status_code, pointers(approval)) == (422, ["/path/number"])


async def test_a_nul_byte_in_the_idempotency_key_is_a_422(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    body = {"job_seeker_id": str(scene.job_seeker.id), "company_id": str(scene.company.id)}
    headers = {**bearer(container, scene.prescriber), "Idempotency-Key": "order\x0142"}
    response = await client.post(CANDIDATURES, json=body, headers=headers)
    assert (response.status_code, pointers(response)) == (422, ["/header/Idempotency-Key"])


@pytest.mark.parametrize(
    "form",
    [
        {"grant_type": "password", "username": "lea\x00@example.org", "password": "a long enough password"},
        {"grant_type": "password", "username": "lea@example.org", "password": "a long\x00 password"},
        {"grant_type": "client_credentials", "client_id": "tpl_\x00", "client_secret": "secret"},
    ],
    ids=["username", "password", "client-id"],
)
async def test_a_nul_byte_in_a_field_of_the_token_form_is_an_invalid_request(
    client: httpx.AsyncClient, form: dict[str, str]
) -> None:
    response = await client.post("/api/v1/auth/token", data=form)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "invalid_request"
    assert "\x00" not in response.text


async def test_a_nul_byte_in_the_client_id_of_http_basic_is_an_invalid_request(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/token", data={"grant_type": "client_credentials"}, auth=("tpl_\x00", "secret")
    )
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")


async def test_the_same_form_without_the_nul_byte_gets_its_ordinary_answer(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    form = {"grant_type": "password", "username": "nobody@example.org", "password": "a long enough password"}
    response = await client.post("/api/v1/auth/token", data=form)
    assert (response.status_code, response.json()["error"]) == (400, "invalid_grant")
