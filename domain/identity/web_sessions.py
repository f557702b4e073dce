"""Signed-in sessions of the web pages, held server-side.

The browser keeps only an opaque token (≥ 128 random bits, made by the
caller); the database keeps its SHA-256 hash, so that a copy of the table
opens no session. A session ends at its expiry or at logout; signing in
again replaces the session the browser had (no fixation)."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(slots=True)
class WebSession:
    id: UUID
    token_hash: str
    user_id: UUID
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    act_as: UUID | None = None  # the company or organisation he acts for, among his memberships

    def is_live(self, now: datetime) -> bool:
        return now < self.expires_at


@dataclass(slots=True, frozen=True)
class NewSession:
    """The secrets the caller drew for a session: the cookie's token and the CSRF token."""

    token: str
    csrf_token: str
