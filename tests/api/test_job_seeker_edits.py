"""PATCH /api/v1/job-seekers/{id} by rule, and GET …/history: who may rewrite
a person's identity (ABUSE: redirecting his notifications), who may update
his contact details, and the history every change leaves."""

from typing import Any

import httpx

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import JobSeeker
from domain.prescribers.organisations import PrescriberOrganisation
from tests.api.approval_scenes import a_diagnosis
from tests.api.candidature_scenes import CANDIDATURES
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.nirs import a_nir

URL = "/api/v1/job-seekers"


async def a_member(container: Container, organisation: PrescriberOrganisation) -> dict[str, str]:
    return bearer(
        container, await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))
    )


async def an_employer(container: Container) -> tuple[dict[str, str], str]:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    return bearer(container, employer), str(company.id)


async def applied(
    client: httpx.AsyncClient, sender: dict[str, str], job_seeker: JobSeeker, company_id: str
) -> dict[str, Any]:
    body = {"job_seeker_id": str(job_seeker.id), "company_id": company_id}
    sent = await client.post(CANDIDATURES, json=body, headers=sender)
    assert sent.status_code == 201, sent.text
    answer: dict[str, Any] = sent.json()
    return answer


async def refused_by_a_company(
    client: httpx.AsyncClient, container: Container, *, with_account: bool
) -> tuple[JobSeeker, dict[str, str], dict[str, str]]:
    """A person (with his own account, or registered by an agency), sent by the
    agency to an SIAE that refused him: the person, the agency's and the SIAE's headers."""
    agency = await an_organisation(container)
    holder = await a_user(container, kind=UserKind.JOB_SEEKER) if with_account else None
    job_seeker = await a_job_seeker(container, created_by=holder or agency, email="samir@example.org")
    await a_diagnosis(container, job_seeker, agency)
    prescriber, (employer, company_id) = await a_member(container, agency), await an_employer(container)
    candidature = await applied(client, prescriber, job_seeker, company_id)
    refusal = {"reason": "no_position"}
    refused = await client.post(f"{CANDIDATURES}/{candidature['id']}/refuse", json=refusal, headers=employer)
    assert refused.status_code == 200, refused.text
    return job_seeker, prescriber, employer


async def profile(client: httpx.AsyncClient, headers: dict[str, str], job_seeker: JobSeeker) -> dict[str, Any]:
    answer = await client.get(f"{URL}/{job_seeker.id}", headers=headers)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


# -- identity --------------------------------------------------------------------------------


async def test_a_company_that_refused_him_may_not_rewrite_his_identity(
    client: httpx.AsyncClient, container: Container
) -> None:
    job_seeker, prescriber, employer = await refused_by_a_company(client, container, with_account=False)
    rewrite = {"email": "attacker@example.org", "first_name": "Autre", "birthdate": "1990-01-01"}

    answer = await client.patch(f"{URL}/{job_seeker.id}", json=rewrite, headers=employer)

    assert answer.status_code == 403
    assert answer.json()["type"].endswith("/job-seeker-identity-locked")
    assert [e["pointer"] for e in answer.json()["errors"]] == ["/birthdate", "/email", "/first_name"]
    unchanged = await profile(client, prescriber, job_seeker)
    assert (unchanged["email"], unchanged["first_name"], unchanged["birthdate"]) == ("samir@example.org", "Samir", None)


async def test_no_structure_rewrites_the_identity_of_a_person_with_his_own_account(
    client: httpx.AsyncClient, container: Container
) -> None:
    job_seeker, prescriber, employer = await refused_by_a_company(client, container, with_account=True)

    answers = [
        await client.patch(f"{URL}/{job_seeker.id}", json={"email": "attacker@example.org"}, headers=headers)
        for headers in (prescriber, employer)
    ]

    assert [answer.status_code for answer in answers] == [403, 403]
    assert (await profile(client, prescriber, job_seeker))["email"] == "samir@example.org"


async def test_he_rewrites_his_own_identity(client: httpx.AsyncClient, container: Container) -> None:
    holder = await a_user(container, kind=UserKind.JOB_SEEKER)
    job_seeker = await a_job_seeker(container, created_by=holder)

    answer = await client.patch(
        f"{URL}/{job_seeker.id}", json={"email": "samir.b@example.org"}, headers=bearer(container, holder)
    )

    assert answer.status_code == 200
    assert answer.json()["email"] == "samir.b@example.org"


