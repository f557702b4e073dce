"""Opaque cursors for keyset pagination (``api/cursors.py``), and the ``next`` link.

Links are built on ``TREMPLIN_PUBLIC_URL``, never on the request's ``Host``
header: a client (or a proxy) may send any Host, and a link built from it
would send the next request, token included, wherever it says."""

from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from api import cursors
from api.bootstrap import Container
from api.cursors import encode_cursor, encode_position
from domain.candidatures.listing import Position
from domain.matching.hits import Cursor

T = TypeVar("T")


def _decoded(text: str | None, decode: Callable[[str], T]) -> T | None:
    if not text:
        return None
    try:
        return decode(text)
    except (ValueError, TypeError):
        # Refused like any other invalid query parameter (422, pointer /query/cursor).
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", "cursor"), "msg": "invalid cursor: reuse a `next` link"}]
        ) from None


def decode_cursor(text: str | None) -> Cursor | None:
    return _decoded(text, cursors.decode_cursor)


def public_link(request: Request, **params: str) -> str:
    """The request's path and query, with ``params`` set, on the public URL."""
    container: Container = request.app.state.container
    root_path = request.scope.get("root_path", "")
    path = request.url.path.removeprefix(root_path) if root_path else request.url.path
    query = request.url.include_query_params(**params).query
    return f"{container.settings.security.public_url.rstrip('/')}{path}?{query}"


def next_link(request: Request, cursor: Cursor | None) -> str | None:
    if cursor is None:
        return None
    return public_link(request, cursor=encode_cursor(cursor))


def decode_position(text: str | None) -> Position | None:
    return _decoded(text, cursors.decode_position)


def next_position_link(request: Request, position: Position | None) -> str | None:
    if position is None:
        return None
    return public_link(request, cursor=encode_position(position))
