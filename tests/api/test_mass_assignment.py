"""Fields a caller may not set are refused with a 422 naming them, never taken.

Request bodies refuse unknown fields (``api.http.schemas.common.Input``), so a
state, a PASS IAE number, a habilitation, a company or an owner slipped into a
body is an error at its own pointer; the few choices a body may carry but
only some callers may make (a member's role) are refused by the use case.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from api.bootstrap import Container
from domain.identity.memberships import MembershipRole
from domain.identity.users import UserKind
from tests.api.approval_scenes import a_hire
from tests.api.authorization_world import with_fast_hashing
from tests.api.candidature_scenes import CANDIDATURES, Scene, a_scene, sent_by_the_prescriber
from tests.api.employee_record_scenes import RECORDS
from tests.api.employee_record_scenes import a_hire as an_employee_record_hire
from tests.builders.companies import a_company, a_job_posting, a_siret, company_tenant
from tests.builders.identity import PASSWORD, a_user, bearer

pytestmark = pytest.mark.anyio


@pytest.fixture
def container(app: FastAPI) -> Container:
    app.state.container = with_fast_hashing(app.state.container)
    fast: Container = app.state.container
    return fast


@dataclass(slots=True, frozen=True)
class Request:
    method: str
    url: str
    body: dict[str, Any]
    headers: dict[str, str]


Situation = Callable[[httpx.AsyncClient, Container, Scene], Awaitable[Request]]


async def submitting(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    body = {"job_seeker_id": str(scene.job_seeker.id), "company_id": str(scene.company.id)}
    return Request("POST", CANDIDATURES, body, bearer(container, scene.prescriber))


async def accepting(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    candidature = await sent_by_the_prescriber(client, container, scene)
    body = {"hiring_start_at": container.clock.now().date().isoformat()}
    return Request("POST", f"{CANDIDATURES}/{candidature['id']}/accept", body, bearer(container, scene.employer))


async def refusing(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    candidature = await sent_by_the_prescriber(client, container, scene)
    url = f"{CANDIDATURES}/{candidature['id']}/refuse"
    return Request("POST", url, {"reason": "no_position"}, bearer(container, scene.employer))


async def signing_up_a_prescriber(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    body = {
        "email": f"new.{uuid4().hex}@example.org",
        "password": PASSWORD,
        "first_name": "Camille",
        "last_name": "Martin",
        "organisation_siret": a_siret(),
        "organisation_kind": "CHRS",
        "organisation_name": "CHRS Le Phare",
    }
    return Request("POST", "/api/v1/signup/prescriber", body, {})


async def signing_up_a_job_seeker(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    body = {"email": f"new.{uuid4().hex}@example.org", "password": PASSWORD, "first_name": "Léa", "last_name": "M"}
    return Request("POST", "/api/v1/signup/job-seeker", body, {})


async def publishing(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    body = {"appellation_code": "11573", "contract_type": "fixed_term_i"}
    return Request(
        "POST", f"/api/v1/companies/{scene.company.id}/job-postings", body, bearer(container, scene.employer)
    )


async def revising_a_posting(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    posting = await a_job_posting(container, scene.company)
    return Request(
        "PATCH", f"/api/v1/job-postings/{posting.id}", {"title": "Valoriste"}, bearer(container, scene.employer)
    )


async def editing_the_company(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    url = f"/api/v1/companies/{scene.company.id}"
    return Request("PATCH", url, {"description": "Recyclerie"}, bearer(container, scene.employer))


async def registering_a_job_seeker(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    body = {"first_name": "Nadia", "last_name": "Haddad"}
    return Request("POST", "/api/v1/job-seekers", body, bearer(container, scene.prescriber))


async def editing_a_job_seeker(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    url = f"/api/v1/job-seekers/{scene.job_seeker.id}"
    return Request("PATCH", url, {"first_name": "Samir"}, bearer(container, scene.prescriber))


async def diagnosing(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    url = f"/api/v1/job-seekers/{scene.job_seeker.id}/eligibility-diagnoses"
    return Request("POST", url, {"criteria": ["RSA"]}, bearer(container, scene.prescriber))


async def suspending(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    hire = await a_hire(container)
    body = {"start_at": hire.today.isoformat(), "end_at": hire.today.isoformat(), "reason": "contract_broken"}
    return Request("POST", f"/api/v1/approvals/{hire.number}/suspensions", body, bearer(container, hire.employer))


async def completing_an_employee_record(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    hire = await an_employee_record_hire(client, container)
    url = f"{RECORDS}/{hire.record['id']}"
    return Request("PATCH", url, {"lane_name": "de la Paix"}, bearer(container, hire.employer))


async def recording_an_exit(client: httpx.AsyncClient, container: Container, scene: Scene) -> Request:
    candidature = await sent_by_the_prescriber(client, container, scene)
    url = f"{CANDIDATURES}/{candidature['id']}/exit"
    today = container.clock.now().date().isoformat()
    body = {"exit_at": today, "hours_worked": 500, "exit_kind": "durable_employment"}
    return Request("POST", url, body, bearer(container, scene.employer))


# What is tried, on which request, and the value slipped in.
FORBIDDEN_FIELDS: list[tuple[Situation, str, object]] = [
    (submitting, "state", "accepted"),
    (submitting, "approval", {"number": "999990000001"}),
    (submitting, "approval_number", "999990000001"),
    (submitting, "sender_kind", "employer"),
    (submitting, "sender_id", str(uuid4())),
    (submitting, "sender_organisation_id", str(uuid4())),
    (submitting, "sender_company_id", str(uuid4())),
    (submitting, "eligibility_diagnosis_id", str(uuid4())),
    (submitting, "hiring_start_at", "2026-01-05"),
    (submitting, "history", []),
    (accepting, "approval_number", "999990000001"),
    (accepting, "approval", {"number": "999990000001"}),
    (accepting, "eligibility_diagnosis_id", str(uuid4())),
    (accepting, "state", "accepted"),
    (refusing, "state", "refused"),
    (signing_up_a_prescriber, "habilitation", "validated"),
    (signing_up_a_prescriber, "is_habilitated", True),
    (signing_up_a_prescriber, "role", "admin"),
    (signing_up_a_job_seeker, "kind", "staff"),
    (signing_up_a_job_seeker, "is_active", True),
    (publishing, "company_id", str(uuid4())),
    (publishing, "id", str(uuid4())),
    (revising_a_posting, "company_id", str(uuid4())),
    (editing_the_company, "siret", "73282932000074"),
    (editing_the_company, "kind", "ACI"),
    (editing_the_company, "name", "Autre nom"),
    (editing_the_company, "is_active", False),
    (editing_the_company, "subject_to_eligibility", False),
    (registering_a_job_seeker, "created_by_user_id", str(uuid4())),
    (registering_a_job_seeker, "created_by_organisation_id", str(uuid4())),
    (registering_a_job_seeker, "created_by_company_id", str(uuid4())),
    (registering_a_job_seeker, "user_id", str(uuid4())),
    (registering_a_job_seeker, "id", str(uuid4())),
    (editing_a_job_seeker, "user_id", str(uuid4())),
    (editing_a_job_seeker, "created_by_organisation_id", str(uuid4())),
    (diagnosing, "author_kind", "prescriber"),
    (diagnosing, "author_organisation_id", str(uuid4())),
    (diagnosing, "expires_at", "2099-01-01T00:00:00+00:00"),
    (suspending, "company_id", str(uuid4())),
    (completing_an_employee_record, "state", "processed"),
    (completing_an_employee_record, "approval_number", "999990000001"),
    (completing_an_employee_record, "nir", "290056912300157"),
    (completing_an_employee_record, "siret", "73282932000074"),
    (completing_an_employee_record, "asp_code", "0000"),
    (completing_an_employee_record, "batch_file", "RIAE_FS_20260302090000.json"),
    (recording_an_exit, "recorded_by", str(uuid4())),
    (recording_an_exit, "candidature_id", str(uuid4())),
]


@pytest.mark.parametrize(
    ("situation", "field", "value"),
    FORBIDDEN_FIELDS,
    ids=[f"{situation.__name__}-{field}" for situation, field, _ in FORBIDDEN_FIELDS],
)
async def test_a_field_the_caller_may_not_set_is_refused_at_its_pointer(
    client: httpx.AsyncClient, container: Container, situation: Situation, field: str, value: object
) -> None:
    request = await situation(client, container, await a_scene(container))
    response = await client.request(
        request.method, request.url, json={**request.body, field: value}, headers=request.headers
    )

    assert response.status_code == 422, response.text
    assert [error["pointer"] for error in response.json()["errors"]] == [f"/{field}"]


async def test_a_member_who_is_not_admin_may_not_add_an_admin(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    member = await a_user(
        container, kind=UserKind.EMPLOYER, member_of=company_tenant(company), role=MembershipRole.MEMBER
    )
    newcomer = await a_user(container, kind=UserKind.EMPLOYER)

    response = await client.post(
        f"/api/v1/companies/{company.id}/members",
        json={"email": newcomer.email, "role": "admin"},
        headers=bearer(container, member),
    )

    assert response.status_code == 403


async def test_a_member_who_is_not_admin_may_not_make_himself_admin(
    client: httpx.AsyncClient, container: Container
) -> None:
    company = await a_company(container)
    await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    member = await a_user(
        container, kind=UserKind.EMPLOYER, member_of=company_tenant(company), role=MembershipRole.MEMBER
    )

    response = await client.patch(
        f"/api/v1/companies/{company.id}/members/{member.id}", json={"role": "admin"}, headers=bearer(container, member)
    )

    assert response.status_code == 403
    listed = await client.get(f"/api/v1/companies/{company.id}/members", headers=bearer(container, member))
    assert {m["role"] for m in listed.json()["items"] if m["user_id"] == str(member.id)} == {"member"}


async def test_acting_for_a_company_one_is_not_a_member_of_is_refused(
    client: httpx.AsyncClient, container: Container
) -> None:
    scene = await a_scene(container)
    other = await a_company(container)

    response = await client.patch(
        f"/api/v1/companies/{other.id}",
        json={"description": "Prise de contrôle"},
        headers=bearer(container, scene.employer, act_as=other.id),
    )

    assert response.status_code == 403
