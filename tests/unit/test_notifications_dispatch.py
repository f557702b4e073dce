"""The dispatcher sends what is due, once, and retries or parks what fails."""

from datetime import timedelta
from uuid import UUID

import pytest

from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal
from domain.identity.users import UserKind
from domain.notifications.admin import list_outbox, requeue_message
from domain.notifications.delivery import DeliveryFailed, OutgoingEmail, message_id_for
from domain.notifications.dispatch import Dispatch, DispatchReport, dispatch_due
from domain.notifications.messages import DeliveryState, Envelope, NotDead, OutboxMessage, SentVia
from domain.notifications.retry import RetryPolicy
from tests.fakes.system import FakeMailer, FakeRenderer
from tests.unit.situations import World, a_staff_member

POLICY = RetryPolicy(max_attempts=3, base=timedelta(minutes=2), cap=timedelta(hours=1))
LEASE = timedelta(minutes=5)


def a_dispatch(
    world: World, mailer: FakeMailer, renderer: FakeRenderer | None = None, batch_size: int = 10
) -> Dispatch:
    return Dispatch(
        new_uow=lambda: world.uow,
        mailer=mailer,
        renderer=renderer or FakeRenderer(),
        clock=world.clock,
        ids=world.ids,
        jitter=lambda: 0.5,
        policy=POLICY,
        batch_size=batch_size,
        lease=LEASE,
        margin=timedelta(seconds=30),
    )


async def queued(world: World, recipient: str = "ada@example.org", *, template: str = "habilitation_decided") -> UUID:
    message = OutboxMessage.for_event(
        event_id=world.ids.new_id(),
        event_type="HabilitationDecided",
        envelope=Envelope(recipient, template, {"organisation_name": "CHRS Soleil"}),
        at=world.clock.now(),
    )
    async with world.uow as uow:
        await uow.outbox.add(message)
        await uow.commit()
    return message.id


async def stored(world: World, message_id: UUID) -> OutboxMessage:
    async with world.uow as uow:
        message = await uow.outbox.get(message_id)
    assert message is not None
    return message


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


async def test_a_due_message_is_sent_and_marked_sent(world: World, mailer: FakeMailer) -> None:
    message_id = await queued(world)

    report = await dispatch_due(a_dispatch(world, mailer))

    message = await stored(world, message_id)
    assert [e.recipient for e in mailer.sent] == ["ada@example.org"]
    assert (message.state, message.sent_via, message.sent_at, message.attempts) == (
        DeliveryState.SENT,
        SentVia.SMTP,
        world.clock.now(),
        1,
    )
    assert report == DispatchReport(claimed=1, sent=1)


async def test_the_email_carries_the_rendered_parts_and_the_idempotency_key(world: World, mailer: FakeMailer) -> None:
    message_id = await queued(world)

    await dispatch_due(a_dispatch(world, mailer))

    message = await stored(world, message_id)
    assert mailer.sent == [
        OutgoingEmail(
            recipient="ada@example.org",
            subject="[habilitation_decided]",
            text="habilitation_decided {'organisation_name': 'CHRS Soleil'}",
            html="<p>habilitation_decided</p>",
            idempotency_key=message.idempotency_key,
            template="habilitation_decided",
        )
    ]


async def test_a_sent_message_is_never_sent_again(world: World, mailer: FakeMailer) -> None:
    await queued(world)
    await dispatch_due(a_dispatch(world, mailer))
    world.clock.advance(timedelta(days=1))

    report = await dispatch_due(a_dispatch(world, mailer))

    assert (len(mailer.sent), report.claimed) == (1, 0)


async def test_a_message_not_yet_due_waits(world: World, mailer: FakeMailer) -> None:
    await queued(world)
    world.clock.advance(timedelta(seconds=-1))

    await dispatch_due(a_dispatch(world, mailer))

    assert mailer.sent == []


