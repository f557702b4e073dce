import hashlib

from sqlalchemy import event, func
from sqlalchemy.orm import Session, SessionTransaction
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.tables import IdempotencyKeyRow
from domain.candidatures.idempotency import IdempotencyRecord, StoredResponse

# SQLite has no advisory lock: the keys claimed by this process's open
# transactions, by database. SQLite serves a single process (README, "Scaling
# out"), so what this process holds is all that is held.
_HELD_ON_SQLITE: set[tuple[str, str, str]] = set()


class SqlIdempotencyKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._absent: set[tuple[str, str]] = set()  # looked up in this transaction and not found

    async def claim(self, *, caller: str, key: str) -> bool:
        bind = self._session.bind
        if bind is not None and bind.dialect.name == "postgresql":
            return await self._claim_on_postgresql(caller, key)
        return await self._claim_on_sqlite(str(bind.url) if bind is not None else "", caller, key)

    async def _claim_on_postgresql(self, caller: str, key: str) -> bool:
        digest = hashlib.sha256(f"{caller}\n{key}".encode()).digest()
        lock = int.from_bytes(digest[:8], "big", signed=True)
        # Held until this transaction ends; a concurrent retry fails to take it
        # instead of waiting for the first to commit.
        result = await self._session.exec(select(func.pg_try_advisory_xact_lock(lock)))
        return bool(result.one())

    async def _claim_on_sqlite(self, database: str, caller: str, key: str) -> bool:
        """As PostgreSQL's lock: held until this transaction ends, refused to
        any other meanwhile (without it, a concurrent retry ran alongside the
        first, and its answer depended on which wrote first)."""
        claim = (database, caller, key)
        if claim in _HELD_ON_SQLITE:
            return False
        _HELD_ON_SQLITE.add(claim)  # before any await: a concurrent retry checks in between
        try:
            await self._session.connection()  # begins the transaction the claim lasts for
        except BaseException:
            _HELD_ON_SQLITE.discard(claim)
            raise
        transaction = self._session.sync_session.get_transaction()

        def release(_session: Session, ended: SessionTransaction) -> None:
            if ended is transaction:
                _HELD_ON_SQLITE.discard(claim)

        event.listen(self._session.sync_session, "after_transaction_end", release)
        return True

    async def get(self, *, caller: str, key: str) -> IdempotencyRecord | None:
        row = await self._session.get(IdempotencyKeyRow, (caller, key))
        if row is None:
            self._absent.add((caller, key))
            return None
        response = StoredResponse(status=row.status, body=row.body)
        return IdempotencyRecord(row.caller, row.key, row.fingerprint, response, row.created_at)

    async def put(self, record: IdempotencyRecord) -> None:
        values = {
            "fingerprint": record.fingerprint,
            "status": record.response.status,
            "body": record.response.body,
            "created_at": record.created_at,
        }
        # A key found absent stays so: the caller holds its claim until commit.
        absent = (record.caller, record.key) in self._absent
        row = None if absent else await self._session.get(IdempotencyKeyRow, (record.caller, record.key))
        if row is None:
            self._session.add(IdempotencyKeyRow(caller=record.caller, key=record.key, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
        await self._session.flush()
