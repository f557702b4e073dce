"""Employer members choose whether each new candidature to a company is emailed to them."""

from uuid import UUID

import pytest

from domain.errors import Forbidden, NotFound
from domain.identity.memberships import MembershipRole
from domain.identity.scopes import ALL_SCOPES
from domain.notifications.preference_use_cases import get_notification_preferences, set_notification_preferences
from domain.notifications.recipients import members_of_company
from tests.unit.situations import World, a_client, a_company, a_member, a_partner, acting_as, tenant_of


async def test_a_member_who_never_chose_receives_new_candidatures(world: World) -> None:
    company = await a_company(world)
    member = await a_member(world, tenant_of(company))

    preference = await get_notification_preferences(
        uow=world.uow, actor=acting_as(member, tenant_of(company)), clock=world.clock, company_id=company.id
    )

    assert (preference.user_id, preference.new_candidatures) == (member.id, True)


async def test_a_member_turns_new_candidature_emails_off(world: World) -> None:
    company = await a_company(world)
    member = await a_member(world, tenant_of(company))
    actor = acting_as(member, tenant_of(company))

    await set_notification_preferences(
        uow=world.uow, actor=actor, clock=world.clock, company_id=company.id, new_candidatures=False
    )

    found = await get_notification_preferences(uow=world.uow, actor=actor, clock=world.clock, company_id=company.id)
    assert (found.new_candidatures, found.updated_at) == (False, world.clock.now())


async def test_members_who_opted_out_are_left_out_of_new_candidature_recipients(world: World) -> None:
    company = await a_company(world)
    staying = await a_member(world, tenant_of(company))
    leaving = await a_member(world, tenant_of(company), role=MembershipRole.ADMIN)
    await set_notification_preferences(
        uow=world.uow,
        actor=acting_as(leaving, tenant_of(company)),
        clock=world.clock,
        company_id=company.id,
        new_candidatures=False,
    )

    async with world.uow as uow:
        opted_in = await members_of_company(uow, company.id, new_candidatures_only=True)
        everyone = await members_of_company(uow, company.id)

    assert [u.id for u in opted_in] == [staying.id]
    assert {u.id for u in everyone} == {staying.id, leaving.id}


async def test_opting_out_of_one_company_keeps_the_emails_of_another(world: World) -> None:
    first, second = await a_company(world), await a_company(world)
    member = await a_member(world, tenant_of(first))
    await a_member(world, tenant_of(second))

    await set_notification_preferences(
        uow=world.uow,
        actor=acting_as(member, tenant_of(first)),
        clock=world.clock,
        company_id=first.id,
        new_candidatures=False,
    )

    async with world.uow as uow:
        assert await uow.notification_preferences.opted_out_of_new_candidatures(second.id) == frozenset()


async def test_someone_not_acting_for_the_company_may_not_choose_for_it(world: World) -> None:
    company, other = await a_company(world), await a_company(world)
    outsider = await a_member(world, tenant_of(other))

    with pytest.raises(Forbidden):
        await set_notification_preferences(
            uow=world.uow,
            actor=acting_as(outsider, tenant_of(other)),
            clock=world.clock,
            company_id=company.id,
            new_candidatures=False,
        )


async def test_a_partner_application_has_no_email_preferences(world: World) -> None:
    company = await a_company(world)
    client = await a_client(world, tenant_of(company))

    with pytest.raises(Forbidden):
        await get_notification_preferences(
            uow=world.uow, actor=a_partner(client, scopes=ALL_SCOPES), clock=world.clock, company_id=company.id
        )


async def test_preferences_of_an_unknown_company_are_not_found(world: World) -> None:
    company = await a_company(world)
    member = await a_member(world, tenant_of(company))

    with pytest.raises(NotFound):
        await get_notification_preferences(
            uow=world.uow, actor=acting_as(member, tenant_of(company)), clock=world.clock, company_id=UUID(int=404)
        )
