"""POST /api/v1/job-seekers/{id}/eligibility-diagnoses."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from api.bootstrap import Container
from domain.companies.companies import Company, CompanyKind
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import JobSeeker
from domain.prescribers.organisations import OrganisationKind, PrescriberOrganisation
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant

PARIS = ZoneInfo("Europe/Paris")


def url(job_seeker: JobSeeker) -> str:
    return f"/api/v1/job-seekers/{job_seeker.id}/eligibility-diagnoses"


async def member_of(container: Container, structure: Company | PrescriberOrganisation) -> User:
    if isinstance(structure, Company):
        return await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(structure))
    return await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(structure))


async def diagnose(
    client: httpx.AsyncClient, container: Container, structure: Company | PrescriberOrganisation, **body: Any
) -> httpx.Response:
    job_seeker = body.pop("job_seeker", None) or await a_job_seeker(container, created_by=structure)
    user = await member_of(container, structure)
    return await client.post(url(job_seeker), json=body, headers=bearer(container, user))


async def test_a_habilitated_prescriber_certifies_eligibility(client: httpx.AsyncClient, container: Container) -> None:
    agency = await an_organisation(container, kind=OrganisationKind.FT)
    job_seeker = await a_job_seeker(container, created_by=agency)

    response = await diagnose(client, container, agency, job_seeker=job_seeker, criteria=["RSA", "QPV"])

    assert response.status_code == 201
    diagnosis = response.json()
    assert {key: diagnosis[key] for key in diagnosis if key not in ("id", "created_at", "expires_at")} == {
        "job_seeker_id": str(job_seeker.id),
        "author_kind": "prescriber",
        "author_organisation_id": str(agency.id),
        "author_company_id": None,
        "criteria": ["RSA", "QPV"],
        "is_valid": True,
    }
    created = datetime.fromisoformat(diagnosis["created_at"]).astimezone(PARIS)
    expires = datetime.fromisoformat(diagnosis["expires_at"]).astimezone(PARIS)
    assert (expires.year * 12 + expires.month) - (created.year * 12 + created.month) == 6
    assert (expires.hour, expires.minute) == (created.hour, created.minute)


async def test_a_prescriber_needs_no_criterion(client: httpx.AsyncClient, container: Container) -> None:
    response = await diagnose(client, container, await an_organisation(container), criteria=[])

    assert response.status_code == 201


async def test_an_orienteur_may_not_make_a_diagnosis(client: httpx.AsyncClient, container: Container) -> None:
    orienteur = await an_organisation(container, kind=OrganisationKind.ORIENTEUR)

    response = await diagnose(client, container, orienteur, criteria=["RSA"])

    assert response.status_code == 403


async def test_a_job_seeker_may_not_diagnose_himself(client: httpx.AsyncClient, container: Container) -> None:
    account = await a_user(container, kind=UserKind.JOB_SEEKER)
    job_seeker = await a_job_seeker(container, created_by=account)

    response = await client.post(url(job_seeker), json={"criteria": ["RSA"]}, headers=bearer(container, account))

    assert response.status_code == 403


async def test_diagnosing_needs_a_token(client: httpx.AsyncClient, container: Container) -> None:
    job_seeker = await a_job_seeker(container, created_by=await an_organisation(container))

    assert (await client.post(url(job_seeker), json={"criteria": []})).status_code == 401


async def test_an_employer_self_prescribes_for_his_company_for_92_days(
    client: httpx.AsyncClient, container: Container
) -> None:
    company = await a_company(container, kind=CompanyKind.AI)

    response = await diagnose(client, container, company, criteria=["QPV", "TH"], company_id=str(company.id))

    assert response.status_code == 201
    diagnosis = response.json()
    assert (diagnosis["author_kind"], diagnosis["author_company_id"]) == ("employer", str(company.id))
    created, expires = datetime.fromisoformat(diagnosis["created_at"]), datetime.fromisoformat(diagnosis["expires_at"])
    # 92 days to the same time of day in Paris: an hour more or less across a change of summer time.
    assert abs(expires - created - timedelta(days=92)) <= timedelta(hours=1)


async def test_too_few_criteria_for_an_aci_is_422_naming_the_rule(
    client: httpx.AsyncClient, container: Container
) -> None:
    company = await a_company(container, kind=CompanyKind.ACI)

    response = await diagnose(client, container, company, criteria=["QPV", "TH"], company_id=str(company.id))

    assert response.status_code == 422
    assert response.json()["type"].endswith("/auto-prescription-criteria")
    assert response.json()["level_2_needed"] == 3


async def test_an_employer_must_name_his_company(client: httpx.AsyncClient, container: Container) -> None:
    response = await diagnose(client, container, await a_company(container), criteria=["RSA"])

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/company_id"]


async def test_a_geiq_makes_no_diagnosis(client: httpx.AsyncClient, container: Container) -> None:
    geiq = await a_company(container, kind=CompanyKind.GEIQ)

    response = await diagnose(client, container, geiq, criteria=["RSA"], company_id=str(geiq.id))

    assert response.status_code == 422
    assert response.json()["type"].endswith("/company-not-subject-to-eligibility")


async def test_an_unknown_criterion_is_422_naming_its_index(client: httpx.AsyncClient, container: Container) -> None:
    response = await diagnose(client, container, await an_organisation(container), criteria=["RSA", "LOTTERY"])

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/criteria/1"]


async def test_senior_for_a_40_year_old_is_422_naming_the_rule(client: httpx.AsyncClient, container: Container) -> None:
    agency = await an_organisation(container)
    today = container.clock.now().date()
    job_seeker = await a_job_seeker(container, created_by=agency, birthdate=date(today.year - 40, 1, 1))

    response = await diagnose(client, container, agency, job_seeker=job_seeker, criteria=["SENIOR"])

    assert response.status_code == 422
    assert response.json()["type"].endswith("/age-criterion-mismatch")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/criteria/0"]


async def test_criteria_must_be_a_list(client: httpx.AsyncClient, container: Container) -> None:
    response = await diagnose(client, container, await an_organisation(container), criteria="RSA")

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/criteria"]


async def test_a_job_seeker_the_prescriber_does_not_follow_is_404(
    client: httpx.AsyncClient, container: Container
) -> None:
    job_seeker = await a_job_seeker(container, created_by=await a_company(container))

    response = await diagnose(client, container, await an_organisation(container), job_seeker=job_seeker, criteria=[])

    assert response.status_code == 404
