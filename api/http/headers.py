"""Headers every answer carries (DOMAIN.md "Personal data guards").

- ``X-Content-Type-Options: nosniff`` on every answer: a browser never runs
  a JSON body, or an uploaded file, as something else.
- ``Cache-Control: no-store`` on every answer under the API prefix, except
  the public catalogue (referentials, companies and job postings, the JWKS,
  the OpenAPI document and its docs), which is the same for everyone and
  holds nobody's personal data. The rule is "everything but", rather than
  "the answers that carry personal data", so that a new route (a signup, a
  confirmation, an export) is never cached by mistake: a browser, a proxy
  or a partner's HTTP cache would keep a person's profile, his NIR or a
  token on disk. The answers of the web pages are their own business.

Pure ASGI (no ``BaseHTTPMiddleware``, which costs a task and a stream per
request), and wrapped around the whole application, outside Starlette's
``ServerErrorMiddleware``, so that a 500 carries them too.
"""

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PUBLIC_CATALOGUE = frozenset(
    {
        "auth-jwks",
        "communes-search",
        "communes-get",
        "rome-appellations-search",
        "eligibility-criteria-list",
        "companies-search",
        "companies-get",
        "job-postings-search",
        "job-postings-get",
    }
)
_READS = frozenset({"GET", "HEAD"})


class ResponseHeaders:
    def __init__(self, app: ASGIApp, *, prefix: str, documentation: frozenset[str]) -> None:
        self.app = app
        self._prefix = prefix + "/"
        self._documentation = documentation

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                if self._private(scope):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _private(self, scope: Scope) -> bool:
        """Read when the answer starts: the router has put the route in the scope by then."""
        path = scope["path"]
        if not path.startswith(self._prefix) or path in self._documentation:
            return False
        public = getattr(scope.get("route"), "operation_id", None) in PUBLIC_CATALOGUE
        return not (public and scope["method"] in _READS)


def install_response_headers(app: FastAPI, *, prefix: str) -> None:
    build = app.build_middleware_stack
    documentation = frozenset(url for url in (app.openapi_url, app.docs_url) if url)

    def build_with_headers() -> ASGIApp:
        return ResponseHeaders(build(), prefix=prefix, documentation=documentation)

    app.build_middleware_stack = build_with_headers  # type: ignore[method-assign]
