"""Every account confirms its email through the link emailed to it before it
gets a token; a forgotten password is reset through a link too. The emails
are read from a real SMTP server and their links followed as a person would."""

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.bootstrap import Container
from api.settings import Settings
from domain.identity.links import hash_token
from domain.identity.throttle import account_key
from domain.identity.users import UserKind
from tests.api.account_links import (
    CONFIRM,
    CONFIRMATION_PAGE,
    RESET_PAGE,
    deliver,
    emails_to,
    last_token_to,
    settings_sending_to,
)
from tests.api.authorization_world import with_fast_hashing
from tests.builders.companies import a_company, a_siret
from tests.builders.identity import a_user
from tests.fakes.system import FixedClock
from tests.integration.fresh_databases import query
from tests.integration.smtp_sink import Inbox, an_smtp_server

# Marked here, not only by the root conftest: anyio re-creates the items it
# marks late, and that drops the parametrisation of async tests.
pytestmark = pytest.mark.anyio

PASSWORD = "un mot de passe solide"
NEW_PASSWORD = "un tout nouveau mot de passe"
TOKEN = "/api/v1/auth/token"
RESEND = "/api/v1/auth/email-confirmations/resend"
RESET_REQUEST = "/api/v1/auth/password-reset-requests"
RESET = "/api/v1/auth/password-resets"


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
class Person:
    """One test's person, with what he needs to read his emails."""

    client: httpx.AsyncClient
    container: Container
    settings: Settings
    inbox: Inbox
    email: str = "lea.martin@example.org"

    async def sign_up(self, path: str = "job-seeker", **extra: str) -> httpx.Response:
        body = {"email": self.email, "password": PASSWORD, "first_name": "Léa", "last_name": "Martin", **extra}
        return await self.client.post(f"/api/v1/signup/{path}", json=body)

    async def token_from_his_inbox(self, page: str = CONFIRMATION_PAGE) -> str:
        await deliver(self.settings, self.container)
        return last_token_to(self.inbox, self.email, page)

    async def log_in(self, password: str = PASSWORD) -> httpx.Response:
        return await self.client.post(
            TOKEN, data={"grant_type": "password", "username": self.email, "password": password}
        )


@pytest.fixture
def lea(client: httpx.AsyncClient, container: Container, settings: Settings, inbox: Inbox) -> Person:
    return Person(client, container, settings, inbox)


def assert_invalid_link(response: httpx.Response) -> None:
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert (response.json()["type"].rsplit("/", 1)[-1], response.json()["title"]) == (
        "invalid-link",
        "Lien invalide ou expiré",
    )


# -- confirming the email ------------------------------------------------------------------


async def test_a_job_seeker_signs_up_follows_the_emailed_link_then_logs_in(lea: Person) -> None:
    signup = await lea.sign_up()
    assert signup.json()["email_confirmation_sent"] is True

    token = await lea.token_from_his_inbox()
    (email,) = emails_to(lea.inbox, lea.email)
    confirmed = await lea.client.post(CONFIRM, json={"token": token})

    assert email["Subject"] == "Confirmez votre adresse e-mail sur Tremplin"
    assert confirmed.status_code == 200
    assert confirmed.json()["email"] == lea.email
    assert (await lea.log_in()).status_code == 200


@pytest.mark.parametrize("kind", ["prescriber", "employer"])
async def test_a_prescriber_and_an_employer_confirm_their_email_the_same_way(lea: Person, kind: str) -> None:
    if kind == "prescriber":
        structure = {
            "organisation_siret": a_siret(),
            "organisation_kind": "ML",
            "organisation_name": "Mission locale Paris 11",
        }
    else:
        structure = {"company_siret": (await a_company(lea.container)).siret}
    assert (await lea.sign_up(kind, **structure)).status_code == 201
    assert (await lea.log_in()).status_code == 400

    token = await lea.token_from_his_inbox()

    assert (await lea.client.post(CONFIRM, json={"token": token})).status_code == 200
    assert (await lea.log_in()).status_code == 200


