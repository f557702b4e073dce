"""Opaque cursors for keyset pagination, and the ``next`` link."""

import base64
import json
from uuid import UUID

from fastapi import Request

from domain.errors import FieldError, InvalidInput
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
        raise InvalidInput(
            "Le curseur de pagination est invalide : reprenez le lien `next` d'une réponse.",
            errors=[FieldError("/query/cursor", "invalid cursor")],
        ) from None


def next_link(request: Request, cursor: Cursor | None) -> str | None:
    if cursor is None:
        return None
    return str(request.url.include_query_params(cursor=encode_cursor(cursor)))
