from uuid import UUID

import pytest

from domain.companies.companies import Company
from domain.errors import Forbidden, NotFound
from domain.identity.members import (
    AlreadyMember,
    LastAdmin,
    WrongUserKind,
    add_member,
    list_members,
    update_member,
)
from domain.identity.memberships import MembershipRole, MembershipStatus, Tenant, TenantKind
from domain.identity.principal import Principal
from domain.identity.scopes import ALL_SCOPES, Scope
from domain.identity.users import UserKind
from domain.prescribers.organisations import PrescriberOrganisation
from tests.unit.situations import (
    World,
    a_client,
    a_company,
    a_member,
    a_membership,
    a_partner,
    a_staff_member,
    a_user,
    acting_as,
    acting_for_nobody,
    an_organisation,
    membership_of,
    memberships_in,
    tenant_of,
)

ADMIN, MEMBER = MembershipRole.ADMIN, MembershipRole.MEMBER
ACTIVE, PENDING, REVOKED = MembershipStatus.ACTIVE, MembershipStatus.PENDING, MembershipStatus.REVOKED
UNKNOWN_ORGANISATION = Tenant(TenantKind.PRESCRIBER_ORGANISATION, UUID(int=404))


async def an_agency(world: World) -> tuple[PrescriberOrganisation, Tenant, Principal]:
    """An organisation with its admin acting for it."""
    organisation = await an_organisation(world)
    tenant = tenant_of(organisation)
    admin = await a_member(world, tenant, role=ADMIN)
    return organisation, tenant, acting_as(admin, tenant, role=ADMIN)


async def an_insertion_company(world: World) -> tuple[Company, Tenant, Principal]:
    company = await a_company(world)
    tenant = tenant_of(company)
    admin = await a_member(world, tenant, role=ADMIN)
    return company, tenant, acting_as(admin, tenant, role=ADMIN)


# -- listing -------------------------------------------------------------------------


