"""Opaque cursors of keyset pagination, shared by the API's ``next`` links
and the pages' "next results" links. Decoding raises ``ValueError``."""

import base64
import json
from datetime import datetime
from uuid import UUID

from domain.candidatures.listing import Position
from domain.matching.hits import Cursor


def _encode(values: list[str | float]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(text: str) -> list[str | float]:
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, TypeError) as error:
        raise ValueError("invalid cursor") from error
    if not isinstance(values, list) or len(values) != 2:
        raise ValueError("invalid cursor")
    return values


def encode_cursor(cursor: Cursor) -> str:
    return _encode([cursor.dot, str(cursor.id)])


def decode_cursor(text: str) -> Cursor:
    dot, identifier = _decode(text)
    try:
        return Cursor(dot=float(dot), id=UUID(str(identifier)))
    except (ValueError, TypeError) as error:
        raise ValueError("invalid cursor") from error


def encode_position(position: Position) -> str:
    """The cursor of a newest-first list: the last row's creation instant and id."""
    return _encode([position.created_at.isoformat(), str(position.id)])


def decode_position(text: str) -> Position:
    created_at, identifier = _decode(text)
    try:
        at = datetime.fromisoformat(str(created_at))
        if at.tzinfo is None:
            raise ValueError("naive instant")
        return Position(created_at=at, id=UUID(str(identifier)))
    except (ValueError, TypeError) as error:
        raise ValueError("invalid cursor") from error
