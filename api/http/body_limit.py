"""Request bodies over ``TREMPLIN_MAX_BODY_BYTES`` are refused with 413
before they are read whole.

A pure ASGI middleware, so that nothing buffers the body before it counts: a
``Content-Length`` over the limit is refused before the app runs; a body sent
without one (chunked) is counted as its chunks arrive, and the app reading it
gets an error at the first chunk past the limit. Starlette's own
``RequestBodyLimitMiddleware`` waits for the app to read and answers in plain
text; this one answers a problem, at once."""

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.errors import problem


class BodyTooLarge(Exception):
    """Raised into the app that reads past the limit; the middleware answers."""


class BodySizeLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        body = _CountedBody(receive, send, self.max_bytes)
        try:
            await self.app(scope, body.receive, body.send)
        except Exception:
            # Whatever the app made of the error it got (FastAPI turns it into a 400), the answer is ours.
            if not body.overflowed:
                raise
        if body.overflowed and not body.response_started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            status=413,
            code="body-too-large",
            title="Corps de requête trop volumineux",
            detail=f"Le corps d'une requête ne dépasse pas {self.max_bytes} octets.",
            instance=scope["path"],
            # The rest of the body is never read: the connection cannot carry another request.
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


class _CountedBody:
    def __init__(self, receive: Receive, send: Send, max_bytes: int) -> None:
        self._receive, self._send, self._max_bytes = receive, send, max_bytes
        self.received = 0
        self.overflowed = False
        self.response_started = False

    async def receive(self) -> Message:
        if self.overflowed:
            raise BodyTooLarge()
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self._max_bytes:
                self.overflowed = True
                raise BodyTooLarge()
        return message

    async def send(self, message: Message) -> None:
        if self.overflowed and not self.response_started:
            return  # the app's answer to the error it got: the 413 replaces it
        if message["type"] == "http.response.start":
            self.response_started = True
        await self._send(message)


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    return int(value) if value is not None and value.isascii() and value.isdigit() else None
