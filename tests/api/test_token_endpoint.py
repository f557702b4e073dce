"""POST /api/v1/auth/token: password and client-credentials grants, JWKS, slowing."""

import base64
import secrets

import httpx
from fastapi import FastAPI
from joserfc import jwt
from joserfc.jwk import KeySet

from api.bootstrap import Container
from domain.identity.memberships import Tenant
from domain.identity.partner_clients import register_client
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from tests.builders.identity import PASSWORD, a_user
from tests.builders.prescribers import an_organisation, organisation_tenant

TOKEN = "/api/v1/auth/token"


def password_form(email: str, password: str = PASSWORD, **extra: str) -> dict[str, str]:
    return {"grant_type": "password", "username": email, "password": password, **extra}


async def a_partner(container: Container, tenant: Tenant, scopes: set[Scope]) -> tuple[str, str]:
    client_id, secret = f"tpl_{secrets.token_hex(4)}", secrets.token_urlsafe(24)
    await register_client(
        uow=container.new_uow(),
        hasher=container.hasher,
        clock=container.clock,
        ids=container.ids,
        name="Logiciel partenaire",
        tenant=tenant,
        scopes=frozenset(scopes),
        client_id=client_id,
        secret=secret,
    )
    return client_id, secret


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


async def test_a_person_gets_a_signed_short_lived_token(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER)
    response = await client.post(TOKEN, data=password_form(user.email))
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert response.headers["cache-control"] == "no-store"
    jwks = (await client.get("/api/v1/auth/jwks.json")).json()
    decoded = jwt.decode(body["access_token"], KeySet.import_key_set(jwks), algorithms=["ES256"])
    assert decoded.header["kid"] == jwks["keys"][0]["kid"]
    assert decoded.claims["sub"] == str(user.id)
    assert decoded.claims["exp"] - decoded.claims["iat"] == 3600


async def test_the_email_is_matched_whatever_its_case(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER, email="lea.martin@example.org")
    response = await client.post(TOKEN, data=password_form("Lea.Martin@Example.org"))
    assert response.status_code == 200
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"})
    assert me.json()["id"] == str(user.id)


async def test_a_wrong_password_is_an_invalid_grant_problem(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER)
    response = await client.post(TOKEN, data=password_form(user.email, "not the password"))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error"] == "invalid_grant"
    assert response.json()["type"].endswith("/oauth-invalid-grant")


async def test_an_unknown_account_looks_like_a_wrong_password(client: httpx.AsyncClient) -> None:
    response = await client.post(TOKEN, data=password_form("nobody@example.org"))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_a_deactivated_account_gets_no_token(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.EMPLOYER, active=False)
    response = await client.post(TOKEN, data=password_form(user.email))
    assert response.status_code == 400


async def test_repeated_failures_lock_the_account_with_retry_after(
    client: httpx.AsyncClient, container: Container
) -> None:
    user = await a_user(container, kind=UserKind.PRESCRIBER)
    for _ in range(5):
        assert (await client.post(TOKEN, data=password_form(user.email, "guess-guess"))).status_code == 400
    refused = await client.post(TOKEN, data=password_form(user.email))  # even the right password waits
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["type"].endswith("/too-many-attempts")


async def test_failures_on_many_accounts_lock_the_ip(client: httpx.AsyncClient, container: Container) -> None:
    victim = await a_user(container, kind=UserKind.JOB_SEEKER)
    for attempt in range(21):
        await client.post(TOKEN, data=password_form(f"guess{attempt}@example.org", "guess-guess"))
    response = await client.post(TOKEN, data=password_form(victim.email))
    assert response.status_code == 429


async def test_a_partner_application_gets_a_token_with_its_scopes(
    client: httpx.AsyncClient, container: Container
) -> None:
    organisation = await an_organisation(container)
    client_id, secret = await a_partner(
        container, organisation_tenant(organisation), {Scope.CANDIDATURES_READ, Scope.JOB_SEEKERS_READ}
    )
    response = await client.post(TOKEN, data={"grant_type": "client_credentials"}, headers=basic(client_id, secret))
    assert response.status_code == 200
    assert set(response.json()["scope"].split()) == {"candidatures:read", "job_seekers:read"}
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"})
    assert me.json()["kind"] == "client"
    assert me.json()["memberships"][0]["organisation_id"] == str(organisation.id)


async def test_a_partner_may_ask_for_fewer_scopes(client: httpx.AsyncClient, container: Container) -> None:
    organisation = await an_organisation(container)
    client_id, secret = await a_partner(
        container, organisation_tenant(organisation), {Scope.CANDIDATURES_READ, Scope.JOB_SEEKERS_READ}
    )
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    response = await client.post(TOKEN, data={**form, "scope": "candidatures:read"})
    assert response.status_code == 200
    assert response.json()["scope"] == "candidatures:read"


async def test_a_partner_may_not_ask_for_scopes_it_was_not_granted(
    client: httpx.AsyncClient, container: Container
) -> None:
    organisation = await an_organisation(container)
    client_id, secret = await a_partner(container, organisation_tenant(organisation), {Scope.CANDIDATURES_READ})
    response = await client.post(
        TOKEN, data={"grant_type": "client_credentials", "scope": "indicators:read"}, headers=basic(client_id, secret)
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


async def test_a_wrong_client_secret_is_refused_with_401(client: httpx.AsyncClient, container: Container) -> None:
    organisation = await an_organisation(container)
    client_id, _ = await a_partner(container, organisation_tenant(organisation), {Scope.CANDIDATURES_READ})
    response = await client.post(
        TOKEN, data={"grant_type": "client_credentials"}, headers=basic(client_id, "wrong-secret")
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


async def test_a_partner_cannot_use_the_password_grant(client: httpx.AsyncClient, container: Container) -> None:
    organisation = await an_organisation(container)
    user = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation))
    client_id, secret = await a_partner(container, organisation_tenant(organisation), {Scope.CANDIDATURES_READ})
    response = await client.post(TOKEN, data=password_form(user.email), headers=basic(client_id, secret))
    assert response.status_code in (400, 401)
    assert "access_token" not in response.json()


async def test_an_unsupported_grant_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(TOKEN, data={"grant_type": "authorization_code", "code": "x"})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


async def test_a_json_body_is_not_a_token_request(client: httpx.AsyncClient) -> None:
    response = await client.post(TOKEN, json={"grant_type": "password"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_token_asked_over_plain_http_is_a_400_problem(app: FastAPI, container: Container) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tremplin.example.org") as plain:
        response = await plain.post(TOKEN, data=password_form(user.email))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["error"] == "insecure_transport"


async def test_an_authorization_header_that_is_not_basic_authenticates_no_client(client: httpx.AsyncClient) -> None:
    response = await client.post(TOKEN, data={"grant_type": "client_credentials"}, headers={"Authorization": "Bearer"})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
