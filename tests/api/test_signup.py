"""POST /api/v1/signup/*: accounts, organisations joined or created, companies joined."""

import httpx

from api.bootstrap import Container
from domain.companies.companies import CompanyKind
from domain.identity.users import UserKind
from domain.prescribers.organisations import OrganisationKind
from tests.api.account_links import confirm_through_the_outbox
from tests.builders.companies import a_company, a_siret
from tests.builders.identity import a_user
from tests.builders.prescribers import an_organisation

PASSWORD = "un mot de passe solide"


def account(email: str) -> dict[str, str]:
    return {"email": email, "password": PASSWORD, "first_name": "Léa", "last_name": "Martin"}


async def test_a_job_seeker_signs_up_confirms_his_email_and_logs_in(
    client: httpx.AsyncClient, container: Container
) -> None:
    response = await client.post("/api/v1/signup/job-seeker", json=account("lea@example.org"))
    assert response.status_code == 201
    assert response.json()["user"]["kind"] == "job_seeker"
    assert response.json()["email_confirmation_sent"] is True
    await confirm_through_the_outbox(client, container, "lea@example.org")
    token = await client.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": "lea@example.org", "password": PASSWORD}
    )
    assert token.status_code == 200


async def test_an_email_already_used_is_409(client: httpx.AsyncClient, container: Container) -> None:
    await a_user(container, kind=UserKind.EMPLOYER, email="taken@example.org")
    response = await client.post("/api/v1/signup/job-seeker", json=account("TAKEN@example.org"))
    assert response.status_code == 409
    assert response.json()["type"].endswith("/email-taken")


async def test_a_short_password_is_422_naming_the_field(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/signup/job-seeker", json={**account("a@example.org"), "password": "short"})
    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/password"]


async def test_a_field_the_caller_may_not_set_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/signup/job-seeker", json={**account("a@example.org"), "kind": "staff"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/kind"


async def test_the_first_france_travail_prescriber_of_an_agency_of_the_referential_is_its_habilitated_admin(
    client: httpx.AsyncClient, container: Container
) -> None:
    # DOMAIN.md "Onboarding and trust": an FT signup joins an agency of the referential (it used to create one).
    agency = await an_organisation(container, kind=OrganisationKind.FT)
    body = {
        **account("conseil@francetravail.fr"),
        "organisation_siret": agency.siret,
        "organisation_kind": "FT",
    }
    response = await client.post("/api/v1/signup/prescriber", json=body)
    assert response.status_code == 201
    assert response.json()["membership_status"] == "active"
    await confirm_through_the_outbox(client, container, "conseil@francetravail.fr")
    token = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": "conseil@francetravail.fr", "password": PASSWORD},
    )
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    membership = me.json()["memberships"][0]
    assert (membership["organisation_id"], membership["role"], membership["habilitation"]) == (
        str(agency.id),
        "admin",
        "validated",
    )


async def test_a_chrs_starts_pending_habilitation_and_an_orienteur_needs_none(
    client: httpx.AsyncClient, container: Container
) -> None:
    for kind, email, expected in (("CHRS", "chrs@example.org", "pending"), ("ORIENTEUR", "or@example.org", None)):
        body = {
            **account(email),
            "organisation_siret": a_siret(),
            "organisation_kind": kind,
            "organisation_name": f"Structure {kind}",
        }
        assert (await client.post("/api/v1/signup/prescriber", json=body)).status_code == 201
        await confirm_through_the_outbox(client, container, email)
        token = await client.post(
            "/api/v1/auth/token", data={"grant_type": "password", "username": email, "password": PASSWORD}
        )
        me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"})
        assert me.json()["memberships"][0]["habilitation"] == (expected or "not_required")


async def test_a_second_prescriber_joins_the_same_organisation_pending(client: httpx.AsyncClient) -> None:
    siret = a_siret()
    org = {"organisation_siret": siret, "organisation_kind": "ML", "organisation_name": "Mission locale"}
    first = await client.post("/api/v1/signup/prescriber", json={**account("one@ml.example.org"), **org})
    second = await client.post("/api/v1/signup/prescriber", json={**account("two@ml.example.org"), **org})
    assert first.json()["membership_status"] == "active"
    assert second.json()["membership_status"] == "pending"


async def test_an_invalid_siret_is_422_naming_the_field(client: httpx.AsyncClient) -> None:
    body = {
        **account("x@example.org"),
        "organisation_siret": "12345678901234",
        "organisation_kind": "FT",
        "organisation_name": "X",
    }
    response = await client.post("/api/v1/signup/prescriber", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/organisation_siret"


async def test_an_unknown_organisation_kind_is_422(client: httpx.AsyncClient) -> None:
    body = {
        **account("x@example.org"),
        "organisation_siret": a_siret(),
        "organisation_kind": "NOPE",
        "organisation_name": "X",
    }
    response = await client.post("/api/v1/signup/prescriber", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/organisation_kind"


async def test_an_employer_joins_a_company_of_the_referential(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container, kind=CompanyKind.ACI)
    body = {**account("boss@aci.example.org"), "company_siret": company.siret}
    response = await client.post("/api/v1/signup/employer", json=body)
    assert response.status_code == 201
    # The first member used to be active at once; he now proves that he speaks
    # for the company (tests/api/test_company_proof.py), or staff decides.
    assert (response.json()["membership_status"], response.json()["company_proof_sent_to"]) == ("pending", None)
    later = await client.post(
        "/api/v1/signup/employer", json={**account("staff@aci.example.org"), "company_siret": company.siret}
    )
    assert later.json()["membership_status"] == "pending"


async def test_an_employer_of_an_unknown_siret_is_404_and_no_account_is_made(client: httpx.AsyncClient) -> None:
    body = {**account("boss@example.org"), "company_siret": a_siret()}
    response = await client.post("/api/v1/signup/employer", json=body)
    assert response.status_code == 404
    retry = await client.post("/api/v1/signup/job-seeker", json=account("boss@example.org"))
    assert retry.status_code == 201


async def test_a_siret_shared_by_two_companies_needs_the_kind(client: httpx.AsyncClient, container: Container) -> None:
    siret = a_siret()
    await a_company(container, kind=CompanyKind.EI, siret=siret)
    await a_company(container, kind=CompanyKind.ETTI, siret=siret)
    body = {**account("boss@example.org"), "company_siret": siret}
    ambiguous = await client.post("/api/v1/signup/employer", json=body)
    assert ambiguous.status_code == 422
    assert ambiguous.json()["kinds"] == ["EI", "ETTI"]
    chosen = await client.post("/api/v1/signup/employer", json={**body, "company_kind": "ETTI"})
    assert chosen.status_code == 201
