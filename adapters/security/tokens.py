import contextlib
import os
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from joserfc import jwt
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from joserfc.jwk import ECKey, KeySet
from joserfc.jwt import JWTClaimsRegistry

from domain.errors import Unauthenticated
from domain.ports.system import AccessTokenClaims

ALGORITHM = "ES256"


def load_or_create_signing_key(path: Path) -> ECKey:
    """The P-256 signing key kept in ``path`` (PEM), created on first use.

    Several workers may start at once: each writes a complete key to a private
    temporary file and links it into place; whoever loses the race reads the
    winner's key, so every process signs with the same one."""
    if path.exists():
        return ECKey.import_key(path.read_bytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(ECKey.generate_key("P-256", private=True).as_pem(private=True))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return ECKey.import_key(path.read_bytes())


class JwtAccessTokens:
    """Short-lived access tokens, signed with one asymmetric key whose public
    part is published as a JWKS. Verification accepts ES256 only and checks
    issuer, audience, expiry and subject."""

    def __init__(
        self,
        *,
        key: ECKey,
        issuer: str,
        audience: str,
        ttl_s: int,
        now: Callable[[], datetime],
    ) -> None:
        self._key = key
        self._kid = key.thumbprint()
        self._issuer = issuer
        self._audience = audience
        self.ttl_s = ttl_s
        self._now = now

    def issue(self, *, subject: str, subject_type: str, scope: str) -> str:
        issued = int(self._now().timestamp())
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": subject,
            "typ": subject_type,
            "scope": scope,
            "iat": issued,
            "exp": issued + self.ttl_s,
            "jti": uuid.uuid4().hex,
        }
        header = {"alg": ALGORITHM, "kid": self._kid, "typ": "at+jwt"}
        return jwt.encode(header, claims, self._key, algorithms=[ALGORITHM])

    def verify(self, token: str) -> AccessTokenClaims:
        registry = JWTClaimsRegistry(
            now=lambda: int(self._now().timestamp()),
            iss={"essential": True, "value": self._issuer},
            aud={"essential": True, "value": self._audience},
            exp={"essential": True},
            sub={"essential": True},
            typ={"essential": True, "values": ["user", "client"]},
        )
        try:
            decoded = jwt.decode(token, self._key, algorithms=[ALGORITHM])
            if decoded.header.get("kid") != self._kid:
                raise Unauthenticated("Jeton signé par une clé inconnue.")
            registry.validate(decoded.claims)
        # The detail is ours: a library's exception names nothing a client can act on.
        except ExpiredTokenError:
            raise Unauthenticated("Le jeton a expiré : demandez-en un nouveau.") from None
        except ClaimError:
            raise Unauthenticated("Jeton refusé : il n'a pas été délivré pour ce service.") from None
        except (JoseError, ValueError, TypeError):
            raise Unauthenticated("Jeton invalide : mal formé ou mal signé.") from None
        claims = decoded.claims
        return AccessTokenClaims(
            subject=str(claims["sub"]),
            subject_type=str(claims["typ"]),
            scope=str(claims.get("scope", "")),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC),
        )

    def jwks(self) -> dict[str, Any]:
        public = ECKey.import_key(self._key.as_dict(private=False))
        entry = {**public.as_dict(private=False), "kid": self._kid, "use": "sig", "alg": ALGORITHM}
        return KeySet([ECKey.import_key(entry)]).as_dict(private=False)