async def test_before_confirming_the_token_endpoint_answers_as_for_a_wrong_password(
    lea: Person, container: Container
) -> None:
    confirmed = await a_user(container, kind=UserKind.JOB_SEEKER, email="paul@example.org")
    await lea.sign_up()

    unconfirmed = await lea.log_in()
    wrong = await lea.client.post(
        TOKEN, data={"grant_type": "password", "username": confirmed.email, "password": "pas le bon mot de passe"}
    )

    assert (unconfirmed.status_code, unconfirmed.json()) == (wrong.status_code, wrong.json())
    uow = container.new_uow()
    async with uow:
        counted = [await uow.throttles.get(account_key(e)) for e in (lea.email, confirmed.email)]
    assert [state.failures if state else 0 for state in counted] == [1, 1]


async def test_a_confirmation_link_works_once(lea: Person) -> None:
    await lea.sign_up()
    token = await lea.token_from_his_inbox()

    assert (await lea.client.post(CONFIRM, json={"token": token})).status_code == 200
    assert_invalid_link(await lea.client.post(CONFIRM, json={"token": token}))


async def test_a_confirmation_link_expires_after_24_hours(lea: Person, clock: FixedClock) -> None:
    await lea.sign_up()
    token = await lea.token_from_his_inbox()
    clock.advance(timedelta(hours=24))

    assert_invalid_link(await lea.client.post(CONFIRM, json={"token": token}))
    assert (await lea.log_in()).status_code == 400


async def test_a_confirmation_link_is_still_good_just_before_its_24_hours(lea: Person, clock: FixedClock) -> None:
    await lea.sign_up()
    token = await lea.token_from_his_inbox()
    clock.advance(timedelta(hours=23, minutes=59))

    assert (await lea.client.post(CONFIRM, json={"token": token})).status_code == 200


async def test_an_unknown_token_is_the_same_invalid_link(lea: Person) -> None:
    assert_invalid_link(await lea.client.post(CONFIRM, json={"token": "pas-un-jeton-envoye"}))


async def test_a_resend_answers_alike_for_any_address_and_sends_only_to_who_waits(
    lea: Person, container: Container
) -> None:
    await a_user(container, kind=UserKind.JOB_SEEKER, email="paul@example.org")
    await lea.sign_up()
    first = await lea.token_from_his_inbox()

    answers = [
        await lea.client.post(RESEND, json={"email": email})
        for email in (lea.email, "paul@example.org", "personne@example.org")
    ]
    second = await lea.token_from_his_inbox()

    assert {(a.status_code, a.text) for a in answers} == {(202, answers[0].text)}
    assert len(emails_to(lea.inbox, lea.email)) == 2
    assert emails_to(lea.inbox, "paul@example.org") == emails_to(lea.inbox, "personne@example.org") == []
    assert_invalid_link(await lea.client.post(CONFIRM, json={"token": first}))
    assert (await lea.client.post(CONFIRM, json={"token": second})).status_code == 200


async def test_the_stored_token_is_a_hash_and_the_raw_one_only_travels_in_the_email(lea: Person) -> None:
    await lea.sign_up()
    token = await lea.token_from_his_inbox()

    # The outbox keeps what it rendered the email from; no table of accounts holds the token.
    assert tables_holding(lea.settings, token) == ["outbox_messages"]
    assert tables_holding(lea.settings, hash_token(token)) == ["account_links"]


def tables_holding(settings: Settings, value: str) -> list[str]:
    found = []
    for table in ("users", "account_links", "outbox_messages", "auth_throttles", "job_seekers"):
        rows = query(settings.database.database_url, f"SELECT * FROM {table}")
        if any(value in str(cell) for row in rows for cell in row):
            found.append(table)
    return found


# -- resetting the password ------------------------------------------------------------------


async def test_a_reset_request_answers_alike_for_a_known_and_an_unknown_address(lea: Person) -> None:
    await a_user(lea.container, kind=UserKind.JOB_SEEKER, email=lea.email)

    known = await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    unknown = await lea.client.post(RESET_REQUEST, json={"email": "personne@example.org"})
    await deliver(lea.settings, lea.container)

    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert known.status_code == 202
    assert len(emails_to(lea.inbox, lea.email)) == 1
    assert emails_to(lea.inbox, "personne@example.org") == []