async def test_the_registering_structure_corrects_his_identity_until_a_pass_iae_is_issued(
    client: httpx.AsyncClient, container: Container
) -> None:
    agency = await an_organisation(container)
    prescriber, (employer, company_id) = await a_member(container, agency), await an_employer(container)
    job_seeker = await a_job_seeker(container, created_by=agency)
    before = await client.patch(f"{URL}/{job_seeker.id}", json={"first_name": "Sami"}, headers=prescriber)
    await a_diagnosis(container, job_seeker, agency)
    candidature = await applied(client, prescriber, job_seeker, company_id)
    hiring = {"hiring_start_at": paris_date(container.clock.now()).isoformat()}
    accepted = await client.post(f"{CANDIDATURES}/{candidature['id']}/accept", json=hiring, headers=employer)
    assert accepted.json()["approval"] is not None, accepted.text

    after = await client.patch(f"{URL}/{job_seeker.id}", json={"first_name": "Samy"}, headers=prescriber)
    staff = await client.patch(
        f"{URL}/{job_seeker.id}",
        json={"first_name": "Samy"},
        headers=bearer(container, await a_user(container, kind=UserKind.STAFF)),
    )

    assert (before.status_code, after.status_code, staff.status_code) == (200, 403, 200)
    assert after.json()["type"].endswith("/job-seeker-identity-locked")
    assert staff.json()["first_name"] == "Samy"


# -- contact details -------------------------------------------------------------------------


async def test_a_structure_with_a_candidature_for_him_updates_his_contact_details(
    client: httpx.AsyncClient, container: Container
) -> None:
    job_seeker, _, employer = await refused_by_a_company(client, container, with_account=True)

    answer = await client.patch(
        f"{URL}/{job_seeker.id}", json={"phone": "06 12 34 56 78", "commune": "93048"}, headers=employer
    )

    assert answer.status_code == 200
    assert (answer.json()["phone"], answer.json()["city"]) == ("06 12 34 56 78", "Montreuil")


async def test_a_structure_that_only_diagnosed_him_does_not_update_his_contact_details(
    client: httpx.AsyncClient, container: Container
) -> None:
    job_seeker = await a_job_seeker(container, created_by=await an_organisation(container))
    diagnosing = await an_organisation(container)
    await a_diagnosis(container, job_seeker, diagnosing)

    answer = await client.patch(
        f"{URL}/{job_seeker.id}", json={"phone": "0612345678"}, headers=await a_member(container, diagnosing)
    )

    assert answer.status_code == 403
    assert answer.json()["type"].endswith("/job-seeker-details-locked")


# -- the history -----------------------------------------------------------------------------


async def test_the_history_lists_each_change_with_the_nir_only_as_changed(
    client: httpx.AsyncClient, container: Container
) -> None:
    agency = await an_organisation(container)
    prescriber = await a_member(container, agency)
    job_seeker = await a_job_seeker(container, created_by=agency, nir=a_nir())
    new_nir = a_nir()
    await client.patch(f"{URL}/{job_seeker.id}", json={"nir": new_nir, "phone": "0612345678"}, headers=prescriber)
    await client.patch(f"{URL}/{job_seeker.id}", json={"phone": "0700000000"}, headers=prescriber)

    answer = await client.get(f"{URL}/{job_seeker.id}/history", headers=prescriber)

    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    changes = [(c["field"], c["old_value"], c["new_value"], c["values_kept"]) for c in answer.json()["items"]]
    assert sorted(changes[1:]) == [("nir", None, None, False), ("phone", None, "0612345678", True)]
    assert changes[0] == ("phone", "0612345678", "0700000000", True)
    assert {c["by"]["organisation_id"] for c in answer.json()["items"]} == {str(agency.id)}
    assert new_nir not in answer.text and (job_seeker.nir or "") not in answer.text


async def test_he_and_staff_read_his_history(client: httpx.AsyncClient, container: Container) -> None:
    holder = await a_user(container, kind=UserKind.JOB_SEEKER)
    job_seeker = await a_job_seeker(container, created_by=holder)
    await client.patch(f"{URL}/{job_seeker.id}", json={"phone": "0612345678"}, headers=bearer(container, holder))
    staff = await a_user(container, kind=UserKind.STAFF)

    readers: list[User] = [holder, staff]
    answers = [await client.get(f"{URL}/{job_seeker.id}/history", headers=bearer(container, r)) for r in readers]

    assert [[c["by"]["kind"] for c in a.json()["items"]] for a in answers] == [["job_seeker"], ["job_seeker"]]


async def test_the_history_is_refused_to_a_structure_that_cannot_see_him(
    client: httpx.AsyncClient, container: Container
) -> None:
    agency = await an_organisation(container)
    job_seeker = await a_job_seeker(container, created_by=agency)
    await client.patch(
        f"{URL}/{job_seeker.id}", json={"phone": "0612345678"}, headers=await a_member(container, agency)
    )
    stranger, _ = await an_employer(container)

    answer = await client.get(f"{URL}/{job_seeker.id}/history", headers=stranger)

    assert answer.status_code == 404
    assert answer.json()["type"].endswith("/job-seeker-not-found")
