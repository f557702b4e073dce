"""Staff sees the emails that could not be sent and gives them another chance."""

from datetime import timedelta
from uuid import uuid4

import httpx

from api.bootstrap import Container
from domain.identity.users import User, UserKind
from domain.notifications.messages import DeliveryState, Envelope, OutboxMessage
from tests.builders.companies import a_company, company_tenant
from tests.builders.identity import a_user, bearer

OUTBOX = "/api/v1/admin/outbox"


async def a_message(
    container: Container, *, state: DeliveryState = DeliveryState.DEAD, age: timedelta = timedelta(0)
) -> OutboxMessage:
    message = OutboxMessage.for_event(
        event_id=uuid4(),
        event_type="HabilitationDecided",
        envelope=Envelope(f"admin.{uuid4().hex[:8]}@example.org", "habilitation_decided", {"decision": "validated"}),
        at=container.clock.now() - age,
    )
    if state is DeliveryState.DEAD:
        message.state, message.attempts, message.last_error = state, 8, "SMTPRecipientsRefused: 550 unknown user"
    uow = container.new_uow()
    async with uow:
        await uow.outbox.add(message)
        await uow.commit()
    return message


async def staff(container: Container) -> User:
    return await a_user(container, kind=UserKind.STAFF)


async def test_staff_lists_the_dead_emails_with_their_last_error(
    client: httpx.AsyncClient, container: Container
) -> None:
    dead = await a_message(container)
    await a_message(container, state=DeliveryState.PENDING)

    response = await client.get(OUTBOX, params={"state": "dead"}, headers=bearer(container, await staff(container)))

    assert response.status_code == 200, response.text
    (item,) = response.json()["items"]
    assert (item["id"], item["state"], item["attempts"], item["last_error"]) == (
        str(dead.id),
        "dead",
        8,
        "SMTPRecipientsRefused: 550 unknown user",
    )
    assert "context" not in item
    assert response.json()["next"] is None


async def test_the_list_is_paginated_newest_first(client: httpx.AsyncClient, container: Container) -> None:
    messages = [await a_message(container, age=timedelta(minutes=minutes)) for minutes in (3, 2, 1)]
    headers = bearer(container, await staff(container))

    first = await client.get(OUTBOX, params={"limit": 2}, headers=headers)
    second = await client.get(first.json()["next"], headers=headers)

    ids = [item["id"] for page in (first, second) for item in page.json()["items"]]
    assert ids == [str(m.id) for m in reversed(messages)]
    assert second.json()["next"] is None


async def test_an_unknown_state_is_refused_naming_the_parameter(
    client: httpx.AsyncClient, container: Container
) -> None:
    response = await client.get(OUTBOX, params={"state": "lost"}, headers=bearer(container, await staff(container)))

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/query/state"


async def test_a_forged_cursor_is_422(client: httpx.AsyncClient, container: Container) -> None:
    response = await client.get(OUTBOX, params={"cursor": "bm9wZQ"}, headers=bearer(container, await staff(container)))

    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/query/cursor"


async def test_the_outbox_needs_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get(OUTBOX)).status_code == 401


async def test_an_employer_may_not_look_into_the_outbox(client: httpx.AsyncClient, container: Container) -> None:
    company = await a_company(container)
    employer = await a_user(container, kind=UserKind.EMPLOYER, member_of=company_tenant(company))

    response = await client.get(OUTBOX, headers=bearer(container, employer, act_as=company.id))

    assert response.status_code == 403


async def test_staff_requeues_a_dead_email(client: httpx.AsyncClient, container: Container) -> None:
    dead = await a_message(container)

    response = await client.post(f"{OUTBOX}/{dead.id}/requeue", headers=bearer(container, await staff(container)))

    assert response.status_code == 200, response.text
    assert (response.json()["state"], response.json()["attempts"]) == ("pending", 0)
    uow = container.new_uow()
    async with uow:
        stored = await uow.outbox.get(dead.id)
    assert stored is not None and stored.state is DeliveryState.PENDING


async def test_an_email_that_is_not_dead_cannot_be_requeued(client: httpx.AsyncClient, container: Container) -> None:
    pending = await a_message(container, state=DeliveryState.PENDING)

    response = await client.post(f"{OUTBOX}/{pending.id}/requeue", headers=bearer(container, await staff(container)))

    assert response.status_code == 409
    assert response.json()["type"].endswith("/outbox-message-not-dead")


async def test_requeueing_an_unknown_email_is_not_found(client: httpx.AsyncClient, container: Container) -> None:
    response = await client.post(f"{OUTBOX}/{uuid4()}/requeue", headers=bearer(container, await staff(container)))

    assert response.status_code == 404


async def test_only_staff_requeues(client: httpx.AsyncClient, container: Container) -> None:
    dead = await a_message(container)
    prescriber = await a_user(container, kind=UserKind.PRESCRIBER)

    response = await client.post(f"{OUTBOX}/{dead.id}/requeue", headers=bearer(container, prescriber))

    assert response.status_code == 403
