"""GET /approvals/{number}/attestation: the printable PASS IAE, in French, as a PDF."""

import io
from datetime import date, timedelta

import httpx
from pypdf import PdfReader

from adapters.pdf.attestations import printable
from api.bootstrap import Container
from domain.identity.users import UserKind
from tests.api.approval_scenes import Hire, a_hire
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer

PROBLEMS = "https://tremplin.inclusion.example/problems/"


def url(hire: Hire) -> str:
    return f"/api/v1/approvals/{hire.number}/attestation"


def text_of(pdf: bytes) -> str:
    """The words of the document, one space apart (a long value wraps over lines)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def fr(day: date) -> str:
    return f"{day:%d/%m/%Y}"


async def test_the_attestation_states_the_holder_the_pass_and_the_issuing_company(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)

    response = await client.get(url(hire), headers=bearer(container, hire.employer))

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-disposition"] == f'inline; filename="attestation-pass-iae-{hire.number}.pdf"'
    text = text_of(response.content)
    company, person = hire.company, hire.job_seeker
    expected = [
        "Attestation de PASS IAE",
        f"Nom : {person.last_name.upper()}",
        f"Prénom : {person.first_name}",
        f"Date de naissance : {fr(person.birthdate) if person.birthdate else 'non renseignée'}",
        f"Numéro : {hire.number[:5]} {hire.number[5:7]} {hire.number[7:]}",
        f"Date de début : {fr(hire.today)}",
        f"Date de fin prévisionnelle : {fr(hire.today + timedelta(days=729))}",
        f"Statut au {fr(hire.today)} : Valide",
        "Jours de validité restants : 730",
        f"Nom : {company.name}",
        f"SIRET : {company.siret[:3]} {company.siret[3:6]} {company.siret[6:9]} {company.siret[9:]}",
        f"Adresse : {company.address_line}, {company.postal_code} {company.city}",
        f"https://tremplin.test/pass-iae/verifier?numero={hire.number}",
    ]
    assert [line for line in expected if line not in text] == []


async def test_a_suspended_pass_says_so(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    body = {"start_at": hire.today.isoformat(), "end_at": hire.today.isoformat(), "reason": "contract_broken"}
    await client.post(
        f"/api/v1/approvals/{hire.number}/suspensions", json=body, headers=bearer(container, hire.employer)
    )

    response = await client.get(url(hire), headers=bearer(container, hire.holder))

    assert f"Statut au {fr(hire.today)} : Valide (suspendu)" in text_of(response.content)


async def test_the_holder_the_diagnosing_prescriber_and_staff_print_it(
    client: httpx.AsyncClient, container: Container
) -> None:
    hire = await a_hire(container)
    staff = await a_user(container, kind=UserKind.STAFF)

    statuses = [
        (await client.get(url(hire), headers=bearer(container, user))).status_code
        for user in (hire.holder, hire.prescriber, staff)
    ]

    assert statuses == [200, 200, 200]


async def test_another_employer_is_told_it_does_not_exist(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)
    stranger = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(await a_company(container)))

    response = await client.get(url(hire), headers=bearer(container, stranger))

    assert (response.status_code, response.json()["type"]) == (404, PROBLEMS + "approval-not-found")


async def test_printing_needs_a_token(client: httpx.AsyncClient, container: Container) -> None:
    hire = await a_hire(container)

    assert (await client.get(url(hire))).status_code == 401


def test_letters_beyond_the_core_fonts_keep_their_base_letter() -> None:
    assert printable("Nguyễn Œdipe – « ça »") == "Nguyen Œdipe – « ça »"
    assert printable("Ʃ") == "?"
