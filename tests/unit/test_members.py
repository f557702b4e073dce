from uuid import UUID

import pytest

from domain.companies.companies import Company
from domain.errors import Forbidden, NotFound
from domain.identity.invitations import Invitation
from domain.identity.members import (
    LastAdmin,
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

# Marked here, not only by the root conftest: anyio re-creates the items it
# marks late, and that drops the parametrisation of async tests.
pytestmark = pytest.mark.anyio

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


# -- adding: an invitation, whatever the address ----------------------------------------
# Adding used to make an existing account a member at once, and answered 404
# for an unknown address and 422 for a job seeker's or staff's: it told an
# admin who holds an address. It now sends an invitation and answers the same.


async def added(
    world: World, actor: Principal, tenant: Tenant, email: str, role: MembershipRole = MEMBER
) -> Invitation:
    return await add_member(
        uow=world.uow, actor=actor, clock=world.clock, ids=world.ids, tenant=tenant, email=email, role=role
    )


def invitation_emails(world: World) -> list[tuple[str, str]]:
    return [(m.recipient, m.template) for m in world.uow.outbox.rows.values()]


def answer_of(invitation: Invitation) -> tuple[object, ...]:
    """What the caller is told, but for the invitation's own id and address."""
    return (invitation.tenant, invitation.role, invitation.invited_by, invitation.created_at, invitation.expires_at)


async def test_adding_a_registered_prescriber_invites_him_and_he_is_not_a_member_yet(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    newcomer = await a_user(world, kind=UserKind.PRESCRIBER, email="karim.benali@example.org")

    invitation = await added(world, admin, tenant, "karim.benali@example.org")

    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "karim.benali@example.org",
        MEMBER,
        admin.user_id,
    )
    assert invitation_emails(world) == [("karim.benali@example.org", "invitation")]
    assert await membership_of(world, newcomer, tenant) is None


async def test_the_email_is_invited_whatever_its_case_and_surrounding_spaces(world: World) -> None:
    _, tenant, admin = await an_agency(world)

    invitation = await added(world, admin, tenant, "  Karim.Benali@Example.ORG ")

    assert invitation.email == "karim.benali@example.org"


async def test_an_admin_may_invite_another_admin(world: World) -> None:
    _, tenant, admin = await an_agency(world)

    invitation = await added(world, admin, tenant, "karim.benali@example.org", role=ADMIN)

    assert invitation.role is ADMIN


async def test_an_admin_of_a_company_invites_a_registered_employer(world: World) -> None:
    _, tenant, admin = await an_insertion_company(world)
    newcomer = await a_user(world, kind=UserKind.EMPLOYER, email="lea.petit@example.org")

    invitation = await added(world, admin, tenant, "lea.petit@example.org")

    assert invitation.tenant == tenant
    assert await membership_of(world, newcomer, tenant) is None


async def test_staff_invites_to_any_tenant(world: World) -> None:
    _, tenant, _ = await an_agency(world)

    invitation = await added(world, a_staff_member(), tenant, "karim.benali@example.org", role=ADMIN)

    assert (invitation.tenant, invitation.role) == (tenant, ADMIN)


@pytest.mark.parametrize("kind", [None, UserKind.JOB_SEEKER, UserKind.STAFF, UserKind.EMPLOYER, UserKind.PRESCRIBER])
async def test_the_answer_is_the_same_whoever_holds_the_address(world: World, kind: UserKind | None) -> None:
    _, tenant, admin = await an_agency(world)
    if kind is not None:
        await a_user(world, kind=kind, email="someone@example.org")
    await added(world, admin, tenant, "nobody@example.org")
    unknown = await added(world, admin, tenant, "nobody@example.org")

    invitation = await added(world, admin, tenant, "someone@example.org")

    assert answer_of(invitation) == answer_of(unknown)
    assert len(await memberships_in(world, tenant)) == 1


async def test_a_plain_member_may_not_add_members(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    member = await a_member(world, tenant)

    with pytest.raises(Forbidden):
        await added(world, acting_as(member, tenant), tenant, "karim.benali@example.org")

    assert world.uow.invitations.rows == {} and invitation_emails(world) == []


async def test_the_admin_of_another_organisation_may_not_add_members(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    _, _, other_admin = await an_agency(world)

    with pytest.raises(Forbidden):
        await added(world, other_admin, tenant, "karim.benali@example.org")

    assert world.uow.invitations.rows == {}


async def test_a_partner_application_may_not_add_members_even_with_members_write(world: World) -> None:
    _, tenant, _ = await an_agency(world)
    client = await a_client(world, tenant)

    with pytest.raises(Forbidden):
        await added(world, a_partner(client, scopes=ALL_SCOPES), tenant, "karim.benali@example.org")


async def test_an_admin_with_a_token_without_members_write_may_not_add_members(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    read_only = Principal(
        kind=admin.kind, user_id=admin.user_id, acting_for=admin.acting_for, scopes=frozenset({Scope.MEMBERS_READ})
    )

    with pytest.raises(Forbidden):
        await added(world, read_only, tenant, "karim.benali@example.org")


async def test_adding_to_an_unknown_tenant_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await added(world, a_staff_member(), UNKNOWN_ORGANISATION, "karim.benali@example.org")


async def test_adding_an_active_member_changes_nothing_of_his_membership(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    member = await a_member(world, tenant, email="karim.benali@example.org")

    await added(world, admin, tenant, "karim.benali@example.org", role=ADMIN)

    stored = await membership_of(world, member, tenant)
    assert stored is not None and (stored.role, stored.status) == (MEMBER, ACTIVE)


async def test_adding_a_pending_member_invites_him_and_leaves_the_approval_to_patch(world: World) -> None:
    _, tenant, admin = await an_agency(world)
    pending = await a_member(world, tenant, status=PENDING, email="karim.benali@example.org")

    await added(world, admin, tenant, "karim.benali@example.org", role=ADMIN)

    stored = await membership_of(world, pending, tenant)
    assert stored is not None and stored.status is PENDING
    assert invitation_emails(world) == [("karim.benali@example.org", "invitation")]


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
