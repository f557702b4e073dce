"""GET /prolongation-requests (the inbox), GET /prolongation-requests/{id}, a
request addressed to one prescriber, and a denial with its reason code."""

from datetime import date, timedelta
from typing import Any

import httpx

from api.bootstrap import Container
from domain.identity.users import User, UserKind
from domain.notifications.messages import DeliveryState
from tests.api.approval_scenes import Hire, a_hire
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import organisation_tenant

PROBLEMS = "https://tremplin.inclusion.example/problems/"
INBOX = "/api/v1/prolongation-requests"


def end_of(hire: Hire) -> date:
    return hire.today + timedelta(days=729)


async def ask(client: httpx.AsyncClient, container: Container, hire: Hire, **body: object) -> httpx.Response:
    payload = {
        "reason": "rqth",
        "end_at": (end_of(hire) + timedelta(days=90)).isoformat(),
        "prescriber_email": hire.prescriber.email,
        **body,
    }
    return await client.post(
        f"/api/v1/approvals/{hire.number}/prolongation-requests", json=payload, headers=bearer(container, hire.employer)
    )


async def asked(client: httpx.AsyncClient, container: Container, hire: Hire) -> str:
    response = await ask(client, container, hire)
    assert response.status_code == 201, response.text
    return str(response.json()["prolongations"][-1]["id"])


async def inbox(client: httpx.AsyncClient, container: Container, user: User, **query: Any) -> httpx.Response:
    return await client.get(INBOX, params=query, headers=bearer(container, user))


async def a_colleague(container: Container, hire: Hire) -> User:
    return await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(hire.agency))


async def test_a_request_addressed_by_email_names_the_prescriber_and_his_agency(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)

    response = await ask(client, container, hire)

    assert response.status_code == 201
    (prolongation,) = response.json()["prolongations"]
    assert (prolongation["assigned_to_user_id"], prolongation["prescriber_organisation_id"]) == (
        str(hire.prescriber.id),
        str(hire.agency.id),
    )


async def test_an_email_that_is_no_habilitated_prescriber_is_422_naming_it(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)

    response = await ask(client, container, hire, prescriber_email=hire.employer.email)

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "prolongation-prescriber-unknown")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/prescriber_email"]


async def test_the_addressed_prescriber_finds_the_pending_request_in_his_inbox(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)

    response = await inbox(client, container, hire.prescriber, state="pending")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    (item,) = response.json()["items"]
    assert {k: item[k] for k in ("id", "status", "approval_number", "approval_end_at", "job_seeker_id")} == {
        "id": prolongation_id,
        "status": "pending",
        "approval_number": hire.number,
        "approval_end_at": end_of(hire).isoformat(),
        "job_seeker_id": str(hire.job_seeker.id),
    }
    assert response.json()["next"] is None


async def test_a_prescriber_who_is_not_the_decider_neither_lists_nor_decides_it(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)
    colleague = await a_colleague(container, hire)

    listed = await inbox(client, container, colleague)
    granted = await client.post(f"{INBOX}/{prolongation_id}/grant", headers=bearer(container, colleague))

    assert (listed.status_code, listed.json()["items"]) == (200, [])
    assert (granted.status_code, granted.json()["type"]) == (403, PROBLEMS + "forbidden")


async def test_the_employer_lists_the_requests_of_his_company_and_another_company_none(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)
    stranger = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(await a_company(container)))

    own = await inbox(client, container, hire.employer)
    other = await inbox(client, container, stranger)
    read = await client.get(f"{INBOX}/{prolongation_id}", headers=bearer(container, stranger))

    assert [(i["id"], i["status"]) for i in own.json()["items"]] == [(prolongation_id, "pending")]
    assert (other.status_code, other.json()["items"]) == (200, [])
    assert read.status_code == 404


async def test_a_job_seeker_may_not_list_requests(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    response = await inbox(client, container, hire.holder)

    assert response.status_code == 403


async def test_the_inbox_pages_with_a_next_link(client: httpx.AsyncClient, container: Container) -> None:
    first, second = await a_hire(container), await a_hire(container)
    older = await asked(client, container, first)
    to_the_same_prescriber = await ask(client, container, second, prescriber_email=first.prescriber.email)
    newer = to_the_same_prescriber.json()["prolongations"][-1]["id"]

    page = await inbox(client, container, first.prescriber, limit=1)
    following = await client.get(page.json()["next"], headers=bearer(container, first.prescriber))

    assert page.json()["next"].startswith("https://tremplin.test/api/v1/prolongation-requests?")
    assert [i["id"] for i in page.json()["items"] + following.json()["items"]] == [newer, older]
    assert following.json()["next"] is None


async def test_one_request_is_read_by_the_employer(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)

    response = await client.get(f"{INBOX}/{prolongation_id}", headers=bearer(container, hire.employer))

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["approval_number_display"]) == (
        prolongation_id,
        f"{hire.number[:5]} {hire.number[5:7]} {hire.number[7:]}",
    )


async def test_a_denial_keeps_its_reason_code_and_proposed_actions_and_reaches_the_employer(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)
    body = {
        "reason_code": "iae",
        "reason": "Le parcours IAE a porté ses fruits.",
        "proposed_actions": ["exit_iae", "social_partner"],
        "proposed_actions_explanation": "Rendez-vous avec la mission locale le 12.",
    }

    response = await client.post(
        f"{INBOX}/{prolongation_id}/deny", json=body, headers=bearer(container, hire.prescriber)
    )

    assert response.status_code == 200, response.text
    (denied,) = response.json()["prolongations"]
    assert {k: denied[k] for k in ("status", "deny_reason_code", "deny_reason", "deny_proposed_actions")} == {
        "status": "denied",
        "deny_reason_code": "iae",
        "deny_reason": "Le parcours IAE a porté ses fruits.",
        "deny_proposed_actions": ["exit_iae", "social_partner"],
    }
    uow = container.new_uow()
    async with uow:
        pending = await uow.outbox.in_state(DeliveryState.PENDING, after=None, limit=20)
    (decided,) = [m for m in pending if m.template == "prolongation_decided"]
    assert decided.recipient == hire.employer.email
    assert decided.context["proposed_actions_explanation"] == "Rendez-vous avec la mission locale le 12."


async def test_a_denial_because_the_iae_no_longer_fits_needs_a_proposed_action(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)

    response = await client.post(
        f"{INBOX}/{prolongation_id}/deny",
        json={"reason_code": "iae", "reason": "Fin de parcours."},
        headers=bearer(container, hire.prescriber),
    )

    assert (response.status_code, response.json()["type"]) == (422, PROBLEMS + "prolongation-denial-actions-required")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/proposed_actions"]


async def test_a_denial_without_a_known_reason_code_is_422(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    prolongation_id = await asked(client, container, hire)

    response = await client.post(
        f"{INBOX}/{prolongation_id}/deny",
        json={"reason_code": "bored", "reason": "Non."},
        headers=bearer(container, hire.prescriber),
    )

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/reason_code"]
