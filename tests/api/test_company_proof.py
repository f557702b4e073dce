"""ABUSE: taking over a company with its public SIRET. The first person to sign
up for a company reads nothing of it until the link sent to its official
address (from the ASP referential) is followed; the emails are read from a
real SMTP server and the link followed as the company's mailbox holder would."""

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.bootstrap import Container
from api.settings import Settings
from domain.companies.companies import Company
from domain.identity.users import UserKind
from tests.api.account_links import (
    CONFIRM,
    CONFIRMATION_PAGE,
    deliver,
    emails_to,
    last_token_to,
    settings_sending_to,
    text_of,
    tokens_in,
)
from tests.api.approval_scenes import a_diagnosis
from tests.api.authorization_world import with_fast_hashing
from tests.api.candidature_scenes import CANDIDATURES
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.fakes.system import FixedClock
from tests.integration.smtp_sink import Inbox, an_smtp_server

pytestmark = pytest.mark.anyio

PASSWORD = "un mot de passe solide"
OFFICIAL = "direction@recyclerie-belleville.example.org"
STRANGER = "usurpateur@example.org"
PROOFS = "/api/v1/company-proofs"
PAGE = "confirmer-administrateur"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with an_smtp_server() as server:
        yield server


@pytest.fixture
def settings(db: str, data_dir: Path, inbox: Inbox) -> Settings:
    return settings_sending_to(inbox, database_url=db, data_dir=data_dir)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def container(app: FastAPI, clock: FixedClock) -> Container:
    app.state.container = dataclasses.replace(with_fast_hashing(app.state.container), clock=clock)
    built: Container = app.state.container
    return built


async def a_company_with_a_candidature(
    client: httpx.AsyncClient, container: Container, *, auth_email: str | None = OFFICIAL
) -> tuple[Company, dict[str, Any]]:
    """A company of the referential with no member yet, and a candidature a prescriber sent it."""
    company, agency = await a_company(container, auth_email=auth_email), await an_organisation(container)
    prescriber = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(agency))
    job_seeker = await a_job_seeker(container, created_by=prescriber)
    await a_diagnosis(container, job_seeker, agency)
    body = {"job_seeker_id": str(job_seeker.id), "company_id": str(company.id)}
    sent = await client.post(CANDIDATURES, json=body, headers=bearer(container, prescriber))
    assert sent.status_code == 201, sent.text
    return company, sent.json()


async def signs_up(client: httpx.AsyncClient, company: Company, email: str = STRANGER) -> httpx.Response:
    account = {"email": email, "password": PASSWORD, "first_name": "Marc", "last_name": "Usurpe"}
    return await client.post("/api/v1/signup/employer", json={**account, "company_siret": company.siret})


async def signed_in(
    client: httpx.AsyncClient, settings: Settings, container: Container, inbox: Inbox, email: str = STRANGER
) -> dict[str, str]:
    """His token, once he confirmed his own address as every account does."""
    await deliver(settings, container)
    confirmed = await client.post(CONFIRM, json={"token": last_token_to(inbox, email, CONFIRMATION_PAGE)})
    assert confirmed.status_code == 200, confirmed.text
    form = {"grant_type": "password", "username": email, "password": PASSWORD}
    response = await client.post("/api/v1/auth/token", data=form)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def what_he_reads(
    client: httpx.AsyncClient, headers: dict[str, str], company: Company, candidature: str
) -> dict[str, object]:
    listed = await client.get(CANDIDATURES, params={"company_id": str(company.id)}, headers=headers)
    one = await client.get(f"{CANDIDATURES}/{candidature}", headers=headers)
    acting = await client.get(CANDIDATURES, headers={**headers, "Tremplin-Act-As": str(company.id)})
    members = await client.get(f"/api/v1/companies/{company.id}/members", headers=headers)
    return {
        "list": (listed.status_code, [c["id"] for c in listed.json()["items"]] if listed.status_code == 200 else None),
        "one": one.status_code,
        "acting_for_it": acting.status_code,
        "members": members.status_code,
    }


