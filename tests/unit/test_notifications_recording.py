"""Domain events reach the outbox in the transaction of the change that raised them."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import pytest

from domain.identity.memberships import MembershipRole, MembershipStatus
from domain.notifications.messages import DeliveryState, Envelope, OutboxMessage
from domain.notifications.recording import record_notifications
from domain.notifications.routes import ROUTES
from domain.prescribers.events import HabilitationDecided
from domain.prescribers.organisations import Habilitation, HabilitationNotDecidable, OrganisationKind
from domain.prescribers.use_cases import decide_habilitation
from tests.unit.situations import World, a_member, a_membership, a_staff_member, a_user, an_organisation, tenant_of


async def outbox(world: World) -> list[OutboxMessage]:
    """What is committed in the outbox."""
    async with world.uow as uow:
        return sorted(uow.outbox.rows.values(), key=lambda m: m.recipient)


async def decide(world: World, organisation_id: UUID, decision: Habilitation = Habilitation.VALIDATED) -> None:
    await decide_habilitation(
        uow=world.uow,
        actor=a_staff_member(),
        clock=world.clock,
        ids=world.ids,
        organisation_id=organisation_id,
        decision=decision,
    )


async def test_a_habilitation_decision_emails_each_active_admin_of_the_organisation(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    tenant = tenant_of(organisation)
    first = await a_member(world, tenant, role=MembershipRole.ADMIN, email="ada@example.org")
    second = await a_member(world, tenant, role=MembershipRole.ADMIN, email="bea@example.org")

    await decide(world, organisation.id, Habilitation.REFUSED)

    messages = await outbox(world)
    assert [(m.recipient, m.template, m.event_type) for m in messages] == [
        (first.email, "habilitation_decided", "HabilitationDecided"),
        (second.email, "habilitation_decided", "HabilitationDecided"),
    ]
    assert messages[0].context == {
        "organisation_name": organisation.name,
        "decision": "refused",
        "recipient_first_name": "Camille",
    }


async def test_plain_members_revoked_admins_and_deactivated_accounts_are_not_emailed(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    tenant = tenant_of(organisation)
    await a_member(world, tenant, role=MembershipRole.MEMBER)
    await a_member(world, tenant, role=MembershipRole.ADMIN, status=MembershipStatus.REVOKED)
    inactive = await a_user(world, active=False)
    await a_membership(world, inactive, tenant, role=MembershipRole.ADMIN)
    admin = await a_member(world, tenant, role=MembershipRole.ADMIN)

    await decide(world, organisation.id)

    assert [m.recipient for m in await outbox(world)] == [admin.email]


async def test_a_message_is_pending_and_due_when_the_event_occurred(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    await a_member(world, tenant_of(organisation), role=MembershipRole.ADMIN)

    await decide(world, organisation.id)

    (message,) = await outbox(world)
    assert (message.state, message.attempts, message.next_attempt_at) == (DeliveryState.PENDING, 0, world.clock.now())


async def test_the_idempotency_key_is_the_event_id_and_the_recipient(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    admin = await a_member(world, tenant_of(organisation), role=MembershipRole.ADMIN)

    await decide(world, organisation.id)

    (message,) = await outbox(world)
    assert message.idempotency_key == f"{message.event_id}:{admin.email}"


async def test_a_refused_change_records_no_email(world: World) -> None:
    agency = await an_organisation(world, kind=OrganisationKind.FT)
    await a_member(world, tenant_of(agency), role=MembershipRole.ADMIN)

    with pytest.raises(HabilitationNotDecidable):
        await decide(world, agency.id, Habilitation.REFUSED)

    assert await outbox(world) == []


async def test_emails_recorded_in_a_transaction_that_does_not_commit_are_rolled_back(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    await a_member(world, tenant_of(organisation), role=MembershipRole.ADMIN)
    event = HabilitationDecided(world.ids.new_id(), world.clock.now(), organisation.id, "validated")

    with pytest.raises(RuntimeError):
        async with world.uow as uow:
            await record_notifications(uow, [event])
            raise RuntimeError("the use case failed after recording")

    assert await outbox(world) == []


async def test_recording_an_event_again_records_nothing_more(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    await a_member(world, tenant_of(organisation), role=MembershipRole.ADMIN)
    event = HabilitationDecided(world.ids.new_id(), world.clock.now(), organisation.id, "validated")
    async with world.uow as uow:
        await record_notifications(uow, [event])
        await uow.commit()

    async with world.uow as uow:
        again = await record_notifications(uow, [event])
        await uow.commit()

    assert (again, len(await outbox(world))) == (0, 1)


@dataclass(frozen=True)
class Unrouted:
    event_id: UUID
    occurred_at: datetime


@dataclass(frozen=True)
class Doubled:
    event_id: UUID
    occurred_at: datetime


async def test_events_nobody_is_emailed_about_are_skipped(world: World) -> None:
    async with world.uow as uow:
        recorded = await record_notifications(uow, [Unrouted(world.ids.new_id(), world.clock.now())])

    assert recorded == 0


async def test_a_person_named_twice_by_one_event_gets_one_email_the_first_listed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def route(uow: object, event: Doubled) -> list[Envelope]:
        return [Envelope("ada@example.org", "candidature_received"), Envelope("ada@example.org", "candidature_sent")]

    monkeypatch.setitem(ROUTES, Doubled, route)
    async with world.uow as uow:
        await record_notifications(uow, [Doubled(world.ids.new_id(), world.clock.now())])
        await uow.commit()

    assert [(m.recipient, m.template) for m in await outbox(world)] == [("ada@example.org", "candidature_received")]
