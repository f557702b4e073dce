"""Invitations through the API: the emails are read from a real SMTP server and
their links followed as the invited person would."""

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI

from api.bootstrap import Container
from api.settings import Settings
from domain.companies.companies import Company
from domain.identity.memberships import MembershipRole
from domain.identity.users import User, UserKind
from tests.api.account_links import deliver, emails_to, last_token_to, settings_sending_to, text_of
from tests.api.authorization_world import with_fast_hashing
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer
from tests.builders.prescribers import an_organisation
from tests.fakes.system import FixedClock
from tests.integration.smtp_sink import Inbox, an_smtp_server

pytestmark = pytest.mark.anyio

PASSWORD = "un mot de passe solide"
INVITED = "lea.petit@example.org"
ACCEPT = "/api/v1/invitations/accept"
PAGE = "invitation"
NEWCOMER = {"first_name": "Léa", "last_name": "Petit", "password": PASSWORD}


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with an_smtp_server() as server:
        yield server


@pytest.fixture
def settings(db: str, data_dir: Path, inbox: Inbox) -> Settings:
    return settings_sending_to(inbox, database_url=db, data_dir=data_dir)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def container(app: FastAPI, clock: FixedClock) -> Container:
    app.state.container = dataclasses.replace(with_fast_hashing(app.state.container), clock=clock)
    built: Container = app.state.container
    return built


@dataclasses.dataclass
class OurCompany:
    """A company, its admin, and what it takes to read the emails sent."""

    client: httpx.AsyncClient
    container: Container
    settings: Settings
    inbox: Inbox
    company: Company
    admin: User

    @property
    def invitations(self) -> str:
        return f"/api/v1/companies/{self.company.id}/invitations"

    async def invite(self, email: str = INVITED, *, by: User | None = None, **fields: str) -> httpx.Response:
        headers = bearer(self.container, by or self.admin)
        return await self.client.post(self.invitations, json={"email": email, **fields}, headers=headers)

    async def token_sent_to(self, email: str = INVITED) -> str:
        await deliver(self.settings, self.container)
        return last_token_to(self.inbox, email, PAGE)

    async def members(self) -> dict[str, tuple[str, str]]:
        response = await self.client.get(
            f"/api/v1/companies/{self.company.id}/members", headers=bearer(self.container, self.admin)
        )
        return {m["email"]: (m["role"], m["status"]) for m in response.json()["items"]}


@pytest.fixture
async def ours(client: httpx.AsyncClient, container: Container, settings: Settings, inbox: Inbox) -> OurCompany:
    company = await a_company(container)
    admin = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))
    return OurCompany(client, container, settings, inbox, company, admin)


async def signed_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    form = {"grant_type": "password", "username": email, "password": password}
    response = await client.post("/api/v1/auth/token", data=form)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def without_its_own(answer: dict[str, Any]) -> dict[str, Any]:
    """An invitation as the caller sees it, but for what is its own (id, address, instants)."""
    return {k: v for k, v in answer.items() if k not in {"id", "email", "created_at", "expires_at"}}


# -- inviting and accepting ---------------------------------------------------------------


async def test_an_invited_newcomer_accepts_and_acts_for_the_company_at_once(ours: OurCompany) -> None:
    invited = await ours.invite(first_name="Léa", last_name="Petit", role="admin")
    assert invited.status_code == 201, invited.text
    assert (invited.json()["state"], invited.json()["role"], invited.json()["invited_by"]) == (
        "pending",
        "admin",
        str(ours.admin.id),
    )
    token = await ours.token_sent_to()
    (email,) = emails_to(ours.inbox, INVITED)
    assert ours.company.name in str(email["Subject"])

    accepted = await ours.client.post(ACCEPT, json={"token": token, **NEWCOMER})

    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["company_id"], accepted.json()["status"]) == (str(ours.company.id), "active")
    headers = await signed_in(ours.client, INVITED)  # confirmed already: the invitation proved the address
    await deliver(ours.settings, ours.container)
    assert len(emails_to(ours.inbox, INVITED)) == 1, "no confirmation email besides the invitation"
    update = await ours.client.patch(
        f"/api/v1/companies/{ours.company.id}", json={"description": "Recyclerie solidaire."}, headers=headers
    )
    assert update.status_code == 200
    assert (await ours.members())[INVITED] == ("admin", "active")
    listed = await ours.client.get(ours.invitations, headers=bearer(ours.container, ours.admin))
    assert [i["state"] for i in listed.json()["items"]] == ["accepted"]


