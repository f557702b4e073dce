"""Nobody becomes a habilitated prescriber by declaring it (DOMAIN.md,
"Onboarding and trust"): France Travail agencies come from the operator's
referential and are joined with an agency address; any other organisation
created at signup orients without certifying until staff validates it."""

from typing import Any

import httpx
import pytest

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.companies.companies import CompanyKind
from domain.identity.users import UserKind
from domain.prescribers.organisations import OrganisationKind, OrganisationSource
from tests.builders.companies import a_company, a_siret, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import an_organisation

# Marked here, not only by the root conftest: anyio re-creates the items it
# marks late, and that drops the parametrisation of async tests.
pytestmark = pytest.mark.anyio
PASSWORD = "un mot de passe solide"
SIGNUP = "/api/v1/signup/prescriber"


def a_signup(email: str, kind: str, siret: str | None = None, **extra: str) -> dict[str, Any]:
    body: dict[str, Any] = {"email": email, "password": PASSWORD, "first_name": "Léa", "last_name": "Martin"}
    body.update(organisation_kind=kind, **extra)
    if siret is not None:
        body["organisation_siret"] = siret
    return body


def token_of(container: Container, user_id: str) -> dict[str, str]:
    """His bearer token, issued directly: what he may do, not how he logs in, is tested here."""
    token = container.tokens.issue(subject=user_id, subject_type="user", scope="")
    return {"Authorization": f"Bearer {token}"}


async def signed_up(client: httpx.AsyncClient, container: Container, body: dict[str, Any]) -> dict[str, str]:
    response = await client.post(SIGNUP, json=body)
    assert response.status_code == 201, response.text
    return token_of(container, response.json()["user"]["id"])


