"""/api/v1/job-seekers: registering, finding by NIR, reading and editing profiles."""

from datetime import date
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from adapters.db.tables import metadata
from api.bootstrap import Container
from domain.companies.companies import CompanyKind
from domain.identity.users import User, UserKind
from domain.prescribers.organisations import OrganisationKind
from tests.api.account_links import confirm_through_the_outbox
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.nirs import a_nir, spaced

URL = "/api/v1/job-seekers"


async def a_prescriber(container: Container, kind: OrganisationKind = OrganisationKind.FT) -> User:
    organisation = await an_organisation(container, kind=kind)
    return await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))


def profile(**fields: Any) -> dict[str, Any]:
    return {"first_name": "Samir", "last_name": "Bensaïd", **fields}


def masked(nir: str) -> str:
    return f"{nir[0]} {nir[1:3]} {nir[3:5]} ** *** *** **"


# -- POST /job-seekers -------------------------------------------------------------------


async def test_a_prescriber_registers_a_job_seeker(client: httpx.AsyncClient, container: Container) -> None:
    nir = a_nir(born=date(1985, 5, 14))
    body = profile(
        birthdate="1985-05-14",
        sex="M",
        email="Samir.Bensaid@Example.org",
        phone="06 12 34 56 78",
        nir=spaced(nir),
        france_travail_id="1234567A",
        commune="93048",
        wished_rome_codes=["K2204"],
    )

    response = await client.post(URL, json=body, headers=bearer(container, await a_prescriber(container)))

    assert response.status_code == 201
    created = response.json()
    assert {key: value for key, value in created.items() if key not in ("id", "created_at")} == {
        "first_name": "Samir",
        "last_name": "Bensaïd",
        "birthdate": "1985-05-14",
        "sex": "M",
        "email": "samir.bensaid@example.org",
        "phone": "06 12 34 56 78",
        "nir": nir,
        "france_travail_id": "1234567A",
        "commune": "93048",
        "city": "Montreuil",
        "wished_rome_codes": ["K2204"],
    }


async def test_an_orienteur_registers_him_but_reads_his_nir_masked(
    client: httpx.AsyncClient, container: Container
) -> None:
    nir = a_nir()
    orienteur = await a_prescriber(container, OrganisationKind.ORIENTEUR)

    response = await client.post(URL, json=profile(nir=nir), headers=bearer(container, orienteur))

    assert response.status_code == 201
    assert response.json()["nir"] == masked(nir)


async def test_a_job_seeker_may_not_register_someone(client: httpx.AsyncClient, container: Container) -> None:
    job_seeker = await a_user(container, kind=UserKind.JOB_SEEKER)

    response = await client.post(URL, json=profile(), headers=bearer(container, job_seeker))

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


async def test_registering_needs_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.post(URL, json=profile())).status_code == 401


async def test_a_nir_with_a_wrong_key_is_422_naming_the_field(client: httpx.AsyncClient, container: Container) -> None:
    nir = a_nir()
    wrong_key = nir[:13] + f"{(int(nir[13:]) + 1) % 100:02d}"

    response = await client.post(
        URL, json=profile(nir=wrong_key), headers=bearer(container, await a_prescriber(container))
    )

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/nir"]


async def test_an_invalid_email_is_422_naming_the_field(client: httpx.AsyncClient, container: Container) -> None:
    response = await client.post(
        URL, json=profile(email="samir@"), headers=bearer(container, await a_prescriber(container))
    )

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/email"]


async def test_an_unknown_commune_is_422_naming_the_field(client: httpx.AsyncClient, container: Container) -> None:
    response = await client.post(
        URL, json=profile(commune="99999"), headers=bearer(container, await a_prescriber(container))
    )

    assert response.status_code == 422
    assert response.json()["type"].endswith("/invalid-job-seeker")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/commune"]


async def test_an_unknown_rome_code_is_422_naming_its_index(client: httpx.AsyncClient, container: Container) -> None:
    response = await client.post(
        URL,
        json=profile(wished_rome_codes=["K2204", "N9999"]),
        headers=bearer(container, await a_prescriber(container)),
    )

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/wished_rome_codes/1"]


async def test_a_nir_contradicting_the_birthdate_is_422_naming_the_rule(
    client: httpx.AsyncClient, container: Container
) -> None:
    body = profile(nir=a_nir(born=date(1985, 5, 14)), birthdate="1986-05-14")

    response = await client.post(URL, json=body, headers=bearer(container, await a_prescriber(container)))

    assert response.status_code == 422
    assert response.json()["type"].endswith("/nir-birthdate-mismatch")


async def test_a_nir_contradicting_the_sex_is_422_naming_the_rule(
    client: httpx.AsyncClient, container: Container
) -> None:
    body = profile(nir=a_nir(sex=1), sex="F")

    response = await client.post(URL, json=body, headers=bearer(container, await a_prescriber(container)))

    assert response.status_code == 422
    assert response.json()["type"].endswith("/nir-sex-mismatch")
    assert [e["pointer"] for e in response.json()["errors"]] == ["/nir", "/sex"]


