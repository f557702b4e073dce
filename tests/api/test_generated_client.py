"""A Python client generated from the OpenAPI document (openapi-python-client)
drives a hire from the prescription to the PASS IAE, as a partner's software
would (docs/CLIENTS.md): the schema is usable, and its names read well.

The generated package does not exist before the session fixture writes it,
so the scenario imports it inside its functions."""

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.bootstrap import Container
from api.http.app import create_app
from api.settings import load_settings
from domain.approvals.business_dates import paris_date
from domain.identity.users import User, UserKind
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import PASSWORD, a_user
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.conftest import BASE_URL
from tests.nirs import a_nir

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
CONFIG = Path(__file__).with_name("generated_client.yaml")
PACKAGE = "tremplin_client"


@pytest.fixture(scope="session")
def generated_client(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[str]:
    """Generates the client once per session and makes it importable; yields
    what the generator printed."""
    root = tmp_path_factory.mktemp("generated_client")
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{root / 'unused.db'}", data_dir=data_dir)
    document = root / "openapi.json"
    document.write_text(json.dumps(create_app(settings).openapi()))
    printed = generate(document, output=root / PACKAGE)
    sys.path.insert(0, str(root))
    yield printed
    sys.path.remove(str(root))
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def generate(document: Path, *, output: Path) -> str:
    options = ["--path", str(document), "--output-path", str(output), "--meta", "none", "--config", str(CONFIG)]
    generation = subprocess.run(
        [str(GENERATOR), "generate", *options], capture_output=True, text=True, timeout=60, check=False
    )
    assert generation.returncode == 0, generation.stdout + generation.stderr
    return generation.stdout + generation.stderr


def test_the_generator_has_nothing_to_say_about_the_schema(generated_client: str) -> None:
    said = [line for line in generated_client.splitlines() if line.strip() and not line.startswith("Generating ")]
    assert said == [], generated_client


@dataclass(slots=True, frozen=True)
class Hiring:
    """A France Travail prescriber and an SIAE employer, each with an account."""

    company_id: uuid.UUID
    prescriber: User
    employer: User


async def a_hiring(container: Container) -> Hiring:
    company, agency = await a_company(container), await an_organisation(container)
    return Hiring(
        company_id=company.id,
        prescriber=await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(agency)),
        employer=await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company)),
    )


async def signed_in(transport: httpx.AsyncBaseTransport, email: str) -> Any:
    """An AuthenticatedClient holding the token of the password grant (a form body)."""
    from tremplin_client import AuthenticatedClient, Client
    from tremplin_client.api.auth import auth_token
    from tremplin_client.models import AuthTokenBody, AuthTokenBodyGrantType, TokenOut

    async with Client(base_url=BASE_URL, httpx_args={"transport": transport}) as anonymous:
        token = await auth_token.asyncio(
            client=anonymous,
            body=AuthTokenBody(grant_type=AuthTokenBodyGrantType.PASSWORD, username=email, password=PASSWORD),
        )
    assert isinstance(token, TokenOut), token
    assert token.token_type.lower() == "bearer"
    return AuthenticatedClient(base_url=BASE_URL, token=token.access_token, httpx_args={"transport": transport})


async def registered_and_diagnosed(prescriber: Any, nir: str) -> Any:
    """The prescriber looks for a person by NIR, registers him, finds him then, and
    certifies his eligibility."""
    from tremplin_client.api.eligibility import eligibility_diagnoses_create
    from tremplin_client.api.job_seekers import job_seekers_create, job_seekers_find_by_nir
    from tremplin_client.models import DiagnosisCreate, DiagnosisOut, JobSeekerCreate, JobSeekerFoundPage, JobSeekerOut

    unknown = await job_seekers_find_by_nir.asyncio(client=prescriber, nir=nir)
    assert isinstance(unknown, JobSeekerFoundPage) and unknown.items == [], unknown
    created = await job_seekers_create.asyncio(
        client=prescriber, body=JobSeekerCreate(first_name="Nadia", last_name="Haddad", nir=nir)
    )
    assert isinstance(created, JobSeekerOut), created
    found = await job_seekers_find_by_nir.asyncio(client=prescriber, nir=nir)
    assert isinstance(found, JobSeekerFoundPage), found
    assert [job_seeker.id for job_seeker in found.items] == [created.id]
    diagnosis = await eligibility_diagnoses_create.asyncio(
        created.id, client=prescriber, body=DiagnosisCreate(criteria=["RSA"])
    )
    assert isinstance(diagnosis, DiagnosisOut), diagnosis
    return created


async def prescribed(prescriber: Any, *, job_seeker_id: uuid.UUID, company_id: uuid.UUID) -> Any:
    """A candidature sent with an Idempotency-Key, then sent again as a retry would."""
    from tremplin_client.api.candidatures import candidatures_create
    from tremplin_client.models import CandidatureCreate, CandidatureDetailOut, CandidatureState

    body = CandidatureCreate(company_id=company_id, job_seeker_id=job_seeker_id, message="Disponible tout de suite.")
    key = str(uuid.uuid4())
    sent = await candidatures_create.asyncio(client=prescriber, body=body, idempotency_key=key)
    assert isinstance(sent, CandidatureDetailOut), sent
    assert sent.state == CandidatureState.NEW
    retried = await candidatures_create.asyncio_detailed(client=prescriber, body=body, idempotency_key=key)
    assert retried.headers.get("Idempotent-Replayed") == "true"
    assert isinstance(retried.parsed, CandidatureDetailOut) and retried.parsed.id == sent.id
    return sent


async def hired(employer: Any, *, candidature_id: uuid.UUID, start: Any) -> Any:
    """The employer finds the candidature among the new ones and accepts it."""
    from tremplin_client.api.candidatures import candidatures_accept, candidatures_list
    from tremplin_client.models import AcceptanceCreate, CandidatureDetailOut, CandidaturePage, CandidatureState

    page = await candidatures_list.asyncio(client=employer, state=CandidatureState.NEW)
    assert isinstance(page, CandidaturePage), page
    assert [candidature.id for candidature in page.items] == [candidature_id]
    accepted = await candidatures_accept.asyncio(
        candidature_id, client=employer, body=AcceptanceCreate(hiring_start_at=start)
    )
    assert isinstance(accepted, CandidatureDetailOut), accepted
    assert accepted.state == CandidatureState.ACCEPTED
    return accepted


async def test_a_generated_client_takes_a_job_seeker_from_prescription_to_pass_iae(
    generated_client: str, app: FastAPI, container: Container
) -> None:
    from tremplin_client.api.pass_iae import approvals_get
    from tremplin_client.models import ApprovalOut, ApprovalStatus

    hiring = await a_hiring(container)
    today = paris_date(container.clock.now())
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with (
        await signed_in(transport, hiring.prescriber.email) as prescriber,
        await signed_in(transport, hiring.employer.email) as employer,
    ):
        job_seeker = await registered_and_diagnosed(prescriber, a_nir())
        sent = await prescribed(prescriber, job_seeker_id=job_seeker.id, company_id=hiring.company_id)
        accepted = await hired(employer, candidature_id=sent.id, start=today)
        approval = await approvals_get.asyncio(accepted.approval.number_display, client=employer)

    assert isinstance(approval, ApprovalOut), approval
    assert approval.number == accepted.approval.number
    assert (approval.job_seeker_id, approval.start_at, approval.status) == (job_seeker.id, today, ApprovalStatus.VALID)
    assert approval.remaining_days > 0
