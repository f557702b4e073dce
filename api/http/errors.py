"""Every error leaves as ``application/problem+json`` (RFC 9457).

Domain errors are mapped here, once, by their base class; FastAPI's own
validation and HTTP errors are reshaped to the same form. An unexpected
exception becomes a 500 problem without internals, logged with the request id.
"""

import re
from copy import deepcopy
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.http.deps import ACT_AS_HEADER
from api.http.schemas.common import ProblemOut
from domain.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    RuleViolation,
    TooManyAttempts,
    Unauthenticated,
)

PROBLEM_BASE = "https://tremplin.inclusion.example/problems/"
MEDIA_TYPE = "application/problem+json"
log = structlog.get_logger("tremplin.errors")

STATUS = {
    InvalidInput: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    RuleViolation: 422,
    TooManyAttempts: 429,
}


def problem(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str,
    errors: list[FieldError] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        **(extra or {}),
    }
    if errors:
        body["errors"] = [{"pointer": e.pointer, "message": e.message} for e in errors]
    return JSONResponse(body, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def status_of(error: DomainError) -> int:
    for base, status in STATUS.items():
        if isinstance(error, base):
            return status
    return 400


async def domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    status = status_of(error)
    headers = {}
    if isinstance(error, Unauthenticated):
        # RFC 6750 §3: no error code when the request carried no token at all.
        given = "authorization" in request.headers
        headers["WWW-Authenticate"] = 'Bearer error="invalid_token"' if given else "Bearer"
    if isinstance(error, TooManyAttempts):
        headers["Retry-After"] = str(error.retry_after_s)
    return problem(
        status=status,
        code=error.code,
        title=error.title,
        detail=error.detail,
        instance=request.url.path,
        errors=error.errors,
        extra=error.extra,
        headers=headers,
    )


async def validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = list(error.errors())
    if any(p.get("type") == "json_invalid" for p in problems):
        return problem(
            status=400,
            code="malformed-json",
            title="JSON mal formé",
            detail="Le corps de la requête n'est pas un document JSON valide.",
            instance=request.url.path,
        )
    fields = [FieldError(pointer=_pointer(p["loc"]), message=p["msg"]) for p in problems]
    return problem(
        status=422,
        code="validation-error",
        title="Données invalides",
        detail="; ".join(f"{f.pointer}: {f.message}" for f in fields),
        instance=request.url.path,
        errors=fields,
    )


async def http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    headers = dict(error.headers or {})
    if error.status_code == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    if error.status_code == 405:
        headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
    return problem(
        status=error.status_code,
        code=f"http-{error.status_code}",
        title=str(error.detail) if error.status_code != 404 else "Ressource introuvable",
        detail=str(error.detail),
        instance=request.url.path,
        headers=headers,
    )


async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
    # The exception's message may quote data; only its type is logged with the trace.
    log.error("unexpected_error", error_type=type(error).__name__, exc_info=error)
    return problem(
        status=500,
        code="internal-error",
        title="Erreur interne",
        detail="Une erreur inattendue est survenue ; elle a été journalisée.",
        instance=request.url.path,
        # The server drops the connection after an unexpected error: the
        # client must not send its next request on it.
        headers={"Connection": "close"},
    )


def unavailable_handler(retry_after_s: int = 5) -> Any:
    async def unavailable(request: Request, error: Exception) -> JSONResponse:
        log.warning("service_unavailable", error_type=type(error).__name__)
        return problem(
            status=503,
            code="service-unavailable",
            title="Service momentanément indisponible",
            detail="Un service dont Tremplin dépend ne répond pas ; réessayez dans un instant.",
            instance=request.url.path,
            headers={"Retry-After": str(retry_after_s)},
        )

    return unavailable


def install_error_handlers(app: FastAPI, *, unavailable: type[Exception]) -> None:
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(unavailable, unavailable_handler())
    app.add_exception_handler(Exception, unexpected_error)
    _document_problems(app)


def _document_problems(app: FastAPI) -> None:
    """The OpenAPI document describes the problems as they leave.

    FastAPI puts a route's declared problems under ``application/json`` and
    documents its own validation errors in another shape; every 4xx leaves as
    ``application/problem+json`` (``ProblemOut``). Some problems may come from
    any route, whatever it declares: 400 when its body is not JSON, and, when
    it knows its caller, 401 for a bad token and 403 for a ``Tremplin-Act-As``
    naming a structure the caller is not an active member of."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _with_problems(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _with_problems(document: dict[str, Any]) -> dict[str, Any]:
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}}
    for operation in (operation for item in document["paths"].values() for operation in item.values()):
        responses = operation["responses"]
        if "requestBody" in operation:
            responses.setdefault("400", {"description": "Bad Request"})
        if any(parameter["name"] == ACT_AS_HEADER for parameter in operation.get("parameters", [])):
            # The caller's token and the tenant he acts for are checked before the route runs.
            responses.setdefault("401", {"description": "Unauthorized"})
            responses.setdefault("403", {"description": "Forbidden"})
        for code, response in responses.items():
            if code.startswith("4"):
                response["content"] = deepcopy(content)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ProblemOut", ProblemOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    for fastapi_shape in ("HTTPValidationError", "ValidationError"):
        schemas.pop(fastapi_shape, None)
    return document


def _allowed_methods(request: Request) -> str:
    """Every method of the resource (RFC 9110 §15.5.6): Starlette names those
    of the one route it tried, and a path may be served by two (GET and POST)."""
    methods: set[str] = set()
    for template, operations in request.app.openapi()["paths"].items():
        pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods |= {method.upper() for method in operations}
    return ", ".join(sorted(methods))


def _pointer(location: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        return "/" + "/".join(parts[1:])
    # query, path and header parameters: "/query/limit"
    return "/" + "/".join(parts)
