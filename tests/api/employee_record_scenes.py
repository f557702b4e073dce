"""Situations of the employee record tests through the API: a prescriber's
candidature accepted in an SIAE with a new PASS IAE opens the record."""

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.companies.companies import Company, CompanyKind
from domain.identity.users import User, UserKind
from tests.api.approval_scenes import a_diagnosis
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant

RECORDS = "/api/v1/employee-records"
_serial = itertools.count(1)


def a_nir() -> str:
    """A fresh NIR of a woman born in May 1990 in the Rhône, with its key."""
    body = f"2900569123{next(_serial):03d}"
    return body + f"{97 - int(body) % 97:02d}"


COMPLETE: dict[str, Any] = {
    "title": "MME",
    "birth_commune": "69123",
    "lane_number": "12",
    "lane_extension": "B",
    "lane_type": "RUE",
    "lane_name": "de l'Église (Saint-Étienne)",
    "address_commune": "75111",
    "address_postal_code": "75011",
    "education_level": "40",
    "orienteur": "03",
    "situation": {"france_travail_registered": True, "france_travail_since": "02", "rsa": "OUI-NM", "rsa_since": "03"},
}


@dataclass(slots=True, frozen=True)
class Hire:
    company: Company
    employer: User
    record: dict[str, Any]


async def a_hire(
    client: httpx.AsyncClient, container: Container, *, kind: CompanyKind = CompanyKind.EI, first_name: str = "Inès"
) -> Hire:
    company, agency = await a_company(container, kind=kind), await an_organisation(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    prescriber = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(agency))
    job_seeker = await a_job_seeker(
        container, created_by=agency, first_name=first_name, birthdate=date(1990, 5, 17), nir=a_nir()
    )
    await a_diagnosis(container, job_seeker, agency)
    body = {"job_seeker_id": str(job_seeker.id), "company_id": str(company.id)}
    sent = await client.post("/api/v1/candidatures", json=body, headers=bearer(container, prescriber))
    assert sent.status_code == 201, sent.text
    accepted = await client.post(
        f"/api/v1/candidatures/{sent.json()['id']}/accept",
        json={"hiring_start_at": paris_date(container.clock.now()).isoformat()},
        headers=bearer(container, employer),
    )
    assert accepted.status_code == 200, accepted.text
    listed = await client.get(RECORDS, headers=bearer(container, employer))
    [record] = listed.json()["items"]
    return Hire(company, employer, record)


async def a_ready_hire(client: httpx.AsyncClient, container: Container, **options: Any) -> Hire:
    hire = await a_hire(client, container, **options)
    url = f"{RECORDS}/{hire.record['id']}"
    patched = await client.patch(url, json=COMPLETE, headers=bearer(container, hire.employer))
    assert patched.status_code == 200, patched.text
    ready = await client.post(f"{url}/ready", headers=bearer(container, hire.employer))
    assert ready.status_code == 200, ready.text
    return Hire(hire.company, hire.employer, ready.json())
