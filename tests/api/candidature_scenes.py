"""Situations of the candidature API tests."""

from dataclasses import dataclass
from typing import Any

import httpx

from api.bootstrap import Container
from domain.companies.companies import Company, CompanyKind
from domain.identity.clients import ApiClient
from domain.identity.memberships import Tenant
from domain.identity.scopes import Scope
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import JobSeeker
from domain.prescribers.organisations import PrescriberOrganisation
from tests.api.approval_scenes import a_diagnosis
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant

CANDIDATURES = "/api/v1/candidatures"


@dataclass(slots=True, frozen=True)
class Scene:
    """An SIAE and its employer, a France Travail agency and its prescriber, and
    a job seeker with an account whom the agency diagnosed (so it follows him)."""

    company: Company
    employer: User
    agency: PrescriberOrganisation
    prescriber: User
    job_seeker: JobSeeker
    holder: User  # the job seeker's own account


async def a_scene(container: Container, *, kind: CompanyKind = CompanyKind.EI) -> Scene:
    company, agency = await a_company(container, kind=kind), await an_organisation(container)
    holder = await a_user(container, kind=UserKind.JOB_SEEKER)
    job_seeker = await a_job_seeker(container, created_by=holder)
    await a_diagnosis(container, job_seeker, agency)
    return Scene(
        company=company,
        employer=await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company)),
        agency=agency,
        prescriber=await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(agency)),
        job_seeker=job_seeker,
        holder=holder,
    )


async def sent_by_the_prescriber(
    client: httpx.AsyncClient, container: Container, scene: Scene, **fields: Any
) -> dict[str, Any]:
    """A candidature the scene's prescriber sent to the scene's company, as the API returns it."""
    body = {"job_seeker_id": str(scene.job_seeker.id), "company_id": str(scene.company.id), **fields}
    response = await client.post(CANDIDATURES, json=body, headers=bearer(container, scene.prescriber))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def a_partner_token(container: Container, tenant: Tenant, *, scopes: frozenset[Scope]) -> dict[str, str]:
    partner = ApiClient(
        id=container.ids.new_id(),
        client_id=f"tpl_{container.ids.new_id().hex[:16]}",
        name="Logiciel partenaire",
        secret_hash="not-used-here",
        tenant=tenant,
        scopes=scopes,
        created_at=container.clock.now(),
    )
    uow = container.new_uow()
    async with uow:
        await uow.clients.add(partner)
        await uow.commit()
    token = container.tokens.issue(subject=str(partner.id), subject_type="client", scope=" ".join(sorted(scopes)))
    return {"Authorization": f"Bearer {token}"}
