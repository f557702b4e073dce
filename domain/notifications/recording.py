"""Domain events become outbox messages inside the transaction that raised them."""

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.notifications.messages import Envelope, OutboxMessage
from domain.notifications.routes import ROUTES
from domain.ports.unit_of_work import UnitOfWork


class DomainEvent(Protocol):
    @property
    def event_id(self) -> UUID: ...

    @property
    def occurred_at(self) -> datetime: ...


async def record_notifications(uow: UnitOfWork, events: Iterable[DomainEvent]) -> int:
    """Write to the outbox the emails these events cause; returns how many.

    Call it inside the use case's ``async with uow`` just before ``commit()``,
    with an aggregate's ``events``: the emails leave only if the change
    commits, and a worker sends them even if this process dies right after.
    An event already in the outbox is skipped (recording is idempotent), and
    so are events nobody is emailed about.
    """
    recorded = 0
    for event in events:
        route = ROUTES.get(type(event))
        if route is None or await uow.outbox.has_event(event.event_id):
            continue
        for envelope in _one_per_recipient(await route(uow, event)):
            message = OutboxMessage.for_event(
                event_id=event.event_id, event_type=type(event).__name__, envelope=envelope, at=event.occurred_at
            )
            await uow.outbox.add(message)
            recorded += 1
    return recorded


def _one_per_recipient(envelopes: list[Envelope]) -> list[Envelope]:
    # One email per person and event (the idempotency key): when someone has
    # two roles (an employer who self-prescribes), the first-listed role wins.
    seen: set[str] = set()
    unique = []
    for envelope in envelopes:
        if envelope.recipient not in seen:
            seen.add(envelope.recipient)
            unique.append(envelope)
    return unique
