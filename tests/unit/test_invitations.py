"""Invitations on the in-memory fakes: inviting, listing, revoking, accepting."""

from datetime import timedelta
from uuid import UUID

import pytest

from domain.errors import Forbidden, NotFound
from domain.identity.accepting import AccountDetails, Newcomer, accept_invitation
from domain.identity.invitations import Invitation, InvitationNotPending, InvitationRefused, InvitationState
from domain.identity.inviting import Invitee, invite, list_invitations, revoke_invitation
from domain.identity.links import InvalidLink, hash_token
from domain.identity.members import AlreadyMember, Member
from domain.identity.memberships import MembershipRole, MembershipStatus, Tenant
from domain.identity.principal import Principal
from domain.identity.scopes import ALL_SCOPES
from domain.identity.users import User, UserKind
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
    tenant_of,
)

pytestmark = pytest.mark.anyio

ADMIN, MEMBER = MembershipRole.ADMIN, MembershipRole.MEMBER
ACTIVE, PENDING, REVOKED = MembershipStatus.ACTIVE, MembershipStatus.PENDING, MembershipStatus.REVOKED
INVITED = "lea.petit@example.org"
NEWCOMER = Newcomer(first_name="Léa", last_name="Petit", password="un mot de passe solide")


async def a_company_with_its_admin(world: World) -> tuple[Tenant, Principal]:
    tenant = tenant_of(await a_company(world))
    admin = await a_member(world, tenant, role=ADMIN)
    return tenant, acting_as(admin, tenant, role=ADMIN)


async def invited(
    world: World, actor: Principal, tenant: Tenant, email: str = INVITED, role: MembershipRole = MEMBER
) -> Invitation:
    invitee = Invitee(email=email, role=role, first_name="Léa", last_name="Petit")
    return await invite(uow=world.uow, actor=actor, clock=world.clock, ids=world.ids, tenant=tenant, invitee=invitee)


def token_sent_to(world: World, email: str = INVITED) -> str:
    """The token of the last invitation emailed to ``email``, as its reader would find it."""
    sent = [m for m in world.uow.outbox.rows.values() if m.recipient == email and m.template == "invitation"]
    token: str = sent[-1].context["token"]
    return token


async def accepted(
    world: World, token: str, *, actor: Principal | None = None, newcomer: Newcomer | None = None
) -> Member:
    return await accept_invitation(services=world.services, actor=actor, token=token, newcomer=newcomer)


def as_person(user: User) -> Principal:
    return acting_for_nobody(user)


# -- inviting ---------------------------------------------------------------------------


async def test_an_admin_invites_a_person_for_fourteen_days(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)

    invitation = await invited(world, admin, tenant, email="  Lea.Petit@Example.org ")

    assert (invitation.email, invitation.role, invitation.invited_by) == (INVITED, MEMBER, admin.user_id)
    assert invitation.expires_at == world.clock.now() + timedelta(days=14)
    assert invitation.state(at=world.clock.now()) is InvitationState.PENDING


async def test_the_email_carries_a_token_of_which_only_the_hash_is_stored(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)

    invitation = await invited(world, admin, tenant)

    token = token_sent_to(world)
    (link,) = world.uow.links.rows.values()
    assert (link.token_hash, link.subject_id, link.email) == (hash_token(token), invitation.id, INVITED)
    assert token not in repr(link)