async def membership(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    (only,) = (await client.get("/api/v1/me", headers=headers)).json()["memberships"]
    found: dict[str, Any] = only
    return found


async def a_person_he_follows(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    response = await client.post(
        "/api/v1/job-seekers", json={"first_name": "Nadia", "last_name": "Haddad"}, headers=headers
    )
    assert response.status_code == 201, response.text
    job_seeker_id: str = response.json()["id"]
    return job_seeker_id


async def diagnose(client: httpx.AsyncClient, headers: dict[str, str], job_seeker_id: str) -> httpx.Response:
    url = f"/api/v1/job-seekers/{job_seeker_id}/eligibility-diagnoses"
    return await client.post(url, json={"criteria": ["RSA"]}, headers=headers)


async def hire(
    client: httpx.AsyncClient, container: Container, prescriber: dict[str, str], job_seeker_id: str
) -> httpx.Response:
    """The prescriber sends the person to an EI, whose employer hires him today."""
    company = await a_company(container, kind=CompanyKind.EI)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    sent = await client.post(
        "/api/v1/candidatures", json={"job_seeker_id": job_seeker_id, "company_id": str(company.id)}, headers=prescriber
    )
    assert sent.status_code == 201, sent.text
    today = paris_date(container.clock.now()).isoformat()
    return await client.post(
        f"/api/v1/candidatures/{sent.json()['id']}/accept",
        json={"hiring_start_at": today},
        headers=bearer(container, employer),
    )


async def no_account_for(client: httpx.AsyncClient, email: str) -> bool:
    """The address is still free: nothing of the refused signup was kept."""
    body = {"email": email, "password": PASSWORD, "first_name": "Léa", "last_name": "Martin"}
    return (await client.post("/api/v1/signup/job-seeker", json=body)).status_code == 201


# -- ABUSE: self-habilitation ----------------------------------------------------------


async def test_declaring_france_travail_with_a_random_siret_is_refused(client: httpx.AsyncClient) -> None:
    with_agency_address = await client.post(SIGNUP, json=a_signup("agent@francetravail.fr", "FT", a_siret()))
    with_any_address = await client.post(SIGNUP, json=a_signup("agent@gmail.com", "FT", a_siret()))

    assert with_agency_address.status_code == 404
    assert with_agency_address.json()["type"].endswith("/unknown-france-travail-agency")
    assert with_agency_address.json()["title"] == "Agence France Travail inconnue"
    assert with_any_address.status_code == 403
    assert await no_account_for(client, "agent@francetravail.fr")
    assert await no_account_for(client, "agent@gmail.com")


@pytest.mark.parametrize("kind", ["ML", "CAP_EMPLOI"])
async def test_a_self_declared_organisation_orients_without_certifying_until_staff_validates_it(
    client: httpx.AsyncClient, container: Container, kind: str
) -> None:
    organisation = await client.post(
        SIGNUP, json=a_signup("conseil@structure.example", kind, a_siret(), organisation_name="Ma structure")
    )
    assert organisation.status_code == 201, organisation.text
    prescriber = token_of(container, organisation.json()["user"]["id"])
    mine = await membership(client, prescriber)
    assert (mine["role"], mine["status"], mine["habilitation"]) == ("admin", "active", "pending")
    person = await a_person_he_follows(client, prescriber)

    refused_diagnosis = await diagnose(client, prescriber, person)
    refused_hire = await hire(client, container, prescriber, person)

    assert refused_diagnosis.status_code == 403
    assert refused_hire.status_code == 409
    assert refused_hire.json()["type"].endswith("/eligibility-required")
    staff = await a_user(container, kind=UserKind.STAFF)
    decided = await client.post(
        f"/api/v1/admin/decisions/{mine['organisation_id']}",
        json={"outcome": "approve", "comment": "Mission locale vérifiée."},
        headers=bearer(container, staff),
    )
    assert decided.status_code == 201, decided.text
    assert (await membership(client, prescriber))["habilitation"] == "validated"
    assert (await diagnose(client, prescriber, person)).status_code == 201
    hired = await hire(client, container, prescriber, person)
    assert hired.status_code == 200, hired.text
    assert hired.json()["approval"]["number"]


# -- France Travail agencies of the referential ----------------------------------------


async def test_an_agent_with_an_agency_address_joins_the_imported_agency_and_certifies_at_once(
    client: httpx.AsyncClient, container: Container
) -> None:
    agency = await an_organisation(container, kind=OrganisationKind.FT)

    prescriber = await signed_up(client, container, a_signup("claire.dubois@francetravail.fr", "FT", agency.siret))

    mine = await membership(client, prescriber)
    assert (mine["organisation_id"], mine["role"], mine["habilitation"]) == (str(agency.id), "admin", "validated")
    assert (await diagnose(client, prescriber, await a_person_he_follows(client, prescriber))).status_code == 201


async def test_an_agent_names_his_agency_by_its_safir_code(client: httpx.AsyncClient, container: Container) -> None:
    agency = await an_organisation(container, kind=OrganisationKind.FT)
    assert agency.safir_code is not None

    prescriber = await signed_up(
        client, container, a_signup("agent@francetravail.fr", "FT", organisation_safir_code=agency.safir_code)
    )

    assert (await membership(client, prescriber))["organisation_id"] == str(agency.id)


async def test_a_second_agent_waits_for_the_agency_s_admin(client: httpx.AsyncClient, container: Container) -> None:
    agency = await an_organisation(container, kind=OrganisationKind.FT)
    await client.post(SIGNUP, json=a_signup("premier@francetravail.fr", "FT", agency.siret))

    second = await client.post(SIGNUP, json=a_signup("second@francetravail.fr", "FT", agency.siret))

    assert (second.status_code, second.json()["membership_status"]) == (201, "pending")


async def test_an_address_outside_the_agency_domains_is_refused_naming_the_rule(
    client: httpx.AsyncClient, container: Container
) -> None:
    agency = await an_organisation(container, kind=OrganisationKind.FT)

    response = await client.post(SIGNUP, json=a_signup("claire.dubois@gmail.com", "FT", agency.siret))

    assert response.status_code == 403
    problem = response.json()
    assert problem["type"].endswith("/france-travail-email-domain")
    assert problem["allowed_domains"] == ["francetravail.fr"]
    assert "@francetravail.fr" in problem["detail"] and "inviter" in problem["detail"]
    assert [e["pointer"] for e in problem["errors"]] == ["/email"]
    assert await no_account_for(client, "claire.dubois@gmail.com")


async def test_an_agency_created_at_signup_before_the_referential_is_not_joined(
    client: httpx.AsyncClient, container: Container
) -> None:
    legacy = await an_organisation(container, kind=OrganisationKind.FT, source=OrganisationSource.SIGNUP)

    response = await client.post(SIGNUP, json=a_signup("agent@francetravail.fr", "FT", legacy.siret))

    assert response.status_code == 404


async def test_a_safir_code_is_five_digits(client: httpx.AsyncClient) -> None:
    body = a_signup("agent@francetravail.fr", "FT", organisation_safir_code="75-41")

    response = await client.post(SIGNUP, json=body)

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/organisation_safir_code"]


# -- one organisation per SIRET ----------------------------------------------------------


async def test_a_known_siret_under_another_kind_is_409_naming_the_organisation(
    client: httpx.AsyncClient, container: Container
) -> None:
    ml = await an_organisation(container, kind=OrganisationKind.ML)

    response = await client.post(SIGNUP, json=a_signup("x@example.org", "PLIE", ml.siret, organisation_name="PLIE"))

    assert response.status_code == 409
    problem = response.json()
    assert problem["type"].endswith("/organisation-siret-taken")
    assert problem["existing_organisation"] == {"id": str(ml.id), "name": ml.name, "kind": "ML"}
    assert await no_account_for(client, "x@example.org")


async def test_a_siret_france_travail_agencies_hold_is_theirs(client: httpx.AsyncClient, container: Container) -> None:
    agency = await an_organisation(container, kind=OrganisationKind.FT)

    response = await client.post(SIGNUP, json=a_signup("x@example.org", "CCAS", agency.siret, organisation_name="CCAS"))

    assert (response.status_code, response.json()["existing_organisation"]["id"]) == (409, str(agency.id))


async def test_creating_an_organisation_needs_its_siret_and_name(client: httpx.AsyncClient) -> None:
    no_siret = await client.post(SIGNUP, json=a_signup("x@example.org", "CHRS", organisation_name="CHRS"))
    no_name = await client.post(SIGNUP, json=a_signup("x@example.org", "CHRS", a_siret()))

    assert [e["pointer"] for e in no_siret.json()["errors"]] == ["/organisation_siret"]
    assert [e["pointer"] for e in no_name.json()["errors"]] == ["/organisation_name"]
    assert (no_siret.status_code, no_name.status_code) == (422, 422)