async def test_a_batch_takes_at_most_batch_size_messages_oldest_first(world: World, mailer: FakeMailer) -> None:
    for index in range(3):
        await queued(world, f"person{index}@example.org")
        world.clock.advance(timedelta(seconds=1))

    report = await dispatch_due(a_dispatch(world, mailer, batch_size=2))

    assert [e.recipient for e in mailer.sent] == ["person0@example.org", "person1@example.org"]
    assert report.claimed == 2


async def test_a_temporary_failure_is_retried_after_a_back_off(world: World, mailer: FakeMailer) -> None:
    message_id = await queued(world)
    mailer.failures["ada@example.org"] = [DeliveryFailed("421 try again later")]

    report = await dispatch_due(a_dispatch(world, mailer))

    message = await stored(world, message_id)
    assert (message.state, message.attempts, message.last_error) == (DeliveryState.PENDING, 1, "421 try again later")
    assert message.next_attempt_at == world.clock.now() + POLICY.delay(1, jitter=0.5)
    assert (report.retried, mailer.sent) == (1, [])


async def test_a_retried_message_is_sent_once_its_back_off_is_over(world: World, mailer: FakeMailer) -> None:
    message_id = await queued(world)
    mailer.failures["ada@example.org"] = [DeliveryFailed("421 try again later")]
    await dispatch_due(a_dispatch(world, mailer))
    world.clock.advance(POLICY.delay(1, jitter=0.5))

    await dispatch_due(a_dispatch(world, mailer))

    assert ((await stored(world, message_id)).state, len(mailer.sent)) == (DeliveryState.SENT, 1)


async def test_a_message_is_parked_as_dead_once_its_attempts_are_spent(world: World, mailer: FakeMailer) -> None:
    message_id = await queued(world)
    mailer.failures["ada@example.org"] = [DeliveryFailed(f"421 busy ({n})") for n in range(POLICY.max_attempts)]

    for _ in range(POLICY.max_attempts):
        await dispatch_due(a_dispatch(world, mailer))
        world.clock.advance(POLICY.cap)

    message = await stored(world, message_id)
    assert (message.state, message.attempts, message.last_error) == (DeliveryState.DEAD, 3, "421 busy (2)")


async def test_a_permanent_refusal_parks_the_message_at_once(world: World, mailer: FakeMailer) -> None:
    message_id = await queued(world)
    mailer.failures["ada@example.org"] = [DeliveryFailed("550 no such user", permanent=True)]

    report = await dispatch_due(a_dispatch(world, mailer))

    message = await stored(world, message_id)
    assert (message.state, message.attempts, report.dead) == (DeliveryState.DEAD, 1, 1)


async def test_a_message_whose_template_does_not_render_is_parked(world: World, mailer: FakeMailer) -> None:
    message_id = await queued(world, template="broken")
    renderer = FakeRenderer()
    renderer.broken.add("broken")

    await dispatch_due(a_dispatch(world, mailer, renderer))

    message = await stored(world, message_id)
    assert (message.state, message.last_error) == (DeliveryState.DEAD, "rendering: broken: missing value")


async def test_an_unexpected_error_counts_as_a_failed_attempt_and_the_batch_goes_on(
    world: World, mailer: FakeMailer
) -> None:
    failing = await queued(world, "ada@example.org")
    world.clock.advance(timedelta(seconds=1))
    await queued(world, "bea@example.org")
    mailer.failures["ada@example.org"] = [KeyError("bug")]

    await dispatch_due(a_dispatch(world, mailer))

    message = await stored(world, failing)
    assert (message.state, message.attempts, message.last_error) == (DeliveryState.PENDING, 1, "unexpected KeyError")
    assert [e.recipient for e in mailer.sent] == ["bea@example.org"]


async def test_a_message_leased_to_another_dispatcher_is_left_alone_until_the_lease_runs_out(
    world: World, mailer: FakeMailer
) -> None:
    await queued(world)
    async with world.uow as uow:
        await uow.outbox.claim_due(at=world.clock.now(), until=world.clock.now() + LEASE, token=UUID(int=99), limit=10)
        await uow.commit()

    before = await dispatch_due(a_dispatch(world, mailer))
    world.clock.advance(LEASE)
    after = await dispatch_due(a_dispatch(world, mailer))

    assert (before.claimed, after.sent, len(mailer.sent)) == (0, 1, 1)


