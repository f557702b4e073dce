"""Several dispatchers on one outbox: each email leaves exactly once.

On PostgreSQL the claim skips rows locked by another dispatcher (FOR UPDATE
SKIP LOCKED); on SQLite the single-writer claim statement is the equivalent."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from uuid import uuid4

from api.bootstrap import Container
from domain.notifications.delivery import OutgoingEmail
from domain.notifications.dispatch import Dispatch, dispatch_due
from domain.notifications.messages import DeliveryState, Envelope, OutboxMessage, SentVia
from tests.conftest import ON_POSTGRES
from tests.fakes.system import FakeRenderer

DISPATCHERS = 4
ROWS = 1000 if ON_POSTGRES else 300


class CountingMailer:
    via = SentVia.SMTP

    def __init__(self) -> None:
        self.keys: Counter[str] = Counter()

    @asynccontextmanager
    async def connect(self) -> AsyncIterator["CountingMailer"]:
        yield self

    async def send(self, email: OutgoingEmail) -> None:
        await asyncio.sleep(0)  # lets the other dispatchers run mid-batch, as a network round trip would
        self.keys[email.idempotency_key] += 1


async def an_outbox_of(container: Container, rows: int) -> None:
    now = container.clock.now() - timedelta(seconds=1)
    uow = container.new_uow()
    async with uow:
        for index in range(rows):
            envelope = Envelope(f"person{index}@example.org", "habilitation_decided", {"organisation_name": "CHRS"})
            await uow.outbox.add(
                OutboxMessage.for_event(event_id=uuid4(), event_type="HabilitationDecided", envelope=envelope, at=now)
            )
        await uow.commit()


async def drain(dispatch: Dispatch) -> None:
    while (await dispatch_due(dispatch)).claimed:
        pass


async def test_concurrent_dispatchers_send_each_email_exactly_once(container: Container) -> None:
    await an_outbox_of(container, ROWS)
    mailer = CountingMailer()
    dispatch = Dispatch(
        new_uow=container.new_uow,
        mailer=mailer,
        renderer=FakeRenderer(),
        clock=container.clock,
        ids=container.ids,
        jitter=lambda: 0.5,
        batch_size=25,
    )

    await asyncio.gather(*(drain(dispatch) for _ in range(DISPATCHERS)))

    assert len(mailer.keys) == ROWS
    assert set(mailer.keys.values()) == {1}
    uow = container.new_uow()
    async with uow:
        assert await uow.outbox.in_state(DeliveryState.PENDING, after=None, limit=1) == []
        assert len(await uow.outbox.in_state(DeliveryState.SENT, after=None, limit=ROWS + 1)) == ROWS