async def test_an_existing_employer_accepts_with_his_own_token(ours: OurCompany) -> None:
    employer = await a_user(ours.container, kind=UserKind.EMPLOYER, email=INVITED)
    await ours.invite()

    accepted = await ours.client.post(
        ACCEPT, json={"token": await ours.token_sent_to()}, headers=bearer(ours.container, employer)
    )

    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["user_id"] == str(employer.id)
    assert (await ours.members())[INVITED] == ("member", "active")


async def test_a_link_serves_once(ours: OurCompany) -> None:
    await ours.invite()
    token = await ours.token_sent_to()
    assert (await ours.client.post(ACCEPT, json={"token": token, **NEWCOMER})).status_code == 200

    again = await ours.client.post(ACCEPT, json={"token": token, **NEWCOMER})

    assert again.status_code == 422
    assert again.json()["type"].endswith("/invalid-link")


async def test_a_revoked_invitation_link_is_dead(ours: OurCompany) -> None:
    invitation = (await ours.invite()).json()
    token = await ours.token_sent_to()

    revoked = await ours.client.post(
        f"/api/v1/invitations/{invitation['id']}/revoke", headers=bearer(ours.container, ours.admin)
    )
    accepted = await ours.client.post(ACCEPT, json={"token": token, **NEWCOMER})

    assert (revoked.status_code, revoked.json()["state"]) == (200, "revoked")
    assert accepted.status_code == 422 and accepted.json()["type"].endswith("/invalid-link")
    assert INVITED not in await ours.members()


async def test_an_invitation_is_refused_after_fourteen_days(ours: OurCompany, clock: FixedClock) -> None:
    await ours.invite()
    token = await ours.token_sent_to()
    clock.advance(timedelta(days=14))

    accepted = await ours.client.post(ACCEPT, json={"token": token, **NEWCOMER})

    assert accepted.status_code == 422 and accepted.json()["type"].endswith("/invalid-link")
    listed = await ours.client.get(ours.invitations, headers=bearer(ours.container, ours.admin))
    assert [i["state"] for i in listed.json()["items"]] == ["expired"]


async def test_inviting_again_voids_the_old_link(ours: OurCompany) -> None:
    await ours.invite()
    old = await ours.token_sent_to()
    await ours.invite(role="admin")
    new = await ours.token_sent_to()

    refused = await ours.client.post(ACCEPT, json={"token": old, **NEWCOMER})
    accepted = await ours.client.post(ACCEPT, json={"token": new, **NEWCOMER})

    assert refused.status_code == 422
    assert (accepted.status_code, accepted.json()["role"]) == (200, "admin")


async def test_the_link_in_the_email_is_built_on_the_public_url(ours: OurCompany) -> None:
    await ours.invite()
    await deliver(ours.settings, ours.container)

    (email,) = emails_to(ours.inbox, INVITED)
    html = email.get_body(preferencelist=("html",))

    link = f"https://tremplin.test/invitation?token={last_token_to(ours.inbox, INVITED, PAGE)}"
    assert link in text_of(email)
    assert html is not None and f'href="{link}"' in str(html.get_content())  # type: ignore[attr-defined]


# -- who may ----------------------------------------------------------------------------------


async def test_a_colleague_who_is_not_admin_cannot_invite(ours: OurCompany) -> None:
    colleague = await a_user(
        ours.container, kind=UserKind.EMPLOYER, member_of=company_tenant(ours.company), role=MembershipRole.MEMBER
    )

    response = await ours.invite(by=colleague)
    listing = await ours.client.get(ours.invitations, headers=bearer(ours.container, colleague))

    assert (response.status_code, listing.status_code) == (403, 403)
    assert emails_to(ours.inbox, INVITED) == []


async def test_another_company_admin_cannot_list_nor_revoke(ours: OurCompany) -> None:
    invitation = (await ours.invite()).json()
    theirs = await a_company(ours.container)
    stranger = await a_user(ours.container, kind=UserKind.EMPLOYER, member_of=company_tenant(theirs))

    listing = await ours.client.get(ours.invitations, headers=bearer(ours.container, stranger))
    revoking = await ours.client.post(
        f"/api/v1/invitations/{invitation['id']}/revoke", headers=bearer(ours.container, stranger)
    )

    assert (listing.status_code, revoking.status_code) == (403, 404)
    assert (await ours.client.post(ACCEPT, json={"token": await ours.token_sent_to(), **NEWCOMER})).status_code == 200


