"""Sending what the outbox holds: claim due messages, send each, record the outcome.

The one window that can send an email twice is a crash (or a lost database)
between the mail server accepting a message and the commit that marks it
sent: the lease then runs out and another pass sends it again, with the same
``Message-ID``. Each message is marked in its own transaction right after its
send, so that window is one message per crashed dispatcher."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from domain.notifications.delivery import DeliveryFailed, OutgoingEmail, RenderingFailed
from domain.notifications.messages import DeliveryState, OutboxMessage
from domain.notifications.retry import RetryPolicy
from domain.ports.system import Clock, EmailRenderer, IdGenerator, MailConnection, Mailer
from domain.ports.unit_of_work import UnitOfWork


@dataclass(slots=True, frozen=True)
class Dispatch:
    """What a dispatcher needs; built once by the composition root."""

    new_uow: Callable[[], UnitOfWork]
    mailer: Mailer
    renderer: EmailRenderer
    clock: Clock
    ids: IdGenerator
    jitter: Callable[[], float]  # a draw in [0, 1)
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    batch_size: int = 20
    lease: timedelta = timedelta(minutes=2)
    # A message is not started when less than this is left of its lease: it
    # could otherwise be sent by us and, once the lease ran out, by another.
    margin: timedelta = timedelta(seconds=30)


@dataclass(slots=True)
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    released: int = 0  # claimed but left for a later pass (lease nearly over, lease lost)


@dataclass(slots=True, frozen=True)
class _Outcome:
    error: str | None = None
    permanent: bool = False


async def dispatch_due(dispatch: Dispatch) -> DispatchReport:
    """Send one batch of due outbox messages.

    - Claims at most ``batch_size`` due messages in a short transaction (a
      lease; concurrent dispatchers never claim the same message).
    - Renders and sends each outside any transaction, then records it as
      sent, to retry later (back-off with jitter), or dead (permanent
      failure, or attempts spent) in a transaction of its own.
    """
    token = dispatch.ids.new_id()
    now = dispatch.clock.now()
    uow = dispatch.new_uow()
    async with uow:
        claimed = await uow.outbox.claim_due(at=now, until=now + dispatch.lease, token=token, limit=dispatch.batch_size)
        await uow.commit()
    report = DispatchReport(claimed=len(claimed))
    if not claimed:
        return report
    async with dispatch.mailer.connect() as connection:
        for message in claimed:
            assert message.claimed_until is not None  # just claimed
            if dispatch.clock.now() >= message.claimed_until - dispatch.margin:
                report.released += 1
                continue
            outcome = await _deliver(dispatch, connection, message)
            await _record(dispatch, message, token, outcome, report)
    return report


async def _deliver(dispatch: Dispatch, connection: MailConnection, message: OutboxMessage) -> _Outcome:
    try:
        rendered = dispatch.renderer.render(message.template, message.context)
        await connection.send(
            OutgoingEmail(
                recipient=message.recipient,
                subject=rendered.subject,
                text=rendered.text,
                html=rendered.html,
                idempotency_key=message.idempotency_key,
                template=message.template,
            )
        )
    except RenderingFailed as error:
        return _Outcome(f"rendering: {error}", permanent=True)
    except DeliveryFailed as error:
        return _Outcome(error.reason, permanent=error.permanent)
    except Exception as error:  # a bug must not retry a message forever, nor stop the batch
        return _Outcome(f"unexpected {type(error).__name__}")
    return _Outcome()


async def _record(
    dispatch: Dispatch, message: OutboxMessage, token: UUID, outcome: _Outcome, report: DispatchReport
) -> None:
    # The claimed copy is changed and written back in one conditional write:
    # nobody else touches a message while we hold its lease.
    now = dispatch.clock.now()
    if outcome.error is None:
        message.mark_sent(at=now, via=dispatch.mailer.via)
    else:
        message.mark_failed(
            error=outcome.error, at=now, policy=dispatch.policy, jitter=dispatch.jitter(), permanent=outcome.permanent
        )
    uow = dispatch.new_uow()
    async with uow:
        settled = await uow.outbox.settle(message, token=token)
        await uow.commit()
    if not settled:
        report.released += 1
    elif message.state is DeliveryState.SENT:
        report.sent += 1
    elif message.state is DeliveryState.DEAD:
        report.dead += 1
    else:
        report.retried += 1
