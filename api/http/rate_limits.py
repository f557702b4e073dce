"""Request-rate limits at the HTTP edge.

The token endpoint counts each request per account (the form's ``username``
or client id) and per client IP, and fails closed: when the counters cannot be
reached it answers 503, so that password guessing is never left unchecked.

Writes (POST, PUT, PATCH, DELETE under the API prefix, the token endpoint
aside) count per caller: the verified token's user or partner application,
each its own bucket, or the client IP for anonymous writes such as a signup.
They fail open: a write is worth more than its count, and the routes still
check who may do what; the outage is logged as a warning.
"""

import base64
import binascii
import re
from typing import Any
from urllib.parse import unquote

import structlog
from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.bootstrap import Container
from api.http.deps import ContainerDep
from api.http.errors import MEDIA_TYPE, domain_error
from api.request_context import client_ip
from domain.errors import Unauthenticated
from domain.rate_limits.enforcement import enforce_rate_limits
from domain.rate_limits.policy import Bucket, BucketKind, RateLimited

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
log = structlog.get_logger("tremplin.rate_limits")


async def limit_token_requests(request: Request, container: ContainerDep) -> None:
    """Counts the request; ``RateLimited`` becomes a 429, the counters'
    ``Unavailable`` a 503, by the app's error handlers."""
    form = await request.form()
    account = form.get("username") or form.get("client_id") or basic_client_id(request.headers.get("authorization"))
    buckets = [Bucket(BucketKind.SIGN_IN_IP, client_ip(request.scope))]
    if account:
        buckets.insert(0, Bucket(BucketKind.SIGN_IN_ACCOUNT, str(account)))
    await enforce_rate_limits(
        limiter=container.rate_limiter, limits=container.rate_limits, buckets=buckets, now=container.clock.now()
    )


def basic_client_id(authorization: str | None) -> str | None:
    scheme, _, credentials = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(credentials, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    # RFC 6749 §2.3.1: the client id is form-encoded before Basic encoding.
    return unquote(decoded.partition(":")[0].replace("+", " ")) or None


class WriteRateLimits:
    """ASGI middleware: counts each write before it is routed, so that a
    refused write costs no more than the check of its token. An anonymous
    write to a route that needs a token is not counted: it is refused (401)
    before any work, and a 429 would hide why."""

    def __init__(self, app: ASGIApp, *, prefix: str, unavailable: type[Exception]) -> None:
        self.app = app
        self._prefix = prefix + "/"
        self._token_path = prefix + "/auth/token"
        self._unavailable = unavailable
        self._public_writes: list[tuple[str, re.Pattern[str]]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        bucket = self._bucket(scope) if self._limits(scope) else None
        if bucket is None:
            await self.app(scope, receive, send)
            return
        container: Container = scope["app"].state.container
        try:
            await enforce_rate_limits(
                limiter=container.rate_limiter,
                limits=container.rate_limits,
                buckets=[bucket],
                now=container.clock.now(),
            )
        except RateLimited as refused:
            await (await domain_error(Request(scope), refused))(scope, receive, send)
            return
        except self._unavailable as error:
            log.warning("rate_limits_unavailable", bucket=str(bucket.kind), error_type=type(error).__name__)
        await self.app(scope, receive, send)

    def _limits(self, scope: Scope) -> bool:
        return (
            scope["type"] == "http"
            and scope["method"] in WRITE_METHODS
            and scope["path"].startswith(self._prefix)
            and scope["path"] != self._token_path
        )

    def _bucket(self, scope: Scope) -> Bucket | None:
        container: Container = scope["app"].state.container
        scheme, _, token = Request(scope).headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token:
            try:
                claims = container.tokens.verify(token.strip())
            except Unauthenticated:
                pass  # the route refuses the token; until then the caller is anonymous
            else:
                return Bucket(BucketKind.WRITES_CLIENT, f"{claims.subject_type}:{claims.subject}")
        if self._public_writes is None:
            self._public_writes = _public_writes(scope["app"].openapi())
        method, path = scope["method"], scope["path"]
        if any(method == public and pattern.fullmatch(path) for public, pattern in self._public_writes):
            return Bucket(BucketKind.WRITES_IP, client_ip(scope))
        return None


def _public_writes(document: dict[str, Any]) -> list[tuple[str, re.Pattern[str]]]:
    """The writes whose documentation asks for no token (a signup)."""
    return [
        (method.upper(), re.compile(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path))))
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method.upper() in WRITE_METHODS and not operation.get("security")
    ]


def install_rate_limits(app: FastAPI, *, prefix: str, unavailable: type[Exception]) -> None:
    """Before the error handlers and the request context are installed: the
    problems' documentation wraps this one, and the context wraps the 429s."""
    app.add_middleware(WriteRateLimits, prefix=prefix, unavailable=unavailable)
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        return _with_rate_limits(generate(), prefix=prefix)

    app.openapi = openapi  # type: ignore[method-assign]


RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def _with_rate_limits(document: dict[str, Any], *, prefix: str) -> dict[str, Any]:
    limited = {path: item for path, item in document["paths"].items() if path.startswith(prefix + "/")}
    for item in limited.values():
        for method, operation in item.items():
            responses = operation["responses"]
            if method.upper() in WRITE_METHODS:
                responses.setdefault("429", {"description": "Too Many Requests"})
            for code in ("429", "503"):
                if code in responses:
                    responses[code]["headers"] = RETRY_AFTER
            if "503" in responses:
                responses["503"]["content"] = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}
    return document