async def test_a_sex_other_than_f_or_m_is_422_naming_the_field(client: httpx.AsyncClient, container: Container) -> None:
    response = await client.post(URL, json=profile(sex="X"), headers=bearer(container, await a_prescriber(container)))

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/sex"]


async def test_a_field_the_caller_may_not_set_is_422(client: httpx.AsyncClient, container: Container) -> None:
    response = await client.post(
        URL, json=profile(user_id=None), headers=bearer(container, await a_prescriber(container))
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/user_id"


async def test_a_known_nir_is_409_with_the_existing_id_for_whoever_follows_him(
    client: httpx.AsyncClient, container: Container
) -> None:
    prescriber = await a_prescriber(container)
    nir = a_nir()
    first = await client.post(URL, json=profile(nir=nir), headers=bearer(container, prescriber))

    response = await client.post(URL, json=profile(nir=spaced(nir)), headers=bearer(container, prescriber))

    assert response.status_code == 409
    assert response.json()["type"].endswith("/job-seeker-nir-taken")
    assert response.json()["existing_id"] == first.json()["id"]


async def test_a_known_email_is_409_without_the_id_for_a_stranger(
    client: httpx.AsyncClient, container: Container
) -> None:
    await a_job_seeker(container, created_by=await a_company(container), email="lea@example.org")

    response = await client.post(
        URL, json=profile(email="lea@example.org"), headers=bearer(container, await a_prescriber(container))
    )

    assert response.status_code == 409
    assert response.json()["type"].endswith("/job-seeker-email-taken")
    assert "existing_id" not in response.json()


# -- GET /job-seekers?nir= -------------------------------------------------------------------


async def test_a_prescriber_finds_a_person_by_his_nir_written_with_spaces(
    client: httpx.AsyncClient, container: Container
) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(container, created_by=await a_company(container), nir=nir)

    response = await client.get(
        URL, params={"nir": spaced(nir)}, headers=bearer(container, await a_prescriber(container))
    )

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [str(job_seeker.id)]
    assert response.json()["next"] is None


async def test_an_unknown_nir_finds_nobody(client: httpx.AsyncClient, container: Container) -> None:
    response = await client.get(URL, params={"nir": a_nir()}, headers=bearer(container, await a_prescriber(container)))

    assert response.status_code == 200
    assert response.json() == {"items": [], "next": None}


async def test_every_lookup_is_audited_without_the_nir(
    client: httpx.AsyncClient, container: Container, app: FastAPI
) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    await client.get(URL, params={"nir": a_nir()}, headers=bearer(container, employer))

    lookups = metadata.tables["job_seeker_lookups"]
    async with app.state.engine.connect() as connection:
        rows = (await connection.execute(sa.select(lookups))).mappings().all()
    assert [(row["user_id"], row["company_id"], row["found_job_seeker_id"]) for row in rows] == [
        (employer.id, company.id, None)
    ]
    assert not [column.name for column in lookups.columns if "nir" in column.name]


async def test_a_person_found_by_nir_is_not_shown_for_it(client: httpx.AsyncClient, container: Container) -> None:
    # DOMAIN.md "Personal data guards": a lookup links nothing (it used to let the caller read him).
    nir = a_nir()
    job_seeker = await a_job_seeker(container, created_by=await an_organisation(container), nir=nir)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(await a_company(container)))
    before = await client.get(f"{URL}/{job_seeker.id}", headers=bearer(container, employer))

    await client.get(URL, params={"nir": nir}, headers=bearer(container, employer))

    after = await client.get(f"{URL}/{job_seeker.id}", headers=bearer(container, employer))
    assert (before.status_code, after.status_code) == (404, 404)


async def test_an_invalid_nir_lookup_is_422_naming_the_parameter(
    client: httpx.AsyncClient, container: Container
) -> None:
    response = await client.get(URL, params={"nir": "123"}, headers=bearer(container, await a_prescriber(container)))

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/query/nir"]


async def test_a_job_seeker_may_not_look_people_up(client: httpx.AsyncClient, container: Container) -> None:
    job_seeker = await a_user(container, kind=UserKind.JOB_SEEKER)

    response = await client.get(URL, params={"nir": a_nir()}, headers=bearer(container, job_seeker))

    assert response.status_code == 403


# -- GET and PATCH /job-seekers/{id} --------------------------------------------------------------


async def test_whoever_created_him_reads_his_profile(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container, kind=CompanyKind.AI)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    nir = a_nir()
    job_seeker = await a_job_seeker(container, created_by=company, nir=nir, commune="75111")

    response = await client.get(f"{URL}/{job_seeker.id}", headers=bearer(container, employer))

    assert response.status_code == 200
    assert (response.json()["nir"], response.json()["city"]) == (nir, "Paris 11e Arrondissement")