async def test_inviting_again_revokes_the_pending_invitation_whose_link_dies(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    first = await invited(world, admin, tenant)
    old_token = token_sent_to(world)

    await invited(world, admin, tenant, role=ADMIN)

    stored = world.uow.invitations.rows[first.id]
    assert stored.state(at=world.clock.now()) is InvitationState.REVOKED
    with pytest.raises(InvalidLink):
        await accepted(world, old_token, newcomer=NEWCOMER)
    member = await accepted(world, token_sent_to(world), newcomer=NEWCOMER)
    assert member.membership.role is ADMIN


async def test_the_email_greets_the_person_by_the_first_name_given(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)

    await invited(world, admin, tenant)
    await invite(
        uow=world.uow,
        actor=admin,
        clock=world.clock,
        ids=world.ids,
        tenant=tenant,
        invitee=Invitee(email="anonymous@example.org"),
    )

    greetings = {m.recipient: m.context.get("recipient_first_name") for m in world.uow.outbox.rows.values()}
    assert greetings == {INVITED: "Léa", "anonymous@example.org": None}


async def test_staff_invites_in_the_name_of_the_team(world: World) -> None:
    tenant = tenant_of(await an_organisation(world))

    await invited(world, a_staff_member(), tenant)

    (message,) = world.uow.outbox.rows.values()
    assert message.context["inviter_name"] is None


async def test_a_plain_member_may_not_invite(world: World) -> None:
    tenant, _ = await a_company_with_its_admin(world)
    member = await a_member(world, tenant)

    with pytest.raises(Forbidden):
        await invited(world, acting_as(member, tenant), tenant)

    assert world.uow.links.rows == {} and world.uow.outbox.rows == {}


# -- listing ----------------------------------------------------------------------------


async def test_admins_list_the_invitations_newest_first_with_their_state(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    for email in ("expired@example.org", "revoked@example.org", "accepted@example.org"):
        await invited(world, admin, tenant, email=email)
        world.clock.advance(timedelta(days=7))
    await revoke_invitation(
        uow=world.uow, actor=admin, clock=world.clock, invitation_id=_invitation_of(world, "revoked@example.org")
    )
    await accepted(world, token_sent_to(world, "accepted@example.org"), newcomer=NEWCOMER)
    world.clock.advance(timedelta(days=1))

    page = await list_invitations(uow=world.uow, actor=admin, tenant=tenant)

    assert [(i.email, i.state(at=world.clock.now())) for i in page.items] == [
        ("accepted@example.org", InvitationState.ACCEPTED),
        ("revoked@example.org", InvitationState.REVOKED),
        ("expired@example.org", InvitationState.EXPIRED),
    ]
    assert page.next is None


async def test_the_list_is_paginated(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    for index in range(3):
        await invited(world, admin, tenant, email=f"person.{index}@example.org")
        world.clock.advance(timedelta(minutes=1))

    first = await list_invitations(uow=world.uow, actor=admin, tenant=tenant, limit=2)
    rest = await list_invitations(uow=world.uow, actor=admin, tenant=tenant, after=first.next, limit=2)

    assert [i.email for i in first.items + rest.items] == [f"person.{i}@example.org" for i in (2, 1, 0)]
    assert rest.next is None


async def test_only_admins_and_staff_list_invitations(world: World) -> None:
    tenant, _ = await a_company_with_its_admin(world)
    member = await a_member(world, tenant)
    other_tenant, other_admin = await a_company_with_its_admin(world)
    client = await a_client(world, tenant)
    refused = [acting_as(member, tenant), other_admin, a_partner(client, scopes=ALL_SCOPES)]

    for actor in refused:
        with pytest.raises(Forbidden):
            await list_invitations(uow=world.uow, actor=actor, tenant=tenant)

    assert (await list_invitations(uow=world.uow, actor=a_staff_member(), tenant=other_tenant)).items == []


# -- revoking ---------------------------------------------------------------------------


def _invitation_of(world: World, email: str) -> UUID:
    return next(i.id for i in world.uow.invitations.rows.values() if i.email == email)


async def test_a_revoked_invitation_no_longer_accepts(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    invitation = await invited(world, admin, tenant)

    revoked = await revoke_invitation(uow=world.uow, actor=admin, clock=world.clock, invitation_id=invitation.id)

    assert revoked.state(at=world.clock.now()) is InvitationState.REVOKED
    with pytest.raises(InvalidLink):
        await accepted(world, token_sent_to(world), newcomer=NEWCOMER)


async def test_an_accepted_invitation_cannot_be_revoked(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    invitation = await invited(world, admin, tenant)
    await accepted(world, token_sent_to(world), newcomer=NEWCOMER)

    with pytest.raises(InvitationNotPending):
        await revoke_invitation(uow=world.uow, actor=admin, clock=world.clock, invitation_id=invitation.id)


async def test_a_colleague_who_is_not_admin_gets_403_and_an_outsider_404(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    invitation = await invited(world, admin, tenant)
    member = await a_member(world, tenant)
    _, other_admin = await a_company_with_its_admin(world)

    with pytest.raises(Forbidden):
        await revoke_invitation(
            uow=world.uow, actor=acting_as(member, tenant), clock=world.clock, invitation_id=invitation.id
        )
    with pytest.raises(NotFound):
        await revoke_invitation(uow=world.uow, actor=other_admin, clock=world.clock, invitation_id=invitation.id)


# -- accepting ---------------------------------------------------------------------------


async def test_a_newcomer_gets_an_account_of_the_tenant_kind_and_an_active_membership(world: World) -> None:
    tenant = tenant_of(await an_organisation(world))
    await invited(world, a_staff_member(), tenant, role=ADMIN)

    member = await accepted(world, token_sent_to(world), newcomer=NEWCOMER)

    assert (member.user.email, member.user.kind, member.user.full_name) == (INVITED, UserKind.PRESCRIBER, "Léa Petit")
    assert await world.hasher.verify(member.user.password_hash, NEWCOMER.password)
    assert (member.membership.tenant, member.membership.role, member.membership.status) == (tenant, ADMIN, ACTIVE)
    assert world.uow.invitations.rows[next(iter(world.uow.invitations.rows))].accepted_by == member.user.id


async def test_an_existing_employer_accepts_with_his_account(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    employer = await a_user(world, kind=UserKind.EMPLOYER, email=INVITED)
    await invited(world, admin, tenant)

    member = await accepted(world, token_sent_to(world), actor=as_person(employer))

    assert member.user.id == employer.id
    stored = await membership_of(world, employer, tenant)
    assert stored is not None and (stored.status, stored.role) == (ACTIVE, MEMBER)


@pytest.mark.parametrize("status", [PENDING, REVOKED])
async def test_a_pending_or_revoked_member_becomes_active_with_the_invited_role(
    world: World, status: MembershipStatus
) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    employer = await a_user(world, kind=UserKind.EMPLOYER, email=INVITED)
    await a_membership(world, employer, tenant, status=status)
    await invited(world, admin, tenant, role=ADMIN)

    await accepted(world, token_sent_to(world), actor=as_person(employer))

    stored = await membership_of(world, employer, tenant)
    assert stored is not None and (stored.status, stored.role) == (ACTIVE, ADMIN)


async def test_an_active_member_is_told_so_and_the_link_still_works(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    employer = await a_member(world, tenant, email=INVITED)
    await invited(world, admin, tenant)

    with pytest.raises(AlreadyMember):
        await accepted(world, token_sent_to(world), actor=as_person(employer))

    (link,) = world.uow.links.rows.values()
    assert link.used_at is None


@pytest.mark.parametrize(
    "holder",
    ["job_seeker", "staff", "prescriber", "another_address", "partner", "existing_account_without_token"],
)
async def test_who_may_not_take_the_invitation_gets_one_neutral_refusal(world: World, holder: str) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    await invited(world, admin, tenant)
    kinds = {"job_seeker": UserKind.JOB_SEEKER, "staff": UserKind.STAFF, "prescriber": UserKind.PRESCRIBER}
    actor: Principal | None = None
    if holder in kinds:
        actor = as_person(await a_user(world, kind=kinds[holder], email=INVITED))
    elif holder == "another_address":
        actor = as_person(await a_user(world, kind=UserKind.EMPLOYER, email="other@example.org"))
    elif holder == "partner":
        actor = a_partner(await a_client(world, tenant), scopes=ALL_SCOPES)
    else:
        await a_user(world, kind=UserKind.JOB_SEEKER, email=INVITED)

    with pytest.raises(InvitationRefused) as refused:
        await accepted(world, token_sent_to(world), actor=actor, newcomer=None if actor else NEWCOMER)

    assert str(refused.value) == str(InvitationRefused())
    assert all(m.user_id == admin.user_id for m in world.uow.memberships.rows if m.tenant == tenant)


async def test_a_link_serves_once(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    await invited(world, admin, tenant)
    await accepted(world, token_sent_to(world), newcomer=NEWCOMER)

    with pytest.raises(InvalidLink):
        await accepted(world, token_sent_to(world), newcomer=NEWCOMER)


async def test_an_invitation_expires_after_fourteen_days(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    await invited(world, admin, tenant)
    world.clock.advance(timedelta(days=14))

    with pytest.raises(InvalidLink):
        await accepted(world, token_sent_to(world), newcomer=NEWCOMER)


async def test_without_a_bearer_the_account_details_are_required(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    await invited(world, admin, tenant)

    with pytest.raises(AccountDetails) as raised:
        await accepted(world, token_sent_to(world))

    assert [e.pointer for e in raised.value.errors] == ["/first_name", "/last_name", "/password"]


async def test_with_a_bearer_no_account_details_are_taken(world: World) -> None:
    tenant, admin = await a_company_with_its_admin(world)
    employer = await a_user(world, kind=UserKind.EMPLOYER, email=INVITED)
    await invited(world, admin, tenant)

    with pytest.raises(AccountDetails):
        await accepted(world, token_sent_to(world), actor=as_person(employer), newcomer=NEWCOMER)