async def test_a_message_is_not_started_when_its_lease_is_nearly_over(world: World, mailer: FakeMailer) -> None:
    await queued(world, "ada@example.org")
    world.clock.advance(timedelta(seconds=1))
    late = await queued(world, "bea@example.org")
    mailer.on_send = lambda email: world.clock.advance(LEASE - timedelta(seconds=20))

    report = await dispatch_due(a_dispatch(world, mailer))

    assert [e.recipient for e in mailer.sent] == ["ada@example.org"]
    assert (report.sent, report.released) == (1, 1)
    assert (await stored(world, late)).state is DeliveryState.PENDING


async def test_an_outcome_is_not_written_by_a_dispatcher_that_lost_its_lease(world: World, mailer: FakeMailer) -> None:
    message_id = await queued(world)

    def lease_taken_over(email: OutgoingEmail) -> None:
        world.uow.outbox.rows[message_id].claimed_by = UUID(int=99)

    mailer.on_send = lease_taken_over

    report = await dispatch_due(a_dispatch(world, mailer))

    assert (report.sent, report.released) == (0, 1)
    assert (await stored(world, message_id)).state is DeliveryState.PENDING


def test_the_message_id_follows_from_the_idempotency_key() -> None:
    first = message_id_for("event:ada@example.org", "tremplin.fr")

    assert first == message_id_for("event:ada@example.org", "tremplin.fr")
    assert first != message_id_for("event:bea@example.org", "tremplin.fr")
    assert first.startswith("<") and first.endswith("@tremplin.fr>")


# -- staff: dead messages ------------------------------------------------------


async def a_dead_message(world: World, mailer: FakeMailer, recipient: str = "ada@example.org") -> UUID:
    message_id = await queued(world, recipient)
    mailer.failures[recipient] = [DeliveryFailed("550 no such user", permanent=True)]
    await dispatch_due(a_dispatch(world, mailer))
    return message_id


async def test_staff_lists_the_dead_messages_newest_first(world: World, mailer: FakeMailer) -> None:
    older = await a_dead_message(world, mailer, "ada@example.org")
    world.clock.advance(timedelta(minutes=1))
    newer = await a_dead_message(world, mailer, "bea@example.org")
    await queued(world, "cid@example.org")

    found = await list_outbox(uow=world.uow, actor=a_staff_member(), state=DeliveryState.DEAD, after=None, limit=10)

    assert [m.id for m in found] == [newer, older]


async def test_only_staff_looks_into_the_outbox(world: World) -> None:
    employer = Principal(kind=UserKind.EMPLOYER, user_id=UUID(int=5))

    with pytest.raises(Forbidden):
        await list_outbox(uow=world.uow, actor=employer, state=DeliveryState.DEAD, after=None, limit=10)


async def test_a_requeued_message_gets_fresh_attempts_and_is_sent(world: World, mailer: FakeMailer) -> None:
    message_id = await a_dead_message(world, mailer)
    world.clock.advance(timedelta(hours=2))

    requeued = await requeue_message(uow=world.uow, actor=a_staff_member(), clock=world.clock, message_id=message_id)
    await dispatch_due(a_dispatch(world, mailer))

    assert (requeued.state, requeued.attempts, requeued.next_attempt_at) == (
        DeliveryState.PENDING,
        0,
        world.clock.now(),
    )
    assert (await stored(world, message_id)).state is DeliveryState.SENT


async def test_a_message_that_is_not_dead_cannot_be_requeued(world: World) -> None:
    message_id = await queued(world)

    with pytest.raises(NotDead):
        await requeue_message(uow=world.uow, actor=a_staff_member(), clock=world.clock, message_id=message_id)


async def test_requeueing_an_unknown_message_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await requeue_message(uow=world.uow, actor=a_staff_member(), clock=world.clock, message_id=UUID(int=404))
