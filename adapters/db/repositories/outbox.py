"""The outbox table, and the members' notification preferences."""

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, or_, tuple_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import NotificationPreferenceRow, OutboxMessageRow
from domain.notifications.messages import DeliveryState, OutboxMessage, SentVia
from domain.notifications.preferences import NotificationPreference

_ROW = OutboxMessageRow


def message_from_row(row: OutboxMessageRow) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        event_id=row.event_id,
        event_type=row.event_type,
        recipient=row.recipient,
        template=row.template,
        context=dict(row.context),
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        claimed_by=row.claimed_by,
        claimed_until=row.claimed_until,
        last_error=row.last_error,
        sent_at=row.sent_at,
        sent_via=SentVia(row.sent_via) if row.sent_via else None,
    )


def _outcome_columns(message: OutboxMessage) -> dict[str, Any]:
    return {
        "state": str(message.state),
        "attempts": message.attempts,
        "next_attempt_at": message.next_attempt_at,
        "claimed_by": message.claimed_by,
        "claimed_until": message.claimed_until,
        "last_error": message.last_error,
        "sent_at": message.sent_at,
        "sent_via": str(message.sent_via) if message.sent_via else None,
    }


class SqlOutboxRepository(TrackingRepository[OutboxMessage, OutboxMessageRow]):
    row_type = OutboxMessageRow

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self._postgres = session.bind is not None and session.bind.dialect.name == "postgresql"

    async def add(self, message: OutboxMessage) -> None:
        await self._insert(message)

    async def get(self, message_id: UUID) -> OutboxMessage | None:
        return self._track(await self._session.get(OutboxMessageRow, message_id))

    async def has_event(self, event_id: UUID) -> bool:
        query = select(_ROW.id).where(_ROW.event_id == event_id).limit(1)
        return (await self._session.exec(query)).first() is not None

    async def claim_due(self, *, at: datetime, until: datetime, token: UUID, limit: int) -> list[OutboxMessage]:
        due = (
            select(_ROW.id)
            .where(
                _ROW.state == str(DeliveryState.PENDING),
                col(_ROW.next_attempt_at) <= at,
                or_(col(_ROW.claimed_until).is_(None), col(_ROW.claimed_until) <= at),
            )
            .order_by(col(_ROW.next_attempt_at), col(_ROW.id))
            .limit(limit)
        )
        if self._postgres:
            # Rows another dispatcher is claiming right now are skipped, not waited for.
            due = due.with_for_update(skip_locked=True)
        # SQLite runs this one statement under its single write lock, so two
        # dispatchers cannot both see a row as free there either.
        claim = (
            update(_ROW)
            .where(col(_ROW.id).in_(due.scalar_subquery()))
            .values(claimed_by=token, claimed_until=until)
            .returning(_ROW)
            .execution_options(synchronize_session=False)
        )
        rows = (await self._session.exec(claim)).scalars().all()
        return sorted((message_from_row(row) for row in rows), key=lambda m: (m.next_attempt_at, m.id))

    async def settle(self, message: OutboxMessage, *, token: UUID) -> bool:
        statement = (
            update(_ROW)
            .where(_ROW.id == message.id, _ROW.claimed_by == token, _ROW.state == str(DeliveryState.PENDING))
            .values(**_outcome_columns(message))
            .execution_options(synchronize_session=False)
        )
        result = await self._session.exec(statement)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def in_state(
        self, state: DeliveryState, *, after: tuple[datetime, UUID] | None, limit: int
    ) -> list[OutboxMessage]:
        query = select(_ROW).where(_ROW.state == str(state))
        if after is not None:
            query = query.where(tuple_(col(_ROW.created_at), col(_ROW.id)) < tuple_(*after))
        query = query.order_by(col(_ROW.created_at).desc(), col(_ROW.id).desc()).limit(limit)
        return self._track_all(await self._session.exec(query))

    def _to_domain(self, row: OutboxMessageRow) -> OutboxMessage:
        return message_from_row(row)

    def _columns(self, message: OutboxMessage) -> dict[str, Any]:
        return {
            "id": message.id,
            "event_id": message.event_id,
            "event_type": message.event_type,
            "recipient": message.recipient,
            "template": message.template,
            "context": message.context,
            "created_at": message.created_at,
            **_outcome_columns(message),
        }


class SqlNotificationPreferenceRepository:
    """Preferences are replaced whole, never tracked."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, *, user_id: UUID, company_id: UUID) -> NotificationPreference | None:
        row = await self._session.get(NotificationPreferenceRow, (user_id, company_id))
        if row is None:
            return None
        return NotificationPreference(
            user_id=row.user_id,
            company_id=row.company_id,
            new_candidatures=row.new_candidatures,
            updated_at=row.updated_at,
        )

    async def put(self, preference: NotificationPreference) -> None:
        await self._session.merge(
            NotificationPreferenceRow(
                user_id=preference.user_id,
                company_id=preference.company_id,
                new_candidatures=preference.new_candidatures,
                updated_at=preference.updated_at,
            )
        )

    async def opted_out_of_new_candidatures(self, company_id: UUID) -> frozenset[UUID]:
        row = NotificationPreferenceRow
        query = select(row.user_id).where(and_(row.company_id == company_id, col(row.new_candidatures).is_(False)))
        return frozenset(await self._session.exec(query))
