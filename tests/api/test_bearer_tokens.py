"""Every protected route refuses missing, expired, tampered or foreign tokens with 401."""

from datetime import UTC, datetime, timedelta

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey

from adapters.security.tokens import JwtAccessTokens
from api.bootstrap import Container
from domain.identity.users import UserKind
from tests.api.candidature_scenes import a_partner_token
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer

ME = "/api/v1/me"


async def test_no_token_is_401_with_a_bare_bearer_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get(ME)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_tampered_token_is_401_invalid_token(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER)
    token = bearer(container, user)["Authorization"]
    header, payload, signature = token.removeprefix("Bearer ").split(".")
    forged = f"Bearer {header}.{payload[:-2]}AA.{signature}"
    response = await client.get(ME, headers={"Authorization": forged})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


async def test_an_expired_token_is_401(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER)
    settings = container.settings
    from adapters.security.tokens import load_or_create_signing_key

    past = JwtAccessTokens(
        key=load_or_create_signing_key(settings.signing_key_file),
        issuer=settings.security.public_url,
        audience="tremplin-api",
        ttl_s=60,
        now=lambda: datetime.now(UTC) - timedelta(hours=2),
    )
    token = past.issue(subject=str(user.id), subject_type="user", scope="")
    response = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


async def test_a_token_for_another_audience_is_401(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER)
    from adapters.security.tokens import load_or_create_signing_key

    other = JwtAccessTokens(
        key=load_or_create_signing_key(container.settings.signing_key_file),
        issuer=container.settings.security.public_url,
        audience="another-api",
        ttl_s=600,
        now=container.clock.now,
    )
    token = other.issue(subject=str(user.id), subject_type="user", scope="")
    assert (await client.get(ME, headers={"Authorization": f"Bearer {token}"})).status_code == 401


async def test_a_token_signed_by_another_key_is_401(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER)
    now = int(datetime.now(UTC).timestamp())
    claims = {
        "iss": container.settings.security.public_url,
        "aud": "tremplin-api",
        "sub": str(user.id),
        "typ": "user",
        "iat": now,
        "exp": now + 600,
    }
    token = jwt.encode({"alg": "ES256"}, claims, ECKey.generate_key("P-256"))
    assert (await client.get(ME, headers={"Authorization": f"Bearer {token}"})).status_code == 401


async def test_a_token_of_a_deactivated_account_is_401(client: httpx.AsyncClient, container: Container) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER, active=False)
    assert (await client.get(ME, headers=bearer(container, user))).status_code == 401


async def test_garbage_in_the_authorization_header_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get(ME, headers={"Authorization": "Bearer not.a.jwt"})
    assert response.status_code == 401


async def test_a_token_with_a_scope_unknown_to_this_version_is_401(
    client: httpx.AsyncClient, container: Container
) -> None:
    user = await a_user(container, kind=UserKind.PRESCRIBER)
    token = container.tokens.issue(subject=str(user.id), subject_type="user", scope="candidatures:read retired:scope")
    response = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    assert "portée inconnue" in response.json()["detail"]


async def test_a_partner_token_with_an_unknown_scope_is_401(client: httpx.AsyncClient, container: Container) -> None:
    partner = await a_partner_token(container, company_tenant(await a_company(container)), scopes=frozenset())
    subject = container.tokens.verify(partner["Authorization"].removeprefix("Bearer ")).subject
    token = container.tokens.issue(subject=subject, subject_type="client", scope="approvals:read approvals:write")
    response = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


async def test_a_refused_token_is_told_in_french_without_naming_a_library(
    client: httpx.AsyncClient, container: Container
) -> None:
    user = await a_user(container, kind=UserKind.JOB_SEEKER)
    header, payload, signature = bearer(container, user)["Authorization"].removeprefix("Bearer ").split(".")
    foreign = jwt.encode({"alg": "ES256"}, {"sub": str(user.id)}, ECKey.generate_key("P-256"))
    for token in (
        f"{header}.{payload[:-2]}AA.{signature}",
        "not.a.jwt",
        "a" * 40,
        foreign,
        f"{header}.e30.{signature}",
    ):
        response = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
        detail = response.json()["detail"]
        assert (response.status_code, detail.startswith("Jeton")) == (401, True), detail
        assert not any(word in detail for word in ("Error", "joserfc", "Exception")), detail
