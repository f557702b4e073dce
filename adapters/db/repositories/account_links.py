"""Single-use links: found by the hash of their token, row-locked when used."""

from typing import Any
from uuid import UUID

from sqlmodel import col, select

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import AccountLinkRow
from domain.identity.links import AccountLink, LinkPurpose


class SqlAccountLinkRepository(TrackingRepository[AccountLink, AccountLinkRow]):
    row_type = AccountLinkRow

    async def add(self, link: AccountLink) -> None:
        await self._insert(link)

    async def get_by_hash_for_update(self, token_hash: str) -> AccountLink | None:
        query = select(AccountLinkRow).where(AccountLinkRow.token_hash == token_hash).with_for_update()
        return self._track((await self._session.exec(query)).first())

    async def invalidate_for(self, user_id: UUID, purpose: LinkPurpose) -> None:
        self.sync()  # a link used in this unit of work is written (and kept) before the query flushes
        query = select(AccountLinkRow).where(
            AccountLinkRow.user_id == user_id,
            AccountLinkRow.purpose == str(purpose),
            col(AccountLinkRow.used_at).is_(None),
        )
        for row in (await self._session.exec(query)).all():
            await self._delete(row)

    def _to_domain(self, row: AccountLinkRow) -> AccountLink:
        return AccountLink(
            id=row.id,
            purpose=LinkPurpose(row.purpose),
            token_hash=row.token_hash,
            email=row.email,
            user_id=row.user_id,
            subject_id=row.subject_id,
            created_at=row.created_at,
            expires_at=row.expires_at,
            used_at=row.used_at,
        )

    def _columns(self, link: AccountLink) -> dict[str, Any]:
        return {
            "id": link.id,
            "purpose": str(link.purpose),
            "token_hash": link.token_hash,
            "email": link.email,
            "user_id": link.user_id,
            "subject_id": link.subject_id,
            "created_at": link.created_at,
            "expires_at": link.expires_at,
            "used_at": link.used_at,
        }
