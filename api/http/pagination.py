"""Opaque cursors for keyset pagination (``api/cursors.py``), and the ``next`` link."""

from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from api import cursors
from api.cursors import encode_cursor, encode_position
from domain.candidatures.listing import Position
from domain.matching.hits import Cursor

T = TypeVar("T")


def _decoded(text: str | None, decode: Callable[[str], T]) -> T | None:
    if not text:
        return None
    try:
        return decode(text)
    except ValueError:
        # Refused like any other invalid query parameter (422, pointer /query/cursor).
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", "cursor"), "msg": "invalid cursor: reuse a `next` link"}]
        ) from None


def decode_cursor(text: str | None) -> Cursor | None:
    return _decoded(text, cursors.decode_cursor)


def next_link(request: Request, cursor: Cursor | None) -> str | None:
    if cursor is None:
        return None
    return str(request.url.include_query_params(cursor=encode_cursor(cursor)))


def decode_position(text: str | None) -> Position | None:
    return _decoded(text, cursors.decode_position)


def next_position_link(request: Request, position: Position | None) -> str | None:
    if position is None:
        return None
    return str(request.url.include_query_params(cursor=encode_position(position)))
