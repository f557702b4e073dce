"""A link to a person's own account, stored and queued for the email that carries it."""

from datetime import timedelta

from domain.identity.events import LinkSent
from domain.identity.links import LinkPurpose, new_link
from domain.identity.users import User
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


async def email_a_link(
    *,
    uow: UnitOfWork,
    user: User,
    purpose: LinkPurpose,
    ttl: timedelta,
    event_type: type[LinkSent],
    clock: Clock,
    ids: IdGenerator,
) -> None:
    """Within the caller's transaction: void the person's unused links for
    this purpose, store a new one, and write the email to the outbox."""
    await uow.links.invalidate_for(user.id, purpose)
    link, token = new_link(
        purpose=purpose, email=user.email, user_id=user.id, subject_id=None, ttl=ttl, ids=ids, clock=clock
    )
    await uow.links.add(link)
    event = event_type(
        event_id=ids.new_id(),
        occurred_at=link.created_at,
        user_id=user.id,
        token=token,
        valid_hours=int(ttl.total_seconds() // 3600),
    )
    await record_notifications(uow, [event])