async def test_an_active_member_lists_every_member_pending_and_revoked_included(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    member = await a_member(world, tenant)
    pending = await a_member(world, tenant, status=PENDING)
    revoked = await a_member(world, tenant, status=REVOKED)

    found = await list_members(uow=world.uow, actor=acting_as(member, tenant), tenant=tenant)

    assert [(m.user.id, m.membership.status) for m in found] == [
        (admin.user_id, ACTIVE),
        (member.id, ACTIVE),
        (pending.id, PENDING),
        (revoked.id, REVOKED),
    ]


async def test_staff_lists_the_members_of_any_tenant(world: World) -> None:
    _, tenant, admin = await an_agency(world)

    found = await list_members(uow=world.uow, actor=a_staff_member(), tenant=tenant)

    assert [m.user.id for m in found] == [admin.user_id]


async def test_a_member_of_another_organisation_may_not_list_members(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    _, _, other_admin = await an_agency(world)

    with pytest.raises(Forbidden):
        await list_members(uow=world.uow, actor=other_admin, tenant=tenant)


async def test_a_member_acting_for_another_of_his_tenants_may_not_list_members(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    _, other_tenant, _ = await an_agency(world)
    both = await a_member(world, tenant)
    await a_membership(world, both, other_tenant)

    with pytest.raises(Forbidden):
        await list_members(uow=world.uow, actor=acting_as(both, other_tenant), tenant=tenant)


async def test_a_pending_member_may_not_list_members(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    pending = await a_member(world, tenant, status=PENDING)

    with pytest.raises(Forbidden):
        await list_members(uow=world.uow, actor=acting_for_nobody(pending), tenant=tenant)


async def test_a_partner_application_with_members_read_lists_members(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    client = await a_client(world, tenant)

    found = await list_members(
        uow=world.uow, actor=a_partner(client, scopes=frozenset({Scope.MEMBERS_READ})), tenant=tenant
    )

    assert [m.user.id for m in found] == [admin.user_id]


async def test_a_partner_application_without_members_read_may_not_list_members(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    client = await a_client(world, tenant)

    with pytest.raises(Forbidden):
        await list_members(
            uow=world.uow, actor=a_partner(client, scopes=ALL_SCOPES - {Scope.MEMBERS_READ}), tenant=tenant
        )


async def test_listing_the_members_of_an_unknown_tenant_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await list_members(uow=world.uow, actor=a_staff_member(), tenant=UNKNOWN_ORGANISATION)


# -- adding ----------------------------------------------------------------------------


async def test_an_admin_adds_a_registered_prescriber_as_an_active_member(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    newcomer = await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")

    added = await add_member(
        uow=world.uow,
        actor=admin,
        clock=world.clock,
        ids=world.ids,
        tenant=tenant,
        email="karim.benali@example.org",
        role=MEMBER,
    )

    stored = await membership_of(world, newcomer, tenant)
    assert stored is not None and (stored.role, stored.status, stored.created_at) == (MEMBER, ACTIVE, world.clock.now())
    assert added.user.id == newcomer.id


async def test_the_email_is_matched_whatever_its_case_and_surrounding_spaces(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    newcomer = await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")

    added = await add_member(
        uow=world.uow,
        actor=admin,
        clock=world.clock,
        ids=world.ids,
        tenant=tenant,
        email="  Karim.Benali@Example.ORG ",
        role=MEMBER,
    )

    assert added.user.id == newcomer.id


async def test_an_admin_may_add_another_admin(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    newcomer = await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")

    await add_member(
        uow=world.uow,
        actor=admin,
        clock=world.clock,
        ids=world.ids,
        tenant=tenant,
        email="karim.benali@example.org",
        role=ADMIN,
    )

    stored = await membership_of(world, newcomer, tenant)
    assert stored is not None and stored.is_active_admin


async def test_an_admin_of_a_company_adds_a_registered_employer(world: World) -> None:
    _, tenant, admin = await an_insertion_company(world)
    newcomer = await a_user(world, kind=UserKind.EMPLOYER, email="lea.petit@example.org")

    await add_member(
        uow=world.uow,
        actor=admin,
        clock=world.clock,
        ids=world.ids,
        tenant=tenant,
        email="lea.petit@example.org",
        role=MEMBER,
    )

    stored = await membership_of(world, newcomer, tenant)
    assert stored is not None and stored.is_active


async def test_staff_adds_a_member_to_any_tenant(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    newcomer = await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")

    await add_member(
        uow=world.uow,
        actor=a_staff_member(),
        clock=world.clock,
        ids=world.ids,
        tenant=tenant,
        email="karim.benali@example.org",
        role=ADMIN,
    )

    stored = await membership_of(world, newcomer, tenant)
    assert stored is not None and stored.is_active_admin


async def test_a_plain_member_may_not_add_members(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    member = await a_member(world, tenant)
    newcomer = await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")

    with pytest.raises(Forbidden):
        await add_member(
            uow=world.uow,
            actor=acting_as(member, tenant),
            clock=world.clock,
            ids=world.ids,
            tenant=tenant,
            email="karim.benali@example.org",
            role=MEMBER,
        )

    assert await membership_of(world, newcomer, tenant) is None


async def test_the_admin_of_another_organisation_may_not_add_members(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    _, _, other_admin = await an_agency(world)
    newcomer = await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")

    with pytest.raises(Forbidden):
        await add_member(
            uow=world.uow,
            actor=other_admin,
            clock=world.clock,
            ids=world.ids,
            tenant=tenant,
            email="karim.benali@example.org",
            role=MEMBER,
        )

    assert await membership_of(world, newcomer, tenant) is None


async def test_a_partner_application_may_not_add_members_even_with_members_write(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    client = await a_client(world, tenant)
    await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")

    with pytest.raises(Forbidden):
        await add_member(
            uow=world.uow,
            actor=a_partner(client, scopes=ALL_SCOPES),
            clock=world.clock,
            ids=world.ids,
            tenant=tenant,
            email="karim.benali@example.org",
            role=MEMBER,
        )


async def test_an_admin_with_a_token_without_members_write_may_not_add_members(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")
    read_only = Principal(
        kind=admin.kind, user_id=admin.user_id, acting_for=admin.acting_for, scopes=frozenset({Scope.MEMBERS_READ})
    )

    with pytest.raises(Forbidden):
        await add_member(
            uow=world.uow,
            actor=read_only,
            clock=world.clock,
            ids=world.ids,
            tenant=tenant,
            email="karim.benali@example.org",
            role=MEMBER,
        )


async def test_adding_an_unregistered_email_is_not_found(world: World) -> None:
    _, tenant, admin = await an_agency(world)

    with pytest.raises(NotFound):
        await add_member(
            uow=world.uow,
            actor=admin,
            clock=world.clock,
            ids=world.ids,
            tenant=tenant,
            email="nobody@example.org",
            role=MEMBER,
        )

    assert len(await memberships_in(world, tenant)) == 1


async def test_adding_to_an_unknown_tenant_is_not_found(world: World) -> None:
    await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")

    with pytest.raises(NotFound):
        await add_member(
            uow=world.uow,
            actor=a_staff_member(),
            clock=world.clock,
            ids=world.ids,
            tenant=UNKNOWN_ORGANISATION,
            email="karim.benali@example.org",
            role=MEMBER,
        )


async def test_an_employer_cannot_join_a_prescriber_organisation(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    employer = await a_user(world, kind=UserKind.EMPLOYER, email="lea.petit@example.org")

    with pytest.raises(WrongUserKind) as raised:
        await add_member(
            uow=world.uow,
            actor=admin,
            clock=world.clock,
            ids=world.ids,
            tenant=tenant,
            email="lea.petit@example.org",
            role=MEMBER,
        )

    assert raised.value.extra["expected_kind"] == UserKind.PRESCRIBER
    assert await membership_of(world, employer, tenant) is None


async def test_a_job_seeker_cannot_join_a_company(world: World) -> None:
    _, tenant, admin = await an_insertion_company(world)
    job_seeker = await a_user(world, kind=UserKind.JOB_SEEKER, email="claire.dubois@example.org")

    with pytest.raises(WrongUserKind):
        await add_member(
            uow=world.uow,
            actor=admin,
            clock=world.clock,
            ids=world.ids,
            tenant=tenant,
            email="claire.dubois@example.org",
            role=MEMBER,
        )

    assert await membership_of(world, job_seeker, tenant) is None


async def test_adding_an_active_member_again_is_a_conflict(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    member = await a_member(world, tenant, email="karim.benali@example.org")

    with pytest.raises(AlreadyMember):
        await add_member(
            uow=world.uow,
            actor=admin,
            clock=world.clock,
            ids=world.ids,
            tenant=tenant,
            email="karim.benali@example.org",
            role=ADMIN,
        )

    stored = await membership_of(world, member, tenant)
    assert stored is not None and stored.role is MEMBER


async def test_adding_a_pending_member_approves_his_membership_with_the_role_given(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    pending = await a_member(world, tenant, status=PENDING, email="karim.benali@example.org")
    before = await membership_of(world, pending, tenant)

    await add_member(
        uow=world.uow,
        actor=admin,
        clock=world.clock,
        ids=world.ids,
        tenant=tenant,
        email="karim.benali@example.org",
        role=ADMIN,
    )

    after = await membership_of(world, pending, tenant)
    assert before is not None and after is not None
    assert (after.id, after.status, after.role) == (before.id, ACTIVE, ADMIN)
    assert len(await memberships_in(world, tenant)) == 2


async def test_adding_a_revoked_member_reinstates_him(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    revoked = await a_member(world, tenant, status=REVOKED, email="karim.benali@example.org")

    await add_member(
        uow=world.uow,
        actor=admin,
        clock=world.clock,
        ids=world.ids,
        tenant=tenant,
        email="karim.benali@example.org",
        role=MEMBER,
    )

    after = await membership_of(world, revoked, tenant)
    assert after is not None and after.status is ACTIVE


# -- updating ---------------------------------------------------------------------------


async def test_an_admin_approves_a_pending_member(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    pending = await a_member(world, tenant, status=PENDING)

    await update_member(uow=world.uow, actor=admin, tenant=tenant, user_id=pending.id, role=None, status=ACTIVE)

    stored = await membership_of(world, pending, tenant)
    assert stored is not None and (stored.status, stored.role) == (ACTIVE, MEMBER)


async def test_an_admin_promotes_a_member_to_admin(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    member = await a_member(world, tenant)

    updated = await update_member(uow=world.uow, actor=admin, tenant=tenant, user_id=member.id, role=ADMIN, status=None)

    stored = await membership_of(world, member, tenant)
    assert stored is not None and (stored.role, stored.status) == (ADMIN, ACTIVE)
    assert updated.user.id == member.id


async def test_an_admin_revokes_a_member(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    member = await a_member(world, tenant)

    await update_member(uow=world.uow, actor=admin, tenant=tenant, user_id=member.id, role=None, status=REVOKED)

    stored = await membership_of(world, member, tenant)
    assert stored is not None and stored.status is REVOKED


async def test_an_update_with_nothing_to_change_keeps_role_and_status(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    member = await a_member(world, tenant)

    await update_member(uow=world.uow, actor=admin, tenant=tenant, user_id=member.id, role=None, status=None)

    stored = await membership_of(world, member, tenant)
    assert stored is not None and (stored.role, stored.status) == (MEMBER, ACTIVE)


async def test_staff_updates_a_member_of_any_tenant(world: World) -> None:
    _, tenant, _ = await an_insertion_company(world)
    pending = await a_member(world, tenant, status=PENDING)

    await update_member(
        uow=world.uow, actor=a_staff_member(), tenant=tenant, user_id=pending.id, role=None, status=ACTIVE
    )

    stored = await membership_of(world, pending, tenant)
    assert stored is not None and stored.status is ACTIVE


async def test_the_last_active_admin_cannot_step_down(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    assert admin.user_id is not None

    with pytest.raises(LastAdmin):
        await update_member(uow=world.uow, actor=admin, tenant=tenant, user_id=admin.user_id, role=MEMBER, status=None)

    (stored,) = await memberships_in(world, tenant)
    assert stored.is_active_admin


async def test_the_last_active_admin_cannot_be_revoked(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    (admin,) = await memberships_in(world, tenant)

    with pytest.raises(LastAdmin):
        await update_member(
            uow=world.uow, actor=a_staff_member(), tenant=tenant, user_id=admin.user_id, role=None, status=REVOKED
        )

    (stored,) = await memberships_in(world, tenant)
    assert stored.status is ACTIVE


async def test_a_pending_admin_does_not_count_as_another_admin(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    await a_member(world, tenant, role=ADMIN, status=PENDING)
    assert admin.user_id is not None

    with pytest.raises(LastAdmin):
        await update_member(uow=world.uow, actor=admin, tenant=tenant, user_id=admin.user_id, role=None, status=REVOKED)


async def test_an_admin_steps_down_when_another_admin_remains(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    await a_member(world, tenant, role=ADMIN)
    assert admin.user_id is not None

    await update_member(uow=world.uow, actor=admin, tenant=tenant, user_id=admin.user_id, role=MEMBER, status=None)

    assert [m.role for m in await memberships_in(world, tenant)] == [MEMBER, ADMIN]


async def test_a_plain_member_may_not_update_members(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    member = await a_member(world, tenant)
    pending = await a_member(world, tenant, status=PENDING)

    with pytest.raises(Forbidden):
        await update_member(
            uow=world.uow, actor=acting_as(member, tenant), tenant=tenant, user_id=pending.id, role=None, status=ACTIVE
        )

    stored = await membership_of(world, pending, tenant)
    assert stored is not None and stored.status is PENDING


async def test_updating_someone_who_is_not_a_member_is_not_found(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    outsider = await a_user(world, kind=UserKind.PRESCRIBER)

    with pytest.raises(NotFound):
        await update_member(uow=world.uow, actor=admin, tenant=tenant, user_id=outsider.id, role=ADMIN, status=None)

    assert await membership_of(world, outsider, tenant) is None


async def test_updating_an_unknown_user_is_not_found(world: World) -> None:
    _, tenant, admin = await an_agency(world)

    with pytest.raises(NotFound):
        await update_member(uow=world.uow, actor=admin, tenant=tenant, user_id=UUID(int=404), role=ADMIN, status=None)


async def test_updating_a_member_of_an_unknown_tenant_is_not_found(world: World) -> None:
    member = await a_user(world, kind=UserKind.PRESCRIBER)

    with pytest.raises(NotFound):
        await update_member(
            uow=world.uow,
            actor=a_staff_member(),
            tenant=UNKNOWN_ORGANISATION,
            user_id=member.id,
            role=None,
            status=ACTIVE,
        )