async def test_a_stranger_is_told_he_does_not_exist(client: httpx.AsyncClient, container: Container) -> None:
    job_seeker = await a_job_seeker(container, created_by=await a_company(container))

    response = await client.get(f"{URL}/{job_seeker.id}", headers=bearer(container, await a_prescriber(container)))

    assert response.status_code == 404
    assert response.json()["type"].endswith("/job-seeker-not-found")


async def test_staff_reads_a_profile_with_the_nir_masked(client: httpx.AsyncClient, container: Container) -> None:
    nir = a_nir()
    job_seeker = await a_job_seeker(container, created_by=await a_company(container), nir=nir)
    staff = await a_user(container, kind=UserKind.STAFF)

    response = await client.get(f"{URL}/{job_seeker.id}", headers=bearer(container, staff))

    assert response.status_code == 200
    assert response.json()["nir"] == masked(nir)


async def test_whoever_follows_him_edits_his_profile(client: httpx.AsyncClient, container: Container) -> None:
    organisation = await an_organisation(container)
    prescriber = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))
    job_seeker = await a_job_seeker(container, created_by=organisation, phone="0612345678", commune="75111")

    response = await client.patch(
        f"{URL}/{job_seeker.id}",
        json={"phone": None, "commune": "93048", "wished_rome_codes": ["G1602"]},
        headers=bearer(container, prescriber),
    )

    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("phone", "commune", "city", "wished_rome_codes", "first_name")} == {
        "phone": None,
        "commune": "93048",
        "city": "Montreuil",
        "wished_rome_codes": ["G1602"],
        "first_name": "Samir",
    }
    reread = await client.get(f"{URL}/{job_seeker.id}", headers=bearer(container, prescriber))
    assert reread.json()["commune"] == "93048"


async def test_the_sex_given_on_an_edit_is_read_back(client: httpx.AsyncClient, container: Container) -> None:
    organisation = await an_organisation(container)
    prescriber = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))
    job_seeker = await a_job_seeker(container, created_by=organisation, nir=a_nir(sex=2))

    await client.patch(f"{URL}/{job_seeker.id}", json={"sex": "F"}, headers=bearer(container, prescriber))

    reread = await client.get(f"{URL}/{job_seeker.id}", headers=bearer(container, prescriber))
    assert reread.json()["sex"] == "F"


async def test_staff_may_not_edit_a_profile(client: httpx.AsyncClient, container: Container) -> None:
    job_seeker = await a_job_seeker(container, created_by=await a_company(container))
    staff = await a_user(container, kind=UserKind.STAFF)

    response = await client.patch(
        f"{URL}/{job_seeker.id}", json={"phone": "0612345678"}, headers=bearer(container, staff)
    )

    assert response.status_code == 403


async def test_a_name_may_not_be_nulled(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    job_seeker = await a_job_seeker(container, created_by=company)

    response = await client.patch(
        f"{URL}/{job_seeker.id}", json={"last_name": None}, headers=bearer(container, employer)
    )

    assert response.status_code == 422


async def test_editing_to_another_person_s_nir_is_409(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    other = await a_job_seeker(container, created_by=company, nir=a_nir())
    job_seeker = await a_job_seeker(container, created_by=company)

    response = await client.patch(
        f"{URL}/{job_seeker.id}", json={"nir": other.nir}, headers=bearer(container, employer)
    )

    assert response.status_code == 409
    assert response.json()["existing_id"] == str(other.id)


async def test_editing_an_unknown_job_seeker_is_404(client: httpx.AsyncClient, container: Container) -> None:
    response = await client.patch(
        f"{URL}/6f1c8a55-7d4e-4c55-9a57-2b0b7f1f2b10",
        json={"phone": "0612345678"},
        headers=bearer(container, await a_prescriber(container)),
    )

    assert response.status_code == 404


# -- his own profile ----------------------------------------------------------------------------


async def test_a_job_seeker_who_signs_up_finds_his_profile_from_me(
    client: httpx.AsyncClient, container: Container
) -> None:
    account = {
        "email": "lea@example.org",
        "password": "un mot de passe solide",
        "first_name": "Léa",
        "last_name": "Martin",
    }
    await client.post("/api/v1/signup/job-seeker", json=account)
    await confirm_through_the_outbox(client, container, "lea@example.org")
    token = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": "lea@example.org", "password": account["password"]},
    )
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}

    me = await client.get("/api/v1/me", headers=headers)
    mine = await client.get(f"{URL}/{me.json()['job_seeker_id']}", headers=headers)

    assert mine.status_code == 200
    assert (mine.json()["email"], mine.json()["first_name"]) == ("lea@example.org", "Léa")


async def test_he_reads_and_edits_his_own_nir_in_clear(client: httpx.AsyncClient, container: Container) -> None:
    account = await a_user(container, kind=UserKind.JOB_SEEKER)
    job_seeker = await a_job_seeker(container, created_by=account, birthdate=date(1985, 5, 14))
    nir = a_nir(born=date(1985, 5, 14))

    response = await client.patch(f"{URL}/{job_seeker.id}", json={"nir": nir}, headers=bearer(container, account))

    assert response.status_code == 200
    assert response.json()["nir"] == nir