async def test_a_stranger_with_the_public_siret_reads_nothing_until_the_official_address_confirms(
    client: httpx.AsyncClient, container: Container, settings: Settings, inbox: Inbox
) -> None:
    company, candidature = await a_company_with_a_candidature(client, container)

    signup = await signs_up(client, company)
    headers = await signed_in(client, settings, container, inbox)
    before = await what_he_reads(client, headers, company, candidature["id"])
    await deliver(settings, container)
    proved = await client.post(PROOFS, json={"token": last_token_to(inbox, OFFICIAL, PAGE)})
    after = await what_he_reads(client, headers, company, candidature["id"])

    assert signup.status_code == 201, signup.text
    assert (signup.json()["membership_status"], signup.json()["company_proof_sent_to"]) == ("pending", "d***@r***.org")
    assert before == {"list": (200, []), "one": 404, "acting_for_it": 403, "members": 403}
    assert (proved.status_code, proved.json()["role"], proved.json()["status"]) == (200, "admin", "active")
    assert after == {"list": (200, [candidature["id"]]), "one": 200, "acting_for_it": 200, "members": 200}


async def test_the_email_to_the_official_address_names_who_asks(
    client: httpx.AsyncClient, container: Container, settings: Settings, inbox: Inbox
) -> None:
    company, _ = await a_company_with_a_candidature(client, container)
    await signs_up(client, company)

    await deliver(settings, container)

    (email,) = emails_to(inbox, OFFICIAL)
    assert "Marc Usurpe" in str(email["Subject"]) and company.name in str(email["Subject"])
    assert STRANGER in text_of(email)
    assert all(PAGE not in text_of(m) for m in emails_to(inbox, STRANGER)), "the link is not his to follow"


async def test_the_proof_link_serves_once_and_not_after_24_hours(
    client: httpx.AsyncClient, container: Container, settings: Settings, inbox: Inbox, clock: FixedClock
) -> None:
    company, _ = await a_company_with_a_candidature(client, container)
    await signs_up(client, company)
    await signs_up(client, company, "second@example.org")
    await deliver(settings, container)
    first, second = (next(iter(tokens_in(text_of(m), PAGE))) for m in emails_to(inbox, OFFICIAL))

    assert (await client.post(PROOFS, json={"token": first})).status_code == 200
    again = await client.post(PROOFS, json={"token": first})
    clock.advance(timedelta(hours=24))
    late = await client.post(PROOFS, json={"token": second})

    assert again.status_code == late.status_code == 422
    assert again.json()["type"].endswith("/invalid-link") and late.json()["type"].endswith("/invalid-link")


async def test_without_an_official_address_the_first_member_waits_for_staff(
    client: httpx.AsyncClient, container: Container, settings: Settings, inbox: Inbox
) -> None:
    company, candidature = await a_company_with_a_candidature(client, container, auth_email=None)

    signup = await signs_up(client, company)
    await deliver(settings, container)

    assert (signup.json()["membership_status"], signup.json()["company_proof_sent_to"]) == ("pending", None)
    headers = await signed_in(client, settings, container, inbox)
    assert await what_he_reads(client, headers, company, candidature["id"]) == {
        "list": (200, []),
        "one": 404,
        "acting_for_it": 403,
        "members": 403,
    }
    staff = bearer(container, await a_user(container, kind=UserKind.STAFF))
    members = await client.get(f"/api/v1/companies/{company.id}/members", headers=staff)
    assert [(m["email"], m["role"], m["status"]) for m in members.json()["items"]] == [(STRANGER, "admin", "pending")]


async def test_a_later_member_of_a_company_with_an_admin_asks_the_admin_not_the_official_address(
    client: httpx.AsyncClient, container: Container, settings: Settings, inbox: Inbox
) -> None:
    company, _ = await a_company_with_a_candidature(client, container)
    await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    signup = await signs_up(client, company)
    await deliver(settings, container)

    assert (signup.json()["membership_status"], signup.json()["company_proof_sent_to"]) == ("pending", None)
    assert emails_to(inbox, OFFICIAL) == []


async def test_an_invitation_token_is_no_company_proof(
    client: httpx.AsyncClient, container: Container, settings: Settings, inbox: Inbox
) -> None:
    company, _ = await a_company_with_a_candidature(client, container)
    await signs_up(client, company)
    staff = bearer(container, await a_user(container, kind=UserKind.STAFF))
    await client.post(f"/api/v1/companies/{company.id}/invitations", json={"email": "x@example.org"}, headers=staff)
    await deliver(settings, container)

    response = await client.post(PROOFS, json={"token": last_token_to(inbox, "x@example.org", "invitation")})

    assert response.status_code == 422 and response.json()["type"].endswith("/invalid-link")
