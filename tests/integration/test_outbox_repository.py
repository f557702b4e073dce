"""One contract for the outbox and the notification preferences, kept by the
in-memory fakes and the SQL repositories alike."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.errors import Conflict
from domain.notifications.messages import DeliveryState, Envelope, OutboxMessage, SentVia
from domain.notifications.preferences import NotificationPreference
from domain.notifications.retry import RetryPolicy
from domain.ports.unit_of_work import UnitOfWork
from tests.integration.test_repository_contracts import a_person, an_insertion_company, stored

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
NewUow = Callable[[], UnitOfWork]


def a_message(recipient: str = "ada@example.org", *, at: datetime = NOW, event_id: UUID | None = None) -> OutboxMessage:
    return OutboxMessage.for_event(
        event_id=event_id or uuid4(),
        event_type="HabilitationDecided",
        envelope=Envelope(recipient, "habilitation_decided", {"organisation_name": "CHRS Soleil", "n": [1, 2]}),
        at=at,
    )


async def added(new_uow: NewUow, *messages: OutboxMessage) -> None:
    uow = new_uow()
    async with uow:
        for message in messages:
            await uow.outbox.add(message)
        await uow.commit()


async def loaded(new_uow: NewUow, message_id: UUID) -> OutboxMessage | None:
    uow = new_uow()
    async with uow:
        return await uow.outbox.get(message_id)


async def claim(
    new_uow: NewUow, *, at: datetime = NOW, token: UUID | None = None, limit: int = 10
) -> list[OutboxMessage]:
    uow = new_uow()
    async with uow:
        claimed = await uow.outbox.claim_due(at=at, until=at + LEASE, token=token or uuid4(), limit=limit)
        await uow.commit()
    return claimed


async def settle(new_uow: NewUow, message: OutboxMessage, token: UUID) -> bool:
    uow = new_uow()
    async with uow:
        settled = await uow.outbox.settle(message, token=token)
        await uow.commit()
    return settled


async def test_a_message_is_read_back_as_it_was_added(new_uow: NewUow) -> None:
    message = a_message()
    await added(new_uow, message)

    assert await loaded(new_uow, message.id) == message


async def test_a_second_message_for_one_event_and_recipient_is_a_conflict(new_uow: NewUow) -> None:
    first = a_message()
    await added(new_uow, first)

    with pytest.raises(Conflict):
        await added(new_uow, a_message(event_id=first.event_id))


async def test_whether_an_event_was_recorded_is_known(new_uow: NewUow) -> None:
    message = a_message()
    await added(new_uow, message)

    uow = new_uow()
    async with uow:
        assert (await uow.outbox.has_event(message.event_id), await uow.outbox.has_event(uuid4())) == (True, False)


async def test_claiming_leases_the_due_messages_oldest_due_first(new_uow: NewUow) -> None:
    older, newer = a_message("a@example.org", at=NOW - timedelta(minutes=2)), a_message("b@example.org")
    await added(new_uow, newer, older, a_message("later@example.org", at=NOW + timedelta(seconds=1)))
    token = uuid4()

    claimed = await claim(new_uow, token=token)

    assert [m.id for m in claimed] == [older.id, newer.id]
    assert {(m.claimed_by, m.claimed_until) for m in claimed} == {(token, NOW + LEASE)}


async def test_claiming_takes_at_most_the_limit(new_uow: NewUow) -> None:
    await added(new_uow, *(a_message(f"p{n}@example.org") for n in range(3)))

    assert len(await claim(new_uow, limit=2)) == 2


async def test_a_leased_message_is_not_claimed_again_until_its_lease_runs_out(new_uow: NewUow) -> None:
    await added(new_uow, a_message())
    await claim(new_uow)

    during = await claim(new_uow, at=NOW + LEASE - timedelta(seconds=1))
    after = await claim(new_uow, at=NOW + LEASE)

    assert (len(during), len(after)) == (0, 1)


async def test_settling_writes_the_outcome_and_frees_the_message(new_uow: NewUow) -> None:
    await added(new_uow, a_message())
    token = uuid4()
    (message,) = await claim(new_uow, token=token)
    message.mark_sent(at=NOW + timedelta(seconds=3), via=SentVia.CONSOLE)

    assert await settle(new_uow, message, token) is True
    assert await loaded(new_uow, message.id) == message
    assert await claim(new_uow, at=NOW + timedelta(days=1)) == []


async def test_a_retried_message_keeps_its_error_and_next_attempt(new_uow: NewUow) -> None:
    await added(new_uow, a_message())
    token = uuid4()
    (message,) = await claim(new_uow, token=token)
    message.mark_failed(error="421 busy", at=NOW, policy=RetryPolicy(), jitter=0.25)

    await settle(new_uow, message, token)

    found = await loaded(new_uow, message.id)
    assert found is not None
    assert (found.state, found.attempts, found.last_error, found.next_attempt_at, found.claimed_by) == (
        DeliveryState.PENDING,
        1,
        "421 busy",
        message.next_attempt_at,
        None,
    )


async def test_an_outcome_from_a_token_that_lost_the_lease_is_not_written(new_uow: NewUow) -> None:
    await added(new_uow, a_message())
    (stale,) = await claim(new_uow)
    (current,) = await claim(new_uow, at=NOW + LEASE)
    stale.mark_sent(at=NOW + LEASE, via=SentVia.SMTP)

    assert await settle(new_uow, stale, stale.claimed_by or uuid4()) is False
    found = await loaded(new_uow, current.id)
    assert found is not None and (found.state, found.claimed_by) == (DeliveryState.PENDING, current.claimed_by)


async def test_messages_in_a_state_are_listed_newest_first_page_after_page(new_uow: NewUow) -> None:
    messages = [a_message(f"p{n}@example.org", at=NOW + timedelta(minutes=n)) for n in range(3)]
    await added(new_uow, *messages)

    uow = new_uow()
    async with uow:
        first = await uow.outbox.in_state(DeliveryState.PENDING, after=None, limit=2)
        last = first[-1]
        rest = await uow.outbox.in_state(DeliveryState.PENDING, after=(last.created_at, last.id), limit=2)
        dead = await uow.outbox.in_state(DeliveryState.DEAD, after=None, limit=2)

    assert [m.id for m in first + rest] == [m.id for m in reversed(messages)]
    assert dead == []


async def test_a_requeued_message_is_stored_pending_with_fresh_attempts(new_uow: NewUow) -> None:
    await added(new_uow, a_message())
    token = uuid4()
    (message,) = await claim(new_uow, token=token)
    message.mark_failed(error="550 unknown", at=NOW, policy=RetryPolicy(), jitter=0.1, permanent=True)
    await settle(new_uow, message, token)

    uow = new_uow()
    async with uow:
        dead = await uow.outbox.get(message.id)
        assert dead is not None
        dead.requeue(at=NOW + timedelta(hours=1))
        await uow.commit()

    found = await loaded(new_uow, message.id)
    assert found is not None and (found.state, found.attempts) == (DeliveryState.PENDING, 0)


# -- notification preferences ----------------------------------------------------


async def test_a_preference_is_replaced_whole_and_lists_who_opted_out(new_uow: NewUow) -> None:
    person, other, company = a_person(), a_person(), an_insertion_company()
    await stored(new_uow, person, other, company)
    uow = new_uow()
    async with uow:
        await uow.notification_preferences.put(NotificationPreference(person.id, company.id, False, NOW))
        await uow.notification_preferences.put(NotificationPreference(other.id, company.id, False, NOW))
        await uow.commit()
    async with uow:
        await uow.notification_preferences.put(NotificationPreference(other.id, company.id, True, NOW))
        await uow.commit()

    async with uow:
        found = await uow.notification_preferences.get(user_id=person.id, company_id=company.id)
        opted_out = await uow.notification_preferences.opted_out_of_new_candidatures(company.id)

    assert found == NotificationPreference(person.id, company.id, False, NOW)
    assert opted_out == frozenset({person.id})