async def test_a_forgotten_password_is_replaced_through_the_emailed_link(lea: Person) -> None:
    await a_user(lea.container, kind=UserKind.JOB_SEEKER, email=lea.email, password=PASSWORD)
    await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    token = await lea.token_from_his_inbox(RESET_PAGE)

    reset = await lea.client.post(RESET, json={"token": token, "password": NEW_PASSWORD})

    assert emails_to(lea.inbox, lea.email)[-1]["Subject"] == "Choisissez un nouveau mot de passe Tremplin"
    assert reset.status_code == 200
    assert (await lea.log_in(NEW_PASSWORD)).status_code == 200
    assert (await lea.log_in(PASSWORD)).status_code == 400
    assert_invalid_link(await lea.client.post(RESET, json={"token": token, "password": "encore un autre mot"}))


async def test_a_reset_link_expires_after_one_hour(lea: Person, clock: FixedClock) -> None:
    await a_user(lea.container, kind=UserKind.JOB_SEEKER, email=lea.email)
    await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    token = await lea.token_from_his_inbox(RESET_PAGE)
    clock.advance(timedelta(hours=1))

    assert_invalid_link(await lea.client.post(RESET, json={"token": token, "password": NEW_PASSWORD}))


async def test_a_new_reset_request_voids_the_older_link(lea: Person) -> None:
    await a_user(lea.container, kind=UserKind.JOB_SEEKER, email=lea.email)
    await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    older = await lea.token_from_his_inbox(RESET_PAGE)
    await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    newer = await lea.token_from_his_inbox(RESET_PAGE)

    assert_invalid_link(await lea.client.post(RESET, json={"token": older, "password": NEW_PASSWORD}))
    assert (await lea.client.post(RESET, json={"token": newer, "password": NEW_PASSWORD})).status_code == 200


async def test_a_confirmation_token_is_no_reset_token(lea: Person) -> None:
    await lea.sign_up()
    token = await lea.token_from_his_inbox()

    assert_invalid_link(await lea.client.post(RESET, json={"token": token, "password": NEW_PASSWORD}))
    assert (await lea.client.post(CONFIRM, json={"token": token})).status_code == 200


async def test_a_reset_token_is_no_confirmation_token(lea: Person) -> None:
    await lea.sign_up()
    await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    token = await lea.token_from_his_inbox(RESET_PAGE)

    assert_invalid_link(await lea.client.post(CONFIRM, json={"token": token}))


async def test_a_reset_confirms_the_email_of_an_account_that_waited(lea: Person) -> None:
    await lea.sign_up()
    confirmation = await lea.token_from_his_inbox()
    await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    token = await lea.token_from_his_inbox(RESET_PAGE)

    reset = await lea.client.post(RESET, json={"token": token, "password": NEW_PASSWORD})

    assert reset.json()["email_confirmed_at"] is not None
    assert (await lea.log_in(NEW_PASSWORD)).status_code == 200
    assert_invalid_link(await lea.client.post(CONFIRM, json={"token": confirmation}))


async def test_a_reset_lifts_the_lock_that_wrong_passwords_put_on_the_account(lea: Person) -> None:
    await a_user(lea.container, kind=UserKind.JOB_SEEKER, email=lea.email)
    answers = [(await lea.log_in("pas le bon mot de passe")).status_code for _ in range(7)]
    assert answers[-1] == 429
    await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    token = await lea.token_from_his_inbox(RESET_PAGE)

    assert (await lea.client.post(RESET, json={"token": token, "password": NEW_PASSWORD})).status_code == 200
    assert (await lea.log_in(NEW_PASSWORD)).status_code == 200


async def test_a_new_password_follows_the_signup_rules(lea: Person) -> None:
    await a_user(lea.container, kind=UserKind.JOB_SEEKER, email=lea.email)
    await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    token = await lea.token_from_his_inbox(RESET_PAGE)

    short = await lea.client.post(RESET, json={"token": token, "password": "court"})

    assert short.status_code == 422
    assert [e["pointer"] for e in short.json()["errors"]] == ["/password"]
    assert (await lea.client.post(RESET, json={"token": token, "password": NEW_PASSWORD})).status_code == 200


async def test_an_inactive_account_gets_no_reset_email(lea: Person) -> None:
    await a_user(lea.container, kind=UserKind.JOB_SEEKER, email=lea.email, active=False)

    answer = await lea.client.post(RESET_REQUEST, json={"email": lea.email})
    await deliver(lea.settings, lea.container)

    assert answer.status_code == 202
    assert emails_to(lea.inbox, lea.email) == []
