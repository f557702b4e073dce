"""Ports of the notifications area."""

from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.notifications.messages import DeliveryState, OutboxMessage
from domain.notifications.preferences import NotificationPreference


class OutboxRepository(Protocol):
    """The emails waiting to be sent, sent, or parked as dead."""

    async def add(self, message: OutboxMessage) -> None:
        """Store a new message; one already stored for the same event and
        recipient raises ``Conflict``."""
        ...

    async def get(self, message_id: UUID) -> OutboxMessage | None:
        """The message with this id, or None."""
        ...

    async def has_event(self, event_id: UUID) -> bool:
        """Whether any message was recorded for this event."""
        ...

    async def claim_due(self, *, at: datetime, until: datetime, token: UUID, limit: int) -> list[OutboxMessage]:
        """Lease to ``token`` until ``until`` at most ``limit`` pending messages
        due at ``at`` whose lease (if any) has run out, oldest due first, and
        return them. Concurrent callers never receive the same message."""
        ...

    async def settle(self, message: OutboxMessage, *, token: UUID) -> bool:
        """Write the delivery outcome (state, attempts, error, next attempt) of a
        message claimed by ``token``; False, and nothing written, when that
        claim is no longer held."""
        ...

    async def in_state(
        self, state: DeliveryState, *, after: tuple[datetime, UUID] | None, limit: int
    ) -> list[OutboxMessage]:
        """Messages in ``state``, newest first by (created_at, id), strictly after ``after``."""
        ...


class NotificationPreferenceRepository(Protocol):
    async def get(self, *, user_id: UUID, company_id: UUID) -> NotificationPreference | None:
        """This member's choices for this company, or None (the defaults)."""
        ...

    async def put(self, preference: NotificationPreference) -> None:
        """Create or replace this member's choices for this company."""
        ...

    async def opted_out_of_new_candidatures(self, company_id: UUID) -> frozenset[UUID]:
        """Ids of the users who turned off new-candidature emails of this company."""
        ...
