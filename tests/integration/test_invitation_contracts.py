"""One contract for invitations, on the fake and on the SQL repository; and the
companies' official address and a first member's proof evidence, stored alike."""

from datetime import timedelta
from uuid import uuid4

import pytest

from domain.identity.invitations import Invitation, InvitationPosition
from domain.identity.memberships import MembershipRole, Tenant, TenantKind
from domain.ports.unit_of_work import UnitOfWork
from tests.integration.test_repository_contracts import (
    NOW,
    NewUow,
    a_membership,
    a_person,
    an_ft_agency,
    an_insertion_company,
    stored,
    tenant_of,
)

pytestmark = pytest.mark.anyio


def an_invitation(tenant: Tenant, *, email: str = "lea.petit@example.org", minutes: int = 0) -> Invitation:
    at = NOW + timedelta(minutes=minutes)
    return Invitation(
        id=uuid4(),
        tenant=tenant,
        email=email,
        role=MembershipRole.ADMIN,
        invited_by=None,
        created_at=at,
        expires_at=at + timedelta(days=14),
        first_name="Léa",
        last_name="Petit",
    )


async def stored_invitations(new_uow: NewUow, *invitations: Invitation) -> None:
    uow = new_uow()
    async with uow:
        for invitation in invitations:
            await uow.invitations.add(invitation)
        await uow.commit()


async def an_agency_tenant(new_uow: NewUow) -> Tenant:
    agency = an_ft_agency()
    await stored(new_uow, agency)
    return tenant_of(agency)


async def test_an_invitation_is_read_back_with_every_field(new_uow: NewUow) -> None:
    company = an_insertion_company()
    inviter, invitee = a_person(), a_person()
    await stored(new_uow, company, inviter, invitee)
    invitation = an_invitation(Tenant(TenantKind.COMPANY, company.id))
    invitation.invited_by = inviter.id
    await stored_invitations(new_uow, invitation)

    uow = new_uow()
    async with uow:
        found = await uow.invitations.get_for_update(invitation.id)
        assert found is not None
        found.accept(user_id=invitee.id, at=NOW + timedelta(hours=1))
        await uow.commit()
    async with uow:
        again = await uow.invitations.get_for_update(invitation.id)

    invitation.accept(user_id=invitee.id, at=NOW + timedelta(hours=1))
    assert again == invitation


async def test_invitations_of_an_address_are_those_to_that_tenant(new_uow: NewUow) -> None:
    tenant, other = await an_agency_tenant(new_uow), await an_agency_tenant(new_uow)
    mine = an_invitation(tenant)
    await stored_invitations(
        new_uow, mine, an_invitation(other), an_invitation(tenant, email="someone.else@example.org")
    )

    uow = new_uow()
    async with uow:
        found = await uow.invitations.for_email(tenant=tenant, email="lea.petit@example.org")

    assert [i.id for i in found] == [mine.id]


async def test_a_page_of_invitations_is_newest_first_after_a_position(new_uow: NewUow) -> None:
    tenant = await an_agency_tenant(new_uow)
    oldest, middle, newest = (an_invitation(tenant, minutes=m) for m in (0, 1, 2))
    await stored_invitations(new_uow, oldest, middle, newest, an_invitation(await an_agency_tenant(new_uow)))

    uow: UnitOfWork = new_uow()
    async with uow:
        first = await uow.invitations.page(tenant=tenant, after=None, limit=2)
        rest = await uow.invitations.page(
            tenant=tenant, after=InvitationPosition(middle.created_at, middle.id), limit=2
        )

    assert [i.id for i in first] == [newest.id, middle.id]
    assert [i.id for i in rest] == [oldest.id]


async def test_a_company_keeps_its_official_address(new_uow: NewUow) -> None:
    company = an_insertion_company()
    company.auth_email = "direction@recyclerie.example.org"
    await stored(new_uow, company)

    uow = new_uow()
    async with uow:
        found = await uow.companies.get(company.id)

    assert found is not None and found.auth_email == "direction@recyclerie.example.org"


async def test_a_membership_keeps_where_and_when_the_proof_was_sent(new_uow: NewUow) -> None:
    company, user = an_insertion_company(), a_person()
    membership = a_membership(user, Tenant(TenantKind.COMPANY, company.id))
    membership.proof_sent_to, membership.proof_sent_at = "direction@recyclerie.example.org", NOW
    await stored(new_uow, company, user, membership)

    uow = new_uow()
    async with uow:
        found = await uow.memberships.get(user_id=user.id, tenant=membership.tenant)

    assert found is not None and (found.proof_sent_to, found.proof_sent_at) == (membership.proof_sent_to, NOW)
