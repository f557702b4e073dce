from uuid import UUID

import pytest

from domain.companies.companies import CompanyKind
from domain.errors import Unauthenticated
from domain.identity.me import MembershipView, describe_me
from domain.identity.memberships import MembershipRole, MembershipStatus
from domain.identity.principal import Principal
from domain.identity.scopes import ALL_SCOPES, Scope
from domain.identity.users import UserKind
from domain.prescribers.organisations import OrganisationKind
from tests.unit.situations import (
    World,
    a_client,
    a_company,
    a_member,
    a_membership,
    a_partner,
    a_user,
    acting_as,
    acting_for_nobody,
    an_organisation,
    tenant_of,
)


async def test_a_person_is_described_by_his_account(world: World) -> None:
    user = await a_user(world, kind=UserKind.JOB_SEEKER, email="claire.dubois@example.org")

    me = await describe_me(uow=world.uow, actor=acting_for_nobody(user))

    assert (me.id, me.kind, me.name, me.email, me.memberships, me.acting_for, me.scopes) == (
        user.id,
        UserKind.JOB_SEEKER,
        "Camille Martin",
        "claire.dubois@example.org",
        [],
        None,
        ALL_SCOPES,
    )


async def test_a_prescriber_sees_his_organisation_with_its_habilitation(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    user = await a_member(world, tenant_of(organisation), role=MembershipRole.ADMIN)

    me = await describe_me(uow=world.uow, actor=acting_as(user, tenant_of(organisation), role=MembershipRole.ADMIN))

    assert me.memberships == [
        MembershipView(
            tenant=tenant_of(organisation),
            name=organisation.name,
            tenant_kind="CHRS",
            habilitation="pending",
            role=MembershipRole.ADMIN,
            status=MembershipStatus.ACTIVE,
        )
    ]
    assert me.acting_for == organisation.id


async def test_an_employer_sees_his_company_with_its_kind_and_no_habilitation(world: World) -> None:
    company = await a_company(world, kind=CompanyKind.GEIQ)
    user = await a_member(world, tenant_of(company))

    me = await describe_me(uow=world.uow, actor=acting_as(user, tenant_of(company)))

    (view,) = me.memberships
    assert (view.name, view.tenant_kind, view.habilitation, view.role) == (
        company.name,
        "GEIQ",
        None,
        MembershipRole.MEMBER,
    )


async def test_a_person_sees_his_pending_memberships_too(world: World) -> None:
    first, second = await a_company(world), await a_company(world)
    user = await a_member(world, tenant_of(first))
    await a_membership(world, user, tenant_of(second), status=MembershipStatus.PENDING)

    me = await describe_me(uow=world.uow, actor=acting_for_nobody(user))

    assert [(v.tenant, v.status) for v in me.memberships] == [
        (tenant_of(first), MembershipStatus.ACTIVE),
        (tenant_of(second), MembershipStatus.PENDING),
    ]
    assert me.acting_for is None


async def test_a_person_sees_the_scopes_of_his_token(world: World) -> None:
    user = await a_user(world, kind=UserKind.JOB_SEEKER)
    actor = Principal(kind=user.kind, user_id=user.id, scopes=frozenset({Scope.CANDIDATURES_READ}))

    me = await describe_me(uow=world.uow, actor=actor)

    assert me.scopes == frozenset({Scope.CANDIDATURES_READ})


async def test_a_person_whose_account_is_gone_is_unauthenticated(world: World) -> None:
    with pytest.raises(Unauthenticated):
        await describe_me(uow=world.uow, actor=Principal(kind=UserKind.JOB_SEEKER, user_id=UUID(int=404)))


async def test_a_partner_application_is_described_with_its_one_tenant(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.FT)
    client = await a_client(world, tenant_of(organisation))
    scopes = frozenset({Scope.CANDIDATURES_READ})

    me = await describe_me(uow=world.uow, actor=a_partner(client, scopes=scopes))

    assert (me.id, me.kind, me.name, me.email, me.acting_for, me.scopes) == (
        client.id,
        "client",
        "Logiciel partenaire",
        None,
        organisation.id,
        scopes,
    )
    assert me.memberships == [
        MembershipView(
            tenant=tenant_of(organisation),
            name=organisation.name,
            tenant_kind="FT",
            habilitation="validated",
            role=MembershipRole.MEMBER,
            status=MembershipStatus.ACTIVE,
        )
    ]


async def test_a_partner_application_that_is_gone_is_unauthenticated(world: World) -> None:
    actor = Principal(kind=UserKind.EMPLOYER, client_id=UUID(int=404))

    with pytest.raises(Unauthenticated):
        await describe_me(uow=world.uow, actor=actor)
