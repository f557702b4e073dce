"""The OAuth2 token endpoint, built on authlib's generic AuthorizationServer.

authlib has no FastAPI integration and its grants are synchronous: one
``TokenServer`` is made per request and run in a worker thread; the grants'
callbacks reach back to the event loop (``anyio.from_thread``) to run the
domain's authentication use cases, which own the brute-force rules.
"""

from collections.abc import Mapping
from typing import Any

import anyio.from_thread
import anyio.to_thread
from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.errors import InsecureTransportError, InvalidGrantError, InvalidScopeError
from authlib.oauth2.rfc6749.grants import (
    ClientCredentialsGrant,
    ResourceOwnerPasswordCredentialsGrant,
)
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload

from api.bootstrap import Container
from domain.identity.authentication import authenticate_client, authenticate_person, find_client
from domain.identity.clients import ApiClient
from domain.identity.scopes import ALL_SCOPES, format_scopes, parse_scopes
from domain.identity.users import User

# People get tokens with the password grant without client credentials: the
# request is taken as coming from this built-in public client.
PUBLIC_CLIENT_ID = "tremplin"


class PublicClient:
    def get_client_id(self) -> str:
        return PUBLIC_CLIENT_ID

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "none"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "password"

    def check_client_secret(self, client_secret: str) -> bool:
        return False

    def allows(self, scope: str | None) -> bool:
        return _known(scope)


class PartnerClient:
    def __init__(self, server: "TokenServer", client: ApiClient) -> None:
        self._server = server
        self.client = client

    def get_client_id(self) -> str:
        return self.client.client_id

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"

    def check_client_secret(self, client_secret: str) -> bool:
        return self._server.check_secret(self.client, client_secret)

    def allows(self, scope: str | None) -> bool:
        return _known(scope) and parse_scopes(scope) <= self.client.scopes


def _known(scope: str | None) -> bool:
    try:
        parse_scopes(scope)
    except ValueError:
        return False
    return True


class _ScopedGrant:
    def validate_requested_scope(self) -> None:
        if not self.request.client.allows(self.request.payload.scope):  # type: ignore[attr-defined]
            raise InvalidScopeError()


class PasswordGrant(_ScopedGrant, ResourceOwnerPasswordCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ("none",)

    def authenticate_user(self, username: str, password: str) -> User:
        user = self.server.authenticate_person(username, password)
        if user is None:
            # RFC 6749 §5.2: wrong resource owner credentials are invalid_grant.
            raise InvalidGrantError("Adresse e-mail ou mot de passe incorrect.")
        return user  # type: ignore[no-any-return]


class PartnerGrant(_ScopedGrant, ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


class TokenRequest(OAuth2Request):
    def __init__(self, *, uri: str, form: dict[str, str], headers: Mapping[str, str]) -> None:
        super().__init__(method="POST", uri=uri, headers=headers)
        self._form = form
        self.payload = BasicOAuth2Payload(form)

    @property
    def form(self) -> dict[str, str]:
        return self._form

    @property
    def args(self) -> dict[str, str]:
        return {}


class TokenServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, container: Container, *, ip: str) -> None:
        super().__init__(scopes_supported=sorted(ALL_SCOPES))
        self._container = container
        self._ip = ip
        self.register_grant(PasswordGrant)
        self.register_grant(PartnerGrant)
        self.register_token_generator("default", self._generate)

    # -- authlib's extension points --------------------------------------
    def query_client(self, client_id: str) -> PublicClient | PartnerClient | None:
        if client_id == PUBLIC_CLIENT_ID:
            return PublicClient()
        client = anyio.from_thread.run(self._find_client, client_id)
        return PartnerClient(self, client) if client else None

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Access tokens are self-contained JWTs: nothing to store."""

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No listeners."""

    def create_oauth2_request(self, request: TokenRequest) -> TokenRequest:
        return request

    def handle_response(
        self, status: int, body: dict[str, Any], headers: list[tuple[str, str]]
    ) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        return status, body, headers

    # -- bridges to the domain ----------------------------------------------
    def authenticate_person(self, username: str, password: str) -> User | None:
        return anyio.from_thread.run(self._authenticate_person, username, password)

    def check_secret(self, client: ApiClient, secret: str) -> bool:
        return anyio.from_thread.run(self._authenticate_client, client, secret)

    async def _find_client(self, client_id: str) -> ApiClient | None:
        return await find_client(uow=self._container.new_uow(), client_id=client_id)

    async def _authenticate_person(self, username: str, password: str) -> User | None:
        c = self._container
        return await authenticate_person(
            uow=c.new_uow(),
            hasher=c.hasher,
            clock=c.clock,
            username=username,
            password=password,
            ip=self._ip,
        )

    async def _authenticate_client(self, client: ApiClient, secret: str) -> bool:
        c = self._container
        return await authenticate_client(
            uow=c.new_uow(), hasher=c.hasher, clock=c.clock, client=client, secret=secret, ip=self._ip
        )

    def _generate(
        self,
        *,
        grant_type: str,
        client: Any,
        user: User | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        tokens = self._container.tokens
        if user is not None:
            subject, subject_type = str(user.id), "user"
            granted = format_scopes(parse_scopes(scope) or ALL_SCOPES)
        else:
            subject, subject_type = str(client.client.id), "client"
            granted = format_scopes(parse_scopes(scope) or client.client.scopes)
        return {
            "access_token": tokens.issue(subject=subject, subject_type=subject_type, scope=granted),
            "token_type": "Bearer",
            "expires_in": tokens.ttl_s,
            "scope": granted,
        }


async def respond_to_token_request(
    container: Container, *, uri: str, form: dict[str, str], headers: Mapping[str, str], ip: str
) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
    """Run the grant for one token request; returns (status, body, headers)."""
    # Only HTTP Basic authenticates a client here: any other Authorization (a
    # bearer token sent along, a bare scheme) is not client authentication.
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not credentials.strip():
        headers = {name: value for name, value in headers.items() if name.lower() != "authorization"}
    if form.get("grant_type") == "password" and "client_id" not in form and "authorization" not in headers:
        form = {**form, "client_id": PUBLIC_CLIENT_ID}
    server = TokenServer(container, ip=ip)
    try:
        request = TokenRequest(uri=uri, form=form, headers=headers)
    except InsecureTransportError as error:
        # Plain HTTP to a public host (no TLS proxy saying X-Forwarded-Proto: https): the caller's 400.
        return error.status_code, dict(error.get_body()), error.get_headers()
    return await anyio.to_thread.run_sync(server.create_token_response, request)