@pytest.mark.parametrize("kind", [UserKind.JOB_SEEKER, UserKind.STAFF, UserKind.PRESCRIBER])
async def test_an_account_that_cannot_join_a_company_gets_one_neutral_refusal(ours: OurCompany, kind: UserKind) -> None:
    holder = await a_user(ours.container, kind=kind, email=INVITED)
    await ours.invite()
    token = await ours.token_sent_to()

    with_his_token = await ours.client.post(ACCEPT, json={"token": token}, headers=bearer(ours.container, holder))
    as_a_newcomer = await ours.client.post(ACCEPT, json={"token": token, **NEWCOMER})

    assert with_his_token.status_code == as_a_newcomer.status_code == 403
    assert with_his_token.json() == as_a_newcomer.json()
    assert with_his_token.json()["type"].endswith("/invitation-refused")


async def test_the_answer_to_another_address_is_the_neutral_refusal_too(ours: OurCompany) -> None:
    other = await a_user(ours.container, kind=UserKind.EMPLOYER, email="other@example.org")
    await ours.invite()

    response = await ours.client.post(
        ACCEPT, json={"token": await ours.token_sent_to()}, headers=bearer(ours.container, other)
    )

    assert response.status_code == 403 and response.json()["type"].endswith("/invitation-refused")


async def test_partial_account_details_name_the_missing_fields(ours: OurCompany) -> None:
    await ours.invite()

    response = await ours.client.post(ACCEPT, json={"token": await ours.token_sent_to(), "password": PASSWORD})

    assert response.status_code == 422
    assert [e["pointer"] for e in response.json()["errors"]] == ["/first_name", "/last_name"]


async def test_a_token_that_is_not_one_is_refused_naming_it(ours: OurCompany) -> None:
    response = await ours.client.post(ACCEPT, json={"token": "not a token!", **NEWCOMER})

    assert response.status_code == 422 and response.json()["errors"][0]["pointer"] == "/token"


# -- adding by email tells nothing --------------------------------------------------------------


async def test_adding_by_email_answers_the_same_whoever_holds_the_address(ours: OurCompany) -> None:
    addresses = {"nobody": "nobody@example.org"}
    for kind in (UserKind.JOB_SEEKER, UserKind.STAFF, UserKind.EMPLOYER, UserKind.PRESCRIBER):
        addresses[kind] = (await a_user(ours.container, kind=kind)).email
    url, headers = f"/api/v1/companies/{ours.company.id}/members", bearer(ours.container, ours.admin)

    answers = {
        who: await ours.client.post(url, json={"email": email}, headers=headers) for who, email in addresses.items()
    }

    assert {who: a.status_code for who, a in answers.items()} == dict.fromkeys(addresses, 202)
    assert len({repr(sorted(without_its_own(a.json()).items())) for a in answers.values()}) == 1
    assert len({a.headers["content-type"] for a in answers.values()}) == 1
    await deliver(ours.settings, ours.container)
    assert all(len(emails_to(ours.inbox, email)) == 1 for email in addresses.values())
    assert set(await ours.members()) == {ours.admin.email}


async def test_a_list_of_invitations_is_paginated(ours: OurCompany, clock: FixedClock) -> None:
    for index in range(3):
        await ours.invite(f"person.{index}@example.org")
        clock.advance(timedelta(seconds=1))
    headers = bearer(ours.container, ours.admin)

    first = (await ours.client.get(ours.invitations, params={"limit": 2}, headers=headers)).json()
    rest = (await ours.client.get(first["next"], headers=headers)).json()

    assert [i["email"] for i in first["items"] + rest["items"]] == [f"person.{i}@example.org" for i in (2, 1, 0)]
    assert first["next"].startswith("https://tremplin.test/") and rest["next"] is None


async def test_staff_invites_to_a_prescriber_organisation(
    client: httpx.AsyncClient, container: Container, settings: Settings, inbox: Inbox
) -> None:
    organisation = await an_organisation(container)
    staff = await a_user(container, kind=UserKind.STAFF)
    url = f"/api/v1/prescriber-organisations/{organisation.id}/invitations"

    invited = await client.post(url, json={"email": INVITED}, headers=bearer(container, staff))
    await deliver(settings, container)
    accepted = await client.post(ACCEPT, json={"token": last_token_to(inbox, INVITED, PAGE), **NEWCOMER})

    assert (invited.status_code, invited.json()["kind"], invited.json()["invited_by"]) == (
        201,
        "prescriber_organisation",
        str(staff.id),
    )
    assert (accepted.json()["organisation_id"], accepted.json()["status"]) == (str(organisation.id), "active")
    me = await client.get("/api/v1/me", headers=await signed_in(client, INVITED))
    assert me.json()["kind"] == "prescriber"
    assert UUID(me.json()["acting_for"]) == organisation.id
