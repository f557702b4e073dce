from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import WebSessionRow
from domain.identity.web_sessions import WebSession


class SqlWebSessionRepository(TrackingRepository[WebSession, WebSessionRow]):
    row_type = WebSessionRow

    async def get(self, token_hash: str) -> WebSession | None:
        rows = await self._session.exec(select(WebSessionRow).where(WebSessionRow.token_hash == token_hash))
        return self._track(rows.first())

    async def add(self, session: WebSession) -> None:
        await self._insert(session)

    async def delete(self, token_hash: str) -> None:
        await self._session.exec(delete(WebSessionRow).where(col(WebSessionRow.token_hash) == token_hash))  # type: ignore[call-overload]
        self._forget(lambda s: s.token_hash == token_hash)

    async def delete_expired(self, now: datetime) -> None:
        await self._session.exec(delete(WebSessionRow).where(col(WebSessionRow.expires_at) < now))  # type: ignore[call-overload]
        self._forget(lambda s: s.expires_at < now)

    def _forget(self, gone: Any) -> None:
        # A deleted row must not be written back at commit.
        self._seen = {key: pair for key, pair in self._seen.items() if not gone(pair[0])}

    def _to_domain(self, row: WebSessionRow) -> WebSession:
        return WebSession(
            id=row.id,
            token_hash=row.token_hash,
            user_id=row.user_id,
            csrf_token=row.csrf_token,
            created_at=row.created_at,
            expires_at=row.expires_at,
            act_as=row.act_as,
        )

    def _columns(self, session: WebSession) -> dict[str, Any]:
        return {
            "id": session.id,
            "token_hash": session.token_hash,
            "user_id": session.user_id,
            "csrf_token": session.csrf_token,
            "created_at": session.created_at,
            "expires_at": session.expires_at,
            "act_as": session.act_as,
        }
