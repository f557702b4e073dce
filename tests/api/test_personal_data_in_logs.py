"""The logs of a whole scenario hold no NIR, email, phone nor birthdate.

A person is registered with all four by a prescriber, found by his NIR,
edited, diagnosed, oriented to an SIAE and hired there (PASS IAE); a bad NIR
is refused, a known one is a conflict, the emails are "sent" to the log, and a
bug fails a request with a 500. Everything the service writes meanwhile is
read back: its JSON lines on stdout (structlog) and the records of the std
logging root (uvicorn's, the libraries'), at the DEBUG level; each value is
looked for in the formats it may take.
"""

import asyncio
import hashlib
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

import api.http.routers.job_seekers
from api.bootstrap import Container, build_outbox_worker
from api.settings import Settings, load_settings
from domain.approvals.business_dates import paris_date
from domain.identity.users import UserKind
from domain.prescribers.organisations import OrganisationKind
from tests.api.account_links import CONFIRM, token_in_the_outbox
from tests.api.authorization_world import with_fast_hashing
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import PASSWORD, a_user, bearer
from tests.builders.prescribers import an_organisation
from tests.conftest import BASE_URL
from tests.nirs import a_nir, spaced

pytestmark = pytest.mark.anyio

BIRTHDATE = date(1990, 3, 14)
NIR = a_nir(born=BIRTHDATE, sex=2)
EMAIL = "Samira.Benali@Example.org"
PHONE = "06 12 34 56 78"
PERSON = {
    "first_name": "Samira",
    "last_name": "Benali",
    "birthdate": BIRTHDATE.isoformat(),
    "email": EMAIL,
    "phone": PHONE,
    "nir": spaced(NIR),
    "commune": "75111",
}


def formats_of_the_personal_data() -> dict[str, str]:
    """Each value, as it was given and as code or a library might print it."""
    email = EMAIL.lower()
    digits = PHONE.replace(" ", "")
    return {
        "NIR": NIR,
        "NIR, spaced": spaced(NIR),
        "NIR without its key": NIR[:13],
        "NIR in a URL": quote(spaced(NIR)),
        "email": email,
        "email as given": EMAIL,
        "email in a URL": quote(email),
        "local part of the email": email.split("@")[0],
        "email, hashed (linkable to the person)": hashlib.sha256(email.encode()).hexdigest()[:16],
        "phone": PHONE,
        "phone, digits": digits,
        "phone, dotted": ".".join(digits[i : i + 2] for i in range(0, 10, 2)),
        "phone, international": "+33" + digits[1:],
        "birthdate": BIRTHDATE.isoformat(),
        "birthdate, French": BIRTHDATE.strftime("%d/%m/%Y"),
        "birthdate, compact": BIRTHDATE.strftime("%Y%m%d"),
        "birthdate, repr": repr(BIRTHDATE),
        "password": PASSWORD,
    }


@pytest.fixture
def settings(db: str, data_dir: Path) -> Settings:
    # DEBUG: what an operator troubleshooting would turn on must not leak either.
    return load_settings(database_url=db, data_dir=data_dir, public_url=BASE_URL, log_level="DEBUG")


@pytest.fixture
def container(app: FastAPI) -> Container:
    app.state.container = with_fast_hashing(app.state.container)
    fast: Container = app.state.container
    return fast


