"""GET and PATCH /api/v1/companies/{id}: the public profile, edited by its members."""

import uuid

import httpx

from api.bootstrap import Container
from domain.identity.memberships import MembershipStatus
from domain.identity.users import UserKind
from tests.builders.companies import a_company, a_job_posting, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import an_organisation, organisation_tenant

COMPANY_FIELDS = {
    "id", "siret", "kind", "name", "brand", "address_line", "postal_code", "commune", "city",
    "department", "latitude", "longitude", "description", "email", "phone", "website",
    "block_candidatures", "subject_to_eligibility", "active_job_postings",
}  # fmt: skip
PROBLEMS = "https://tremplin.inclusion.example/problems/"


async def test_anyone_reads_a_company_profile_without_a_token(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container, commune="93010")

    response = await client.get(f"/api/v1/companies/{company.id}")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body.keys() >= COMPANY_FIELDS
    assert (body["siret"], body["kind"], body["commune"], body["city"]) == (company.siret, "EI", "93010", "Bondy")
    assert body["subject_to_eligibility"] is True


async def test_the_official_address_is_never_shown(client: httpx.AsyncClient, container: Container) -> None:
    official = "direction@recyclerie.example.org"
    company = await a_company(container, commune="93010", auth_email=official)

    profile = await client.get(f"/api/v1/companies/{company.id}")
    found = await client.get("/api/v1/companies", params={"commune": "93010", "distance_km": 1})

    assert str(company.id) in found.text
    assert official not in profile.text + found.text and "auth_email" not in profile.text + found.text


async def test_the_profile_counts_only_active_job_postings(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    await a_job_posting(container, company)
    await a_job_posting(container, company)
    await a_job_posting(container, company, is_active=False)

    response = await client.get(f"/api/v1/companies/{company.id}")

    assert response.json()["active_job_postings"] == 2


async def test_an_unknown_company_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/api/v1/companies/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.json()["type"] == PROBLEMS + "not-found"


async def test_a_member_edits_the_profile(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    changes = {
        "description": "Chantier d'insertion en maraîchage biologique.",
        "email": "contact@jardin.example",
        "phone": "01 23 45 67 89",
        "website": "https://jardin.example/",
        "block_candidatures": True,
    }

    response = await client.patch(f"/api/v1/companies/{company.id}", json=changes, headers=bearer(container, employer))

    assert response.status_code == 200, response.text
    stored = (await client.get(f"/api/v1/companies/{company.id}")).json()
    assert {key: stored[key] for key in changes} == changes


async def test_an_empty_string_clears_a_contact_field(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    url, headers = f"/api/v1/companies/{company.id}", bearer(container, employer)
    await client.patch(url, json={"email": "contact@jardin.example"}, headers=headers)

    response = await client.patch(url, json={"email": ""}, headers=headers)

    assert response.json()["email"] is None


async def test_fields_not_sent_keep_their_value(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    url, headers = f"/api/v1/companies/{company.id}", bearer(container, employer)
    await client.patch(url, json={"description": "Recyclerie", "phone": "0123456789"}, headers=headers)

    response = await client.patch(url, json={"phone": "0987654321"}, headers=headers)

    assert (response.json()["description"], response.json()["phone"]) == ("Recyclerie", "0987654321")


async def test_coordinates_are_the_commune_centre_unless_given(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container, commune="93010")
    bondy = container.referentials.communes.get("93010")
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    url, headers = f"/api/v1/companies/{company.id}", bearer(container, employer)

    untouched = (await client.patch(url, json={"description": "Maraîchage"}, headers=headers)).json()
    given = (await client.patch(url, json={"latitude": 48.9, "longitude": 2.47}, headers=headers)).json()

    assert bondy is not None
    assert (untouched["latitude"], untouched["longitude"]) == (bondy.latitude, bondy.longitude)
    assert (given["latitude"], given["longitude"]) == (48.9, 2.47)


async def test_a_latitude_without_a_longitude_is_refused(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    response = await client.patch(
        f"/api/v1/companies/{company.id}", json={"latitude": 48.9}, headers=bearer(container, employer)
    )

    assert response.status_code == 422
    assert response.json()["type"] == PROBLEMS + "incomplete-coordinates"


async def test_an_invalid_email_is_422_naming_the_field(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    response = await client.patch(
        f"/api/v1/companies/{company.id}", json={"email": "not an email"}, headers=bearer(container, employer)
    )

    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/email"]


async def test_editing_without_a_token_is_401(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)

    response = await client.patch(f"/api/v1/companies/{company.id}", json={"description": "Piraté"})

    assert response.status_code == 401
    assert (await client.get(f"/api/v1/companies/{company.id}")).json()["description"] == ""


async def test_a_member_of_another_company_may_not_edit(client: httpx.AsyncClient, container: Container) -> None:
    company, other = await a_company(container), await a_company(container)
    outsider = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(other))

    response = await client.patch(
        f"/api/v1/companies/{company.id}", json={"description": "Piraté"}, headers=bearer(container, outsider)
    )

    assert response.status_code == 403
    assert (await client.get(f"/api/v1/companies/{company.id}")).json()["description"] == ""


async def test_a_prescriber_may_not_edit_a_company(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    organisation = await an_organisation(container)
    prescriber = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))

    response = await client.patch(
        f"/api/v1/companies/{company.id}", json={"description": "Piraté"}, headers=bearer(container, prescriber)
    )

    assert response.status_code == 403


async def test_a_pending_member_may_not_edit(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    waiting = await a_user(
        container, kind=UserKind.EMPLOYER, member_of=company_tenant(company), status=MembershipStatus.PENDING
    )

    response = await client.patch(
        f"/api/v1/companies/{company.id}", json={"description": "Piraté"}, headers=bearer(container, waiting)
    )

    assert response.status_code == 403


async def test_editing_an_unknown_company_is_404(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    response = await client.patch(
        f"/api/v1/companies/{uuid.uuid4()}", json={"description": "Fantôme"}, headers=bearer(container, employer)
    )

    assert response.status_code == 404


async def test_fields_the_referential_owns_may_not_be_edited(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    response = await client.patch(
        f"/api/v1/companies/{company.id}", json={"siret": "73282932000074"}, headers=bearer(container, employer)
    )

    assert response.status_code == 422
    assert [error["pointer"] for error in response.json()["errors"]] == ["/siret"]
