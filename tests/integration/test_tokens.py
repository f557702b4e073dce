"""Access tokens (ES256 JWT, published as a JWKS) and password hashes (argon2id)."""

import base64
import hashlib
import hmac
import json
import stat
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from adapters.security.passwords import Argon2PasswordHasher
from adapters.security.tokens import JwtAccessTokens, load_or_create_signing_key
from domain.errors import Unauthenticated
from tests.fakes.system import FixedClock

ISSUER = "https://tremplin.test"
AUDIENCE = "tremplin-api"
SUBJECT = "0b7f6d3e-5a51-4d8e-9d0c-3f1c2b6a9e41"
TTL_S = 600


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "jwt-signing-key.pem"


@pytest.fixture
def key(key_file: Path) -> ECKey:
    return load_or_create_signing_key(key_file)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


def tokens_of(key: ECKey, clock: FixedClock, *, issuer: str = ISSUER, audience: str = AUDIENCE) -> JwtAccessTokens:
    return JwtAccessTokens(key=key, issuer=issuer, audience=audience, ttl_s=TTL_S, now=clock.now)


@pytest.fixture
def tokens(key: ECKey, clock: FixedClock) -> JwtAccessTokens:
    return tokens_of(key, clock)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64_json(value: dict[str, Any]) -> str:
    return b64(json.dumps(value).encode())


def unb64_json(part: str) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


def valid_claims(clock: FixedClock) -> dict[str, Any]:
    issued = int(clock.now().timestamp())
    return {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": SUBJECT,
        "typ": "user",
        "scope": "",
        "iat": issued,
        "exp": issued + TTL_S,
    }


def a_user_token(tokens: JwtAccessTokens) -> str:
    return tokens.issue(subject=SUBJECT, subject_type="user", scope="candidatures:read")


# -- verification ------------------------------------------------------------


def test_an_issued_token_verifies_with_its_claims(tokens: JwtAccessTokens, clock: FixedClock) -> None:
    claims = tokens.verify(a_user_token(tokens))

    assert (claims.subject, claims.subject_type, claims.scope, claims.expires_at) == (
        SUBJECT,
        "user",
        "candidatures:read",
        clock.now() + timedelta(seconds=TTL_S),
    )


def test_a_hand_built_token_signed_with_our_key_and_kid_verifies(
    tokens: JwtAccessTokens, key: ECKey, clock: FixedClock
) -> None:
    # The baseline of the forgeries below: each differs from this one by one defect.
    header = {"alg": "ES256", "kid": key.thumbprint(), "typ": "at+jwt"}
    token = jwt.encode(header, valid_claims(clock), key, algorithms=["ES256"])

    assert tokens.verify(token).subject == SUBJECT


def test_a_tampered_payload_is_refused(tokens: JwtAccessTokens) -> None:
    header, payload, signature = a_user_token(tokens).split(".")
    forged = b64_json({**unb64_json(payload), "sub": "8d0c1f7e-0000-4000-8000-000000000000"})

    with pytest.raises(Unauthenticated):
        tokens.verify(f"{header}.{forged}.{signature}")


def test_an_expired_token_is_refused(tokens: JwtAccessTokens, clock: FixedClock) -> None:
    token = a_user_token(tokens)
    clock.advance(timedelta(seconds=TTL_S + 1))

    with pytest.raises(Unauthenticated):
        tokens.verify(token)


def test_a_token_for_another_audience_is_refused(tokens: JwtAccessTokens, key: ECKey, clock: FixedClock) -> None:
    token = a_user_token(tokens_of(key, clock, audience="another-api"))

    with pytest.raises(Unauthenticated):
        tokens.verify(token)


def test_a_token_from_another_issuer_is_refused(tokens: JwtAccessTokens, key: ECKey, clock: FixedClock) -> None:
    token = a_user_token(tokens_of(key, clock, issuer="https://evil.example"))

    with pytest.raises(Unauthenticated):
        tokens.verify(token)


def test_a_token_signed_by_another_key_under_our_kid_is_refused(
    tokens: JwtAccessTokens, key: ECKey, clock: FixedClock
) -> None:
    header = {"alg": "ES256", "kid": key.thumbprint(), "typ": "at+jwt"}
    token = jwt.encode(header, valid_claims(clock), ECKey.generate_key("P-256"), algorithms=["ES256"])

    with pytest.raises(Unauthenticated):
        tokens.verify(token)


def test_a_token_naming_another_kid_is_refused_even_with_our_signature(
    tokens: JwtAccessTokens, key: ECKey, clock: FixedClock
) -> None:
    header = {"alg": "ES256", "kid": "another-key", "typ": "at+jwt"}
    token = jwt.encode(header, valid_claims(clock), key, algorithms=["ES256"])

    with pytest.raises(Unauthenticated):
        tokens.verify(token)


def test_an_unsigned_alg_none_token_is_refused(tokens: JwtAccessTokens, key: ECKey, clock: FixedClock) -> None:
    header = b64_json({"alg": "none", "kid": key.thumbprint(), "typ": "at+jwt"})
    token = f"{header}.{b64_json(valid_claims(clock))}."

    with pytest.raises(Unauthenticated):
        tokens.verify(token)


