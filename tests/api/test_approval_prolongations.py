"""Prolongation requests of a PASS IAE, their decisions, and
GET /job-seekers/{id}/eligibility."""

from datetime import date, timedelta

import httpx

from api.bootstrap import Container
from domain.identity.users import UserKind
from domain.prescribers.organisations import OrganisationKind
from tests.api.approval_scenes import Hire, a_hire
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import an_organisation, organisation_tenant

PROBLEMS = "https://tremplin.inclusion.example/problems/"


def end_of(hire: Hire) -> date:
    return hire.today + timedelta(days=729)


async def ask(client: httpx.AsyncClient, container: Container, hire: Hire, **body: object) -> httpx.Response:
    payload = {
        "reason": "rqth",
        "end_at": (end_of(hire) + timedelta(days=90)).isoformat(),
        "prescriber_organisation_id": str(hire.agency.id),
        "message": "RQTH reconnue jusqu'en 2030.",
        **body,
    }
    return await client.post(
        f"/api/v1/approvals/{hire.number}/prolongation-requests", json=payload, headers=bearer(container, hire.employer)
    )


async def asked(client: httpx.AsyncClient, container: Container, hire: Hire) -> str:
    response = await ask(client, container, hire)
    assert response.status_code == 201
    return str(response.json()["prolongations"][-1]["id"])


def decision_url(prolongation_id: str, decision: str) -> str:
    return f"/api/v1/prolongation-requests/{prolongation_id}/{decision}"


async def test_the_employer_asks_for_a_prolongation(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    response = await ask(client, container, hire)

    assert response.status_code == 201
    (prolongation,) = response.json()["prolongations"]
    assert {k: prolongation[k] for k in ("reason", "start_at", "end_at", "status", "prescriber_organisation_id")} == {
        "reason": "rqth",
        "start_at": (end_of(hire) + timedelta(days=1)).isoformat(),
        "end_at": (end_of(hire) + timedelta(days=90)).isoformat(),
        "status": "pending",
        "prescriber_organisation_id": str(hire.agency.id),
    }
    assert response.json()["end_at"] == end_of(hire).isoformat()


async def test_the_named_prescriber_grants_and_the_end_date_moves(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)

    response = await client.post(decision_url(prolongation_id, "grant"), headers=bearer(container, hire.prescriber))

    assert response.status_code == 200
    assert response.json()["end_at"] == (end_of(hire) + timedelta(days=90)).isoformat()
    assert response.json()["prolongations"][0]["status"] == "granted"


async def test_the_named_prescriber_denies_with_a_reason(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)

    response = await client.post(
        decision_url(prolongation_id, "deny"),
        json={"reason_code": "reason", "reason": "Pièces justificatives manquantes."},
        headers=bearer(container, hire.prescriber),
    )

    assert response.status_code == 200
    (prolongation,) = response.json()["prolongations"]
    assert (prolongation["status"], prolongation["deny_reason"]) == ("denied", "Pièces justificatives manquantes.")


async def test_denying_without_a_reason_is_422_naming_it(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)

    response = await client.post(
        decision_url(prolongation_id, "deny"),
        json={"reason_code": "reason", "reason": ""},
        headers=bearer(container, hire.prescriber),
    )

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/reason"]


async def test_a_decided_request_is_409(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)
    await client.post(decision_url(prolongation_id, "grant"), headers=bearer(container, hire.prescriber))

    response = await client.post(decision_url(prolongation_id, "grant"), headers=bearer(container, hire.prescriber))

    assert (response.status_code, response.json()["type"]) == (409, PROBLEMS + "prolongation-already-decided")


async def test_the_employer_may_not_decide(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)

    response = await client.post(decision_url(prolongation_id, "grant"), headers=bearer(container, hire.employer))

    assert response.status_code == 403


async def test_another_organisation_is_told_the_request_does_not_exist(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)
    outsider = await a_user(
        container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(await an_organisation(container))
    )

    response = await client.post(decision_url(prolongation_id, "grant"), headers=bearer(container, outsider))

    assert response.status_code == 404


async def test_a_second_pending_request_is_409(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    await asked(client, container, hire)

    response = await ask(client, container, hire, reason="senior")

    assert (response.status_code, response.json()["type"]) == (409, PROBLEMS + "prolongation-pending")


async def test_a_request_without_its_prescriber_is_422_naming_the_field(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)

    response = await ask(client, container, hire, prescriber_organisation_id=None)

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "prolongation-prescriber-required")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/prescriber_organisation_id"]


async def test_a_request_naming_an_orienteur_is_422(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    orienteur = await an_organisation(container, kind=OrganisationKind.ORIENTEUR)

    response = await ask(client, container, hire, prescriber_organisation_id=str(orienteur.id))

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "prescriber-not-habilitated")


async def test_a_request_longer_than_its_reason_allows_is_422(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    response = await ask(client, container, hire, end_at=(end_of(hire) + timedelta(days=366)).isoformat())

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "prolongation-too-long")


async def test_complete_training_is_granted_on_request(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    response = await ask(client, container, hire, reason="complete_training", prescriber_organisation_id=None)

    assert response.status_code == 201
    assert response.json()["prolongations"][0]["status"] == "granted"
    assert response.json()["end_at"] == (end_of(hire) + timedelta(days=90)).isoformat()


# -- eligibility ------------------------------------------------------------------


def eligibility_url(hire: Hire) -> str:
    return f"/api/v1/job-seekers/{hire.job_seeker.id}/eligibility"


async def test_eligibility_shows_the_diagnosis_that_counts_and_the_pass(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)

    response = await client.get(
        eligibility_url(hire), params={"company_id": str(hire.company.id)}, headers=bearer(container, hire.holder)
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["diagnosis"]["author_organisation_id"], body["diagnosis"]["is_valid"]) == (str(hire.agency.id), True)
    assert (body["approval"]["number"], body["approval"]["status"]) == (hire.number, "valid")
    assert body["reasons"][0].startswith("PASS IAE ")


async def test_eligibility_for_an_unknown_company_is_422_naming_it(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)

    response = await client.get(
        eligibility_url(hire),
        params={"company_id": "00000000-0000-0000-0000-000000000001"},
        headers=bearer(container, hire.holder),
    )

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "unknown-company")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/query/company_id"]


async def test_eligibility_of_someone_the_caller_may_not_see_is_404(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    other = await a_company(container)
    stranger = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(other))

    assert (await client.get(eligibility_url(hire), headers=bearer(container, stranger))).status_code == 404


async def test_eligibility_needs_a_token(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    assert (await client.get(eligibility_url(hire))).status_code == 401
