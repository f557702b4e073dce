"""Members of companies and prescriber organisations, managed by their admins."""

import httpx

from api.bootstrap import Container
from domain.companies.companies import CompanyKind
from domain.identity.memberships import MembershipRole, MembershipStatus
from domain.identity.users import UserKind
from tests.api.account_links import token_in_the_outbox
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer, join
from tests.builders.prescribers import an_organisation, organisation_tenant


async def test_members_of_an_organisation_see_its_members(client: httpx.AsyncClient, container: Container) -> None:
    organisation = await an_organisation(container)
    admin = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))
    colleague = await a_user(
        container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation), role=MembershipRole.MEMBER
    )
    response = await client.get(
        f"/api/v1/prescriber-organisations/{organisation.id}/members", headers=bearer(container, colleague)
    )
    assert response.status_code == 200
    assert {m["user_id"] for m in response.json()["items"]} == {str(admin.id), str(colleague.id)}


async def test_outsiders_may_not_list_members(client: httpx.AsyncClient, container: Container) -> None:
    organisation = await an_organisation(container)
    other = await an_organisation(container)
    outsider = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(other))
    url = f"/api/v1/prescriber-organisations/{organisation.id}/members"
    assert (await client.get(url, headers=bearer(container, outsider))).status_code == 403
    assert (await client.get(url)).status_code == 401


async def test_a_pending_member_may_not_list_members(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    waiting = await a_user(
        container, kind=UserKind.EMPLOYER, member_of=company_tenant(company), status=MembershipStatus.PENDING
    )
    response = await client.get(f"/api/v1/companies/{company.id}/members", headers=bearer(container, waiting))
    assert response.status_code == 403


async def test_an_unknown_organisation_is_404(client: httpx.AsyncClient, container: Container) -> None:
    staff = await a_user(container, kind=UserKind.STAFF)
    url = "/api/v1/prescriber-organisations/00000000-0000-0000-0000-000000000001/members"
    assert (await client.get(url, headers=bearer(container, staff))).status_code == 404


async def test_an_admin_approves_a_pending_member(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    admin = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    waiting = await a_user(
        container,
        kind=UserKind.EMPLOYER,
        member_of=company_tenant(company),
        status=MembershipStatus.PENDING,
        role=MembershipRole.MEMBER,
    )
    response = await client.patch(
        f"/api/v1/companies/{company.id}/members/{waiting.id}",
        json={"status": "active"},
        headers=bearer(container, admin),
    )
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    listing = await client.get(f"/api/v1/companies/{company.id}/members", headers=bearer(container, waiting))
    assert listing.status_code == 200


async def test_a_plain_member_may_not_manage_members(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    admin = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    member = await a_user(
        container, kind=UserKind.EMPLOYER, member_of=company_tenant(company), role=MembershipRole.MEMBER
    )
    response = await client.patch(
        f"/api/v1/companies/{company.id}/members/{admin.id}",
        json={"status": "revoked"},
        headers=bearer(container, member),
    )
    assert response.status_code == 403


async def test_an_admin_adds_an_existing_employer_account(client: httpx.AsyncClient, container: Container) -> None:
    # Adding by email now sends an invitation (202); he is a member once he accepts it.
    company = await a_company(container)
    admin = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    newcomer = await a_user(container, kind=UserKind.EMPLOYER)
    url = f"/api/v1/companies/{company.id}/members"
    response = await client.post(url, json={"email": newcomer.email}, headers=bearer(container, admin))
    assert response.status_code == 202
    assert (response.json()["role"], response.json()["state"]) == ("member", "pending")
    token = await token_in_the_outbox(container, newcomer.email, template="invitation")
    accepted = await client.post(
        "/api/v1/invitations/accept", json={"token": token}, headers=bearer(container, newcomer)
    )
    assert (accepted.status_code, accepted.json()["status"]) == (200, "active")
    again = await client.post(url, json={"email": newcomer.email}, headers=bearer(container, admin))
    assert again.status_code == 202
    repeated = await client.post(
        "/api/v1/invitations/accept",
        json={"token": await token_in_the_outbox(container, newcomer.email, template="invitation")},
        headers=bearer(container, newcomer),
    )
    assert repeated.status_code == 409


async def test_a_job_seeker_cannot_be_added_to_a_company(client: httpx.AsyncClient, container: Container) -> None:
    # It used to answer 422 wrong-user-kind, which told the admin the address
    # was a job seeker's; it now answers as for anyone, and he cannot join.
    company = await a_company(container)
    admin = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    job_seeker = await a_user(container, kind=UserKind.JOB_SEEKER)
    url = f"/api/v1/companies/{company.id}/members"
    response = await client.post(url, json={"email": job_seeker.email}, headers=bearer(container, admin))
    assert response.status_code == 202
    token = await token_in_the_outbox(container, job_seeker.email, template="invitation")
    accepted = await client.post(
        "/api/v1/invitations/accept", json={"token": token}, headers=bearer(container, job_seeker)
    )
    assert accepted.status_code == 403
    assert accepted.json()["type"].endswith("/invitation-refused")
    listing = await client.get(url, headers=bearer(container, admin))
    assert job_seeker.email not in {m["email"] for m in listing.json()["items"]}


async def test_the_last_admin_cannot_step_down(client: httpx.AsyncClient, container: Container) -> None:
    organisation = await an_organisation(container)
    admin = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))
    response = await client.patch(
        f"/api/v1/prescriber-organisations/{organisation.id}/members/{admin.id}",
        json={"role": "member"},
        headers=bearer(container, admin),
    )
    assert response.status_code == 409
    assert response.json()["type"].endswith("/last-admin")
    listing = await client.get(
        f"/api/v1/prescriber-organisations/{organisation.id}/members", headers=bearer(container, admin)
    )
    assert listing.json()["items"][0]["role"] == "admin"


async def test_an_employer_of_several_companies_says_which_one_he_acts_for(
    client: httpx.AsyncClient, container: Container
) -> None:
    first = await a_company(container, kind=CompanyKind.EI)
    second = await a_company(container, kind=CompanyKind.ACI)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(first))
    await join(container, employer, company_tenant(second), role=MembershipRole.ADMIN)
    url = f"/api/v1/companies/{second.id}/members"
    assert (await client.get(url, headers=bearer(container, employer))).status_code == 403
    chosen = await client.get(url, headers=bearer(container, employer, act_as=second.id))
    assert chosen.status_code == 200
    me = await client.get("/api/v1/me", headers=bearer(container, employer, act_as=second.id))
    assert me.json()["acting_for"] == str(second.id)


async def test_acting_for_a_company_one_is_not_member_of_is_403(
    client: httpx.AsyncClient, container: Container
) -> None:
    mine = await a_company(container)
    theirs = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(mine))
    response = await client.get("/api/v1/me", headers=bearer(container, employer, act_as=theirs.id))
    assert response.status_code == 403


async def test_a_malformed_act_as_header_is_422_naming_it(client: httpx.AsyncClient, container: Container) -> None:
    employer = await a_user(container, kind=UserKind.EMPLOYER)
    headers = {**bearer(container, employer), "Tremplin-Act-As": "not-a-uuid"}
    response = await client.get("/api/v1/me", headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/header/Tremplin-Act-As"
