from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from api.http.deps import ContainerDep
from api.http.errors import MEDIA_TYPE, PROBLEM_BASE
from api.http.oauth_server import respond_to_token_request
from api.http.rate_limits import basic_client_id, limit_token_requests
from api.http.schemas.common import holds_control_characters, problems
from api.http.schemas.identity import Jwks, TokenOut

router = APIRouter(prefix="/auth", tags=["auth"])
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}

TOKEN_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": ["grant_type"],
                    "properties": {
                        "grant_type": {"type": "string", "enum": ["password", "client_credentials"]},
                        "username": {"type": "string", "description": "email (password grant)"},
                        "password": {"type": "string", "format": "password"},
                        "client_id": {"type": "string"},
                        "client_secret": {"type": "string", "format": "password"},
                        "scope": {"type": "string", "description": "space-separated scopes"},
                    },
                },
                "example": {
                    "grant_type": "password",
                    "username": "prescriber@demo.tremplin.fr",
                    "password": "demo-password",
                },
            }
        },
    }
}


@router.post(
    "/token",
    operation_id="auth-token",
    summary="Get an access token (OAuth2 password or client-credentials grant)",
    description=(
        "People use `grant_type=password` with their email and password (no client "
        "credentials needed). Partner applications use `grant_type=client_credentials` "
        "with HTTP Basic (or form) client authentication and may ask for a subset of "
        "their scopes. Repeated failures lock the account and the IP for a growing delay "
        "(429 with Retry-After). Requests are also limited per account and per IP in a fixed "
        "window (429 `rate-limited` with Retry-After); when the counters cannot be reached, "
        "the endpoint answers 503 rather than run unchecked."
    ),
    response_model=TokenOut,
    responses=problems(400, 401, 429, 503),
    dependencies=[Depends(limit_token_requests)],
    openapi_extra=TOKEN_FORM,
)
async def token(request: Request, container: ContainerDep) -> JSONResponse:
    form = {key: str(value) for key, value in (await request.form()).items()}
    refused = _field_with_control_characters(form, request.headers.get("authorization"))
    if refused is not None:
        error = {
            "error": "invalid_request",
            "error_description": f"Le champ {refused} contient un caractère de contrôle.",
        }
        return _oauth_error(400, error, request.url.path, headers={})
    status, body, headers = await respond_to_token_request(
        container,
        uri=str(request.url),
        form=form,
        headers=request.headers,
        ip=request.client.host if request.client else "unknown",
    )
    if status == 200:
        return JSONResponse(body, headers=NO_STORE)
    return _oauth_error(
        status, body, request.url.path, headers={k: v for k, v in headers if k.lower() != "content-type"}
    )


def _field_with_control_characters(form: dict[str, str], authorization: str | None) -> str | None:
    """The first field that holds one (the client id of HTTP Basic included):
    looked up in the database, it must never reach it with a NUL."""
    for name, value in [*form.items(), ("client_id", basic_client_id(authorization) or "")]:
        if holds_control_characters(name):
            return "(nom de champ)"
        if holds_control_characters(value):
            return name
    return None


def _oauth_error(
    status: int, body: dict[str, Any], path: str, *, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        _oauth_problem(status, body, path),
        status_code=status,
        headers={**(headers or {}), **NO_STORE},
        media_type=MEDIA_TYPE,
    )


def _oauth_problem(status: int, body: dict[str, Any], path: str) -> dict[str, Any]:
    # RFC 6749 §5.2 members (error, error_description) kept beside RFC 9457's.
    error = str(body.get("error", "invalid_request"))
    description = str(body.get("error_description", error))
    return {
        "type": PROBLEM_BASE + "oauth-" + error.replace("_", "-"),
        "title": "Demande de jeton refusée",
        "status": status,
        "detail": description,
        "instance": path,
        "error": error,
        "error_description": description,
    }


@router.get(
    "/jwks.json",
    operation_id="auth-jwks",
    summary="Public keys that verify access tokens (JWKS)",
    response_model=Jwks,
)
async def jwks(container: ContainerDep) -> dict[str, Any]:
    return container.tokens.jwks()
