"""Opaque cursors for keyset pagination, and the ``next`` link.

Links are built on ``TREMPLIN_PUBLIC_URL``, never on the request's ``Host``
header: a client (or a proxy) may send any Host, and a link built from it
would send the next request, token included, wherever it says."""

import base64
import json
from datetime import datetime
from uuid import UUID

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from api.bootstrap import Container
from domain.candidatures.listing import Position
from domain.matching.hits import Cursor


def encode_cursor(cursor: Cursor) -> str:
    raw = json.dumps([cursor.dot, str(cursor.id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str | None) -> Cursor | None:
    if not text:
        return None
    try:
        padded = text + "=" * (-len(text) % 4)
        dot, identifier = json.loads(base64.urlsafe_b64decode(padded))
        return Cursor(dot=float(dot), id=UUID(identifier))
    except (ValueError, TypeError):
        # Refused like any other invalid query parameter (422, pointer /query/cursor).
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", "cursor"), "msg": "invalid cursor: reuse a `next` link"}]
        ) from None


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


def encode_position(position: Position) -> str:
    """The cursor of a newest-first list: the last row's creation instant and id."""
    raw = json.dumps([position.created_at.isoformat(), str(position.id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_position(text: str | None) -> Position | None:
    if not text:
        return None
    try:
        padded = text + "=" * (-len(text) % 4)
        created_at, identifier = json.loads(base64.urlsafe_b64decode(padded))
        at = datetime.fromisoformat(created_at)
        if at.tzinfo is None:
            raise ValueError("naive instant")
        return Position(created_at=at, id=UUID(identifier))
    except (ValueError, TypeError):
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", "cursor"), "msg": "invalid cursor: reuse a `next` link"}]
        ) from None


def next_position_link(request: Request, position: Position | None) -> str | None:
    if position is None:
        return None
    return public_link(request, cursor=encode_position(position))