async def test_a_whole_scenario_logs_no_personal_data(
    app: FastAPI,
    client: httpx.AsyncClient,
    container: Container,
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prescriber, link_token = await signed_up_prescriber(client, container)
    employer, company = await an_employer(container)
    person = await registered(client, prescriber)
    await scenario(client, container, prescriber=prescriber, employer=employer, company=company, person=person)
    await build_outbox_worker(settings, container).run_until_idle()
    await a_request_failing_on_a_bug(app, prescriber, monkeypatch)

    logged = capsys.readouterr()
    written = "\n".join([logged.out, logged.err, *(logging.Formatter().format(r) for r in caplog.records)])
    assert '"event": "request"' in written, "the scenario's access lines are read back"
    assert "unexpected_error" in written and "Exception in ASGI application" in written, "the 500 is logged"
    found = [name for name, value in formats_of_the_personal_data().items() if value in written]
    assert found == []
    assert link_token not in written, "the token of an emailed link is a secret"


async def signed_up_prescriber(client: httpx.AsyncClient, container: Container) -> tuple[dict[str, str], str]:
    """A France Travail agency's first member, signed up, confirmed and logged
    in over HTTP; with the token of the link that confirmed his email."""
    # DOMAIN.md "Onboarding and trust": an agency of the referential, joined with an agency address.
    agency = await an_organisation(container, kind=OrganisationKind.FT)
    account = {"email": "ines.roy@francetravail.fr", "password": PASSWORD, "first_name": "Inès", "last_name": "Roy"}
    organisation = {"organisation_siret": agency.siret, "organisation_kind": "FT"}
    assert (await client.post("/api/v1/signup/prescriber", json={**account, **organisation})).status_code == 201
    link_token = await token_in_the_outbox(container, account["email"])
    assert (await client.post(CONFIRM, json={"token": link_token})).status_code == 200
    form = {"grant_type": "password", "username": account["email"], "password": PASSWORD}
    token = (await client.post("/api/v1/auth/token", data=form)).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}, link_token


async def an_employer(container: Container) -> tuple[dict[str, str], str]:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    return bearer(container, employer), str(company.id)


async def registered(client: httpx.AsyncClient, prescriber: dict[str, str]) -> dict[str, Any]:
    bad_nir = {**PERSON, "nir": NIR[:13] + f"{(int(NIR[13:]) + 1) % 97:02d}"}
    assert (await client.post("/api/v1/job-seekers", json=bad_nir, headers=prescriber)).status_code == 422
    created = await client.post("/api/v1/job-seekers", json=PERSON, headers=prescriber)
    assert created.status_code == 201, created.text
    assert (await client.post("/api/v1/job-seekers", json=PERSON, headers=prescriber)).status_code == 409
    person: dict[str, Any] = created.json()
    return person


async def scenario(
    client: httpx.AsyncClient,
    container: Container,
    *,
    prescriber: dict[str, str],
    employer: dict[str, str],
    company: str,
    person: dict[str, Any],
) -> None:
    """Found by NIR, edited, diagnosed, oriented and hired: every call succeeds."""
    url = f"/api/v1/job-seekers/{person['id']}"
    application = {"job_seeker_id": person["id"], "company_id": company}
    calls = [
        client.get("/api/v1/job-seekers", params={"nir": spaced(NIR)}, headers=prescriber),
        client.patch(url, json={"phone": PHONE, "email": EMAIL}, headers=prescriber),
        client.post(f"{url}/eligibility-diagnoses", json={"criteria": ["RSA"]}, headers=prescriber),
        client.post("/api/v1/candidatures", json=application, headers=prescriber),
    ]
    answers = [await call for call in calls]
    assert [answer.status_code for answer in answers] == [200, 200, 201, 201], [a.text for a in answers]
    candidature = answers[-1].json()["id"]
    start = paris_date(container.clock.now()).isoformat()
    hired = await client.post(
        f"/api/v1/candidatures/{candidature}/accept", json={"hiring_start_at": start}, headers=employer
    )
    assert hired.status_code == 200, hired.text
    number = hired.json()["approval"]["number"]
    assert (await client.get(f"/api/v1/approvals/{number}", headers=employer)).status_code == 200


async def a_request_failing_on_a_bug(app: FastAPI, prescriber: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A use case that crashes with the person's data in its message and its
    variables, served by uvicorn as in production, which logs the exception."""

    async def crashing(**arguments: Any) -> None:
        details = arguments["details"]
        raise RuntimeError(f"bug while registering {details.nir} {details.email} {details.birthdate}")

    monkeypatch.setattr(api.http.routers.job_seekers, "register_job_seeker", crashing)
    async with served(app) as base_url, httpx.AsyncClient(base_url=base_url) as http:
        response = await http.post("/api/v1/job-seekers", json=PERSON, headers=prescriber)
    assert response.status_code == 500


@asynccontextmanager
async def served(app: FastAPI) -> AsyncIterator[str]:
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", access_log=False, log_config=None))
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    while not server.started:  # noqa: ASYNC110 (uvicorn offers a flag, no event)
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    finally:
        server.should_exit = True
        await serving