def test_an_hs256_token_keyed_with_the_public_key_is_refused(
    tokens: JwtAccessTokens, key: ECKey, clock: FixedClock
) -> None:
    # Algorithm confusion: a verifier that trusts the header's "alg" would
    # check this HMAC with the public key it publishes, which anyone has.
    signing_input = f"{b64_json({'alg': 'HS256', 'kid': key.thumbprint()})}.{b64_json(valid_claims(clock))}"
    public_pem = key.as_pem(private=False)
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()

    with pytest.raises(Unauthenticated):
        tokens.verify(f"{signing_input}.{b64(signature)}")


def test_a_token_of_an_unknown_subject_type_is_refused(tokens: JwtAccessTokens) -> None:
    token = tokens.issue(subject=SUBJECT, subject_type="admin", scope="")

    with pytest.raises(Unauthenticated):
        tokens.verify(token)


def test_a_string_that_is_not_a_jwt_is_refused(tokens: JwtAccessTokens) -> None:
    with pytest.raises(Unauthenticated):
        tokens.verify("not.a.jwt")


# -- JWKS ----------------------------------------------------------------------


def test_the_jwks_publishes_the_kid_of_the_token_header(tokens: JwtAccessTokens) -> None:
    kid = unb64_json(a_user_token(tokens).split(".")[0])["kid"]

    assert [entry["kid"] for entry in tokens.jwks()["keys"]] == [kid]


def test_the_jwks_verifies_an_issued_token(tokens: JwtAccessTokens) -> None:
    key_set = KeySet.import_key_set(tokens.jwks())  # type: ignore[arg-type]

    decoded = jwt.decode(a_user_token(tokens), key_set, algorithms=["ES256"])

    assert (decoded.claims["sub"], decoded.claims["aud"]) == (SUBJECT, AUDIENCE)


def test_the_jwks_holds_no_private_part(tokens: JwtAccessTokens) -> None:
    (entry,) = tokens.jwks()["keys"]

    assert "d" not in entry
    assert (entry["kty"], entry["crv"], entry["alg"], entry["use"]) == ("EC", "P-256", "ES256", "sig")


# -- the signing key file --------------------------------------------------------


def test_the_signing_key_file_is_created_readable_by_its_owner_only(key_file: Path, key: ECKey) -> None:
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_the_signing_key_file_is_reused_not_replaced(key_file: Path, key: ECKey) -> None:
    written = key_file.read_bytes()

    again = load_or_create_signing_key(key_file)

    assert again.thumbprint() == key.thumbprint()
    assert key_file.read_bytes() == written


def test_workers_starting_together_all_sign_with_one_key(tmp_path: Path) -> None:
    key_file = tmp_path / "keys" / "signing.pem"
    with ProcessPoolExecutor(max_workers=6) as pool:
        thumbprints = set(pool.map(_thumbprint_of_key_in, [key_file] * 12))

    assert len(thumbprints) == 1
    assert sorted(path.name for path in key_file.parent.iterdir()) == ["signing.pem"]


def _thumbprint_of_key_in(path: Path) -> str:
    return load_or_create_signing_key(path).thumbprint()


def test_a_token_issued_before_a_restart_verifies_after_it(key_file: Path, key: ECKey, clock: FixedClock) -> None:
    token = a_user_token(tokens_of(key, clock))

    restarted = tokens_of(load_or_create_signing_key(key_file), clock)

    assert restarted.verify(token).subject == SUBJECT


# -- password hashes -------------------------------------------------------------


@pytest.fixture(scope="module")
def hasher() -> Argon2PasswordHasher:
    return Argon2PasswordHasher()


async def test_a_hash_verifies_with_its_secret(hasher: Argon2PasswordHasher) -> None:
    stored = await hasher.hash("correct horse battery")

    assert await hasher.verify(stored, "correct horse battery") is True


async def test_a_wrong_secret_does_not_verify(hasher: Argon2PasswordHasher) -> None:
    stored = await hasher.hash("correct horse battery")

    assert await hasher.verify(stored, "correct horse batterie") is False


async def test_no_stored_hash_does_not_verify(hasher: Argon2PasswordHasher) -> None:
    assert await hasher.verify(None, "decoy password that matches nothing") is False


async def test_a_malformed_stored_hash_does_not_verify(hasher: Argon2PasswordHasher) -> None:
    assert await hasher.verify("not-an-argon2-hash", "correct horse battery") is False


async def test_hashes_are_argon2id(hasher: Argon2PasswordHasher) -> None:
    assert (await hasher.hash("correct horse battery")).startswith("$argon2id$")


async def test_two_hashes_of_one_secret_differ(hasher: Argon2PasswordHasher) -> None:
    first = await hasher.hash("correct horse battery")
    second = await hasher.hash("correct horse battery")

    assert first != second
    assert await hasher.verify(second, "correct horse battery") is True
