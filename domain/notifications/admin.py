"""Staff look into the outbox and give parked messages another chance."""

from datetime import datetime
from uuid import UUID

from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal
from domain.notifications.messages import DeliveryState, OutboxMessage
from domain.ports.system import Clock
from domain.ports.unit_of_work import UnitOfWork


def _ensure_staff(actor: Principal) -> None:
    if not actor.is_staff:
        raise Forbidden("Seule l'équipe Tremplin consulte la file des e-mails.")


async def list_outbox(
    *, uow: UnitOfWork, actor: Principal, state: DeliveryState, after: tuple[datetime, UUID] | None, limit: int
) -> list[OutboxMessage]:
    """Outbox messages in one state, newest first, with their last error.

    - Staff only (403).
    """
    _ensure_staff(actor)
    async with uow:
        return await uow.outbox.in_state(state, after=after, limit=limit)


async def requeue_message(*, uow: UnitOfWork, actor: Principal, clock: Clock, message_id: UUID) -> OutboxMessage:
    """Give a dead message a fresh set of attempts, due now.

    - Staff only (403); unknown message 404.
    - Only a ``dead`` message may be requeued (409 ``outbox-message-not-dead``).
    """
    _ensure_staff(actor)
    async with uow:
        message = await uow.outbox.get(message_id)
        if message is None:
            raise NotFound("Message introuvable dans la file des e-mails.")
        message.requeue(at=clock.now())
        await uow.commit()
        return message
