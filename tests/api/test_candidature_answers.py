"""Answering candidatures over HTTP: every transition, its refusals, hiring."""

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.companies.companies import CompanyKind
from domain.companies.job_postings import ContractType
from domain.identity.memberships import MembershipRole
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from tests.api.candidature_scenes import CANDIDATURES, Scene, a_partner_token, a_scene, sent_by_the_prescriber
from tests.builders.companies import a_company, a_job_posting, company_tenant
from tests.builders.identity import a_user, bearer, join
from tests.builders.job_seekers import a_job_seeker

pytestmark = pytest.mark.anyio


@pytest.fixture
async def scene(container: Container) -> Scene:
    return await a_scene(container)


async def answer(
    client: httpx.AsyncClient, headers: dict[str, str], candidature: dict[str, Any], slug: str, **body: Any
) -> httpx.Response:
    return await client.post(f"{CANDIDATURES}/{candidature['id']}/{slug}", json=body or None, headers=headers)


def hiring(container: Container, days: int = 7, **more: Any) -> dict[str, Any]:
    start = paris_date(container.clock.now()) + timedelta(days=days)
    return {"hiring_start_at": start.isoformat(), **more}


# -- moves -------------------------------------------------------------------------------


async def test_the_employer_processes_a_candidature_and_the_history_says_so(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(client, bearer(container, scene.employer), candidature, "process")

    assert response.status_code == 200
    (entry,) = response.json()["history"]
    assert (
        response.json()["state"],
        entry["transition"],
        entry["from_state"],
        entry["to_state"],
        entry["actor_id"],
    ) == (
        "processing",
        "process",
        "new",
        "processing",
        str(scene.employer.id),
    )


async def test_each_move_has_its_endpoint(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)
    headers = bearer(container, scene.employer)
    reached = []

    for slug in ("add-to-pool", "postpone", "prior-to-hire", "cancel-prior-to-hire"):
        response = await answer(client, headers, candidature, slug)
        assert response.status_code == 200, response.text
        reached.append(response.json()["state"])

    assert reached == ["pool", "postponed", "prior_to_hire", "processing"]


async def test_a_move_from_the_wrong_state_is_409_with_the_allowed_ones(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(client, bearer(container, scene.employer), candidature, "cancel-prior-to-hire")

    assert response.status_code == 409
    problem = response.json()
    assert problem["type"].endswith("/invalid-transition")
    assert problem["state"] == "new"
    assert problem["allowed_transitions"] == [
        "process",
        "postpone",
        "add_to_pool",
        "move_to_prior_to_hire",
        "refuse",
        "accept",
        "transfer",
    ]


async def test_the_prescriber_who_sent_it_may_not_answer(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(client, bearer(container, scene.prescriber), candidature, "process")

    assert response.status_code == 403


async def test_an_employer_of_another_company_is_told_it_does_not_exist(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)
    stranger = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(await a_company(container)))

    response = await answer(client, bearer(container, stranger), candidature, "process")

    assert response.status_code == 404


async def test_answering_needs_a_token_and_a_known_candidature(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)

    anonymous = await answer(client, {}, candidature, "process")
    unknown = await answer(client, bearer(container, scene.employer), {"id": uuid.uuid4()}, "process")

    assert (anonymous.status_code, unknown.status_code) == (401, 404)


async def test_a_partner_application_of_the_company_answers_with_the_write_scope(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)
    partner = await a_partner_token(
        container, company_tenant(scene.company), scopes=frozenset({Scope.CANDIDATURES_READ, Scope.CANDIDATURES_WRITE})
    )

    response = await answer(client, partner, candidature, "process")

    assert response.status_code == 200


# -- refuse ------------------------------------------------------------------------------------


async def test_the_employer_refuses_with_a_reason(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(
        client, bearer(container, scene.employer), candidature, "refuse", reason="no_position", message="Complet."
    )

    assert response.status_code == 200
    assert (response.json()["state"], response.json()["refusal_reason"], response.json()["answer"]) == (
        "refused",
        "no_position",
        "Complet.",
    )


async def test_a_refusal_needs_a_known_reason(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)
    headers = bearer(container, scene.employer)

    missing = await answer(client, headers, candidature, "refuse", message="Non.")
    unknown = await answer(client, headers, candidature, "refuse", reason="too_tall")

    assert (missing.status_code, unknown.status_code) == (422, 422)
    assert missing.json()["errors"][0]["pointer"] == unknown.json()["errors"][0]["pointer"] == "/reason"


async def test_a_geiq_may_not_refuse_as_non_eligible(client: httpx.AsyncClient, container: Container) -> None:
    scene = await a_scene(container, kind=CompanyKind.GEIQ)
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(client, bearer(container, scene.employer), candidature, "refuse", reason="non_eligible")

    assert response.status_code == 422
    assert response.json()["type"].endswith("/refusal-reason-not-offered")
    assert response.json()["errors"][0]["pointer"] == "/reason"


# -- hiring ---------------------------------------------------------------------------------------


async def test_accepting_in_an_siae_issues_a_pass_iae_and_makes_the_others_obsolete(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)
    other = await sent_by_the_prescriber(client, container, scene, company_id=str((await a_company(container)).id))

    response = await answer(client, bearer(container, scene.employer), candidature, "accept", **hiring(container))

    assert response.status_code == 200, response.text
    accepted = response.json()
    assert accepted["state"] == "accepted" and accepted["eligibility_diagnosis_id"] is not None
    assert (len(accepted["approval"]["number"]), accepted["approval"]["job_seeker_id"]) == (
        12,
        str(scene.job_seeker.id),
    )
    assert accepted["approval"]["start_at"] == accepted["hiring_start_at"]
    obsolete = await client.get(f"{CANDIDATURES}/{other['id']}", headers=bearer(container, scene.prescriber))
    assert obsolete.json()["state"] == "obsolete"


async def test_accepting_without_eligibility_is_409_naming_the_rule(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    job_seeker = await a_job_seeker(container, created_by=scene.company)  # no diagnosis
    created = await client.post(
        CANDIDATURES,
        json={"job_seeker_id": str(job_seeker.id), "company_id": str(scene.company.id)},
        headers=bearer(container, scene.employer),
    )

    response = await answer(client, bearer(container, scene.employer), created.json(), "accept", **hiring(container))

    assert response.status_code == 409
    assert response.json()["type"].endswith("/eligibility-required")


async def test_accepting_in_a_geiq_issues_no_pass_iae(client: httpx.AsyncClient, container: Container) -> None:
    scene = await a_scene(container, kind=CompanyKind.GEIQ)
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(client, bearer(container, scene.employer), candidature, "accept", **hiring(container))

    assert (response.status_code, response.json()["approval"]) == (200, None)


async def test_a_fixed_term_hire_needs_an_end_date_on_or_after_its_start(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    posting = await a_job_posting(container, scene.company, contract_type=ContractType.FIXED_TERM_I)
    candidature = await sent_by_the_prescriber(client, container, scene, job_posting_ids=[str(posting.id)])
    headers = bearer(container, scene.employer)
    day_before = (paris_date(container.clock.now()) + timedelta(days=6)).isoformat()

    no_end = await answer(client, headers, candidature, "accept", **hiring(container))
    ends_first = await answer(client, headers, candidature, "accept", **hiring(container, hiring_end_at=day_before))

    assert (no_end.status_code, ends_first.status_code) == (422, 422)
    assert no_end.json()["errors"][0]["pointer"] == ends_first.json()["errors"][0]["pointer"] == "/hiring_end_at"


async def test_accepting_needs_a_hiring_start_date(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(client, bearer(container, scene.employer), candidature, "accept", message="Bienvenue")

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/hiring_start_at"


async def test_cancelling_a_hire_cancels_its_pass_iae_and_brings_back_the_others(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)
    other = await sent_by_the_prescriber(client, container, scene, company_id=str((await a_company(container)).id))
    headers = bearer(container, scene.employer)
    await answer(client, headers, candidature, "accept", **hiring(container))

    response = await answer(client, headers, candidature, "cancel")

    assert response.status_code == 200
    assert (response.json()["state"], response.json()["approval"]["status"]) == ("cancelled", "cancelled")
    back = await client.get(f"{CANDIDATURES}/{other['id']}", headers=bearer(container, scene.prescriber))
    assert back.json()["state"] == "new"


async def test_only_a_hire_may_be_cancelled(client: httpx.AsyncClient, container: Container, scene: Scene) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(client, bearer(container, scene.employer), candidature, "cancel")

    assert (response.status_code, response.json()["allowed_transitions"][0]) == (409, "process")


# -- transfer ---------------------------------------------------------------------------------------


async def test_an_employer_transfers_a_candidature_to_his_other_company(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    sister = await a_company(container, kind=CompanyKind.ACI)
    await join(container, scene.employer, company_tenant(sister), role=MembershipRole.ADMIN)
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(
        client,
        bearer(container, scene.employer, act_as=scene.company.id),
        candidature,
        "transfer",
        company_id=str(sister.id),
    )

    assert response.status_code == 200
    assert (response.json()["company_id"], response.json()["state"]) == (str(sister.id), "new")
    assert [e["transition"] for e in response.json()["history"]] == ["transfer"]


async def test_a_transfer_needs_a_membership_of_the_other_company(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)
    elsewhere = await a_company(container)

    response = await answer(
        client, bearer(container, scene.employer), candidature, "transfer", company_id=str(elsewhere.id)
    )

    assert response.status_code == 403


async def test_a_transfer_to_the_same_company_is_422(
    client: httpx.AsyncClient, container: Container, scene: Scene
) -> None:
    candidature = await sent_by_the_prescriber(client, container, scene)

    response = await answer(
        client, bearer(container, scene.employer), candidature, "transfer", company_id=str(scene.company.id)
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/company_id"
