from datetime import UTC, datetime
from uuid import UUID

import pytest

from domain.companies.companies import CompanyKind
from domain.errors import Forbidden, Unauthenticated
from domain.identity.memberships import MembershipRole, MembershipStatus
from domain.identity.principals import resolve_principal
from domain.identity.scopes import ALL_SCOPES, Scope
from domain.identity.users import UserKind
from domain.ports.system import AccessTokenClaims
from domain.prescribers.organisations import Habilitation, OrganisationKind
from tests.unit.situations import (
    World,
    a_client,
    a_company,
    a_member,
    a_membership,
    a_user,
    an_organisation,
    client_token,
    tenant_of,
    user_token,
)

# Marked here, not only by the root conftest: anyio re-creates the items it
# marks late, and that drops the parametrisation of async tests.
pytestmark = pytest.mark.anyio

READ_ONLY = frozenset({Scope.CANDIDATURES_READ, Scope.JOB_SEEKERS_READ})


# -- people -------------------------------------------------------------------------


async def test_a_person_with_one_active_membership_acts_for_it(world: World) -> None:
    organisation = await an_organisation(world)
    user = await a_member(world, tenant_of(organisation), role=MembershipRole.ADMIN)

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert principal.acting_for is not None
    assert (principal.kind, principal.user_id, principal.acting_for.tenant, principal.acting_for.role) == (
        UserKind.PRESCRIBER,
        user.id,
        tenant_of(organisation),
        MembershipRole.ADMIN,
    )


async def test_a_person_with_several_active_memberships_acts_for_none_by_default(world: World) -> None:
    first, second = await a_company(world), await a_company(world)
    user = await a_member(world, tenant_of(first))
    await a_membership(world, user, tenant_of(second))

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert principal.acting_for is None


async def test_act_as_picks_one_of_several_active_memberships(world: World) -> None:
    first, second = await a_company(world), await a_company(world)
    user = await a_member(world, tenant_of(first))
    await a_membership(world, user, tenant_of(second), role=MembershipRole.ADMIN)

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=second.id)

    assert principal.acting_for is not None
    assert (principal.acting_for.tenant, principal.acting_for.role) == (tenant_of(second), MembershipRole.ADMIN)


async def test_act_as_a_tenant_the_person_is_not_a_member_of_is_forbidden(world: World) -> None:
    mine, other = await a_company(world), await a_company(world)
    user = await a_member(world, tenant_of(mine))

    with pytest.raises(Forbidden):
        await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=other.id)


async def test_act_as_a_tenant_where_the_membership_is_pending_is_forbidden(world: World) -> None:
    mine, joining = await a_company(world), await a_company(world)
    user = await a_member(world, tenant_of(mine))
    await a_membership(world, user, tenant_of(joining), status=MembershipStatus.PENDING)

    with pytest.raises(Forbidden):
        await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=joining.id)


async def test_a_pending_membership_is_not_acted_for(world: World) -> None:
    company = await a_company(world)
    user = await a_member(world, tenant_of(company), status=MembershipStatus.PENDING)

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert principal.acting_for is None


async def test_a_revoked_membership_does_not_count_among_the_active_ones(world: World) -> None:
    kept, left = await a_company(world), await a_company(world)
    user = await a_member(world, tenant_of(kept))
    await a_membership(world, user, tenant_of(left), status=MembershipStatus.REVOKED)

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert principal.acting_for is not None and principal.acting_for.tenant == tenant_of(kept)


async def test_a_job_seeker_acts_for_nobody(world: World) -> None:
    user = await a_user(world, kind=UserKind.JOB_SEEKER)

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert (principal.kind, principal.acting_for) == (UserKind.JOB_SEEKER, None)


async def test_an_inactive_person_is_unauthenticated(world: World) -> None:
    user = await a_user(world, active=False)

    with pytest.raises(Unauthenticated):
        await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)


async def test_a_token_of_an_unknown_person_is_unauthenticated(world: World) -> None:
    claims = AccessTokenClaims(
        subject=str(UUID(int=404)), subject_type="user", scope="", expires_at=datetime(2026, 3, 2, 10, tzinfo=UTC)
    )

    with pytest.raises(Unauthenticated):
        await resolve_principal(uow=world.uow, claims=claims, act_as=None)


async def test_a_token_whose_subject_is_not_an_id_is_unauthenticated(world: World) -> None:
    claims = AccessTokenClaims(
        subject="claire@example.org", subject_type="user", scope="", expires_at=datetime(2026, 3, 2, 10, tzinfo=UTC)
    )

    with pytest.raises(Unauthenticated):
        await resolve_principal(uow=world.uow, claims=claims, act_as=None)


async def test_a_member_of_a_validated_organisation_is_a_habilitated_prescriber(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.FT)
    user = await a_member(world, tenant_of(organisation))

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert principal.acting_for is not None and principal.acting_for.habilitated is True
    assert principal.is_habilitated_prescriber


@pytest.mark.parametrize(
    ("kind", "habilitation"),
    [
        (OrganisationKind.CHRS, Habilitation.PENDING),
        (OrganisationKind.CHRS, Habilitation.REFUSED),
        (OrganisationKind.ORIENTEUR, Habilitation.NOT_REQUIRED),
    ],
)
async def test_a_member_of_an_organisation_not_validated_is_not_habilitated(
    world: World, kind: OrganisationKind, habilitation: Habilitation
) -> None:
    organisation = await an_organisation(world, kind=kind, habilitation=habilitation)
    user = await a_member(world, tenant_of(organisation))

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert principal.acting_for is not None and principal.acting_for.habilitated is False
    assert not principal.is_habilitated_prescriber


async def test_the_habilitation_is_read_fresh_from_the_organisation(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    user = await a_member(world, tenant_of(organisation))
    async with world.uow as uow:
        loaded = await uow.organisations.get(organisation.id)
        assert loaded is not None
        loaded.decide_habilitation(Habilitation.VALIDATED, at=world.clock.now())
        await uow.commit()

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert principal.is_habilitated_prescriber


async def test_an_employer_acts_with_the_kind_of_his_company(world: World) -> None:
    company = await a_company(world, kind=CompanyKind.ACI)
    user = await a_member(world, tenant_of(company))

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert principal.acting_for is not None
    assert (principal.company_id, principal.acting_for.company_kind, principal.acting_for.habilitated) == (
        company.id,
        CompanyKind.ACI,
        False,
    )


async def test_a_person_token_without_scope_holds_every_scope(world: World) -> None:
    user = await a_user(world, kind=UserKind.JOB_SEEKER)

    principal = await resolve_principal(uow=world.uow, claims=user_token(user, world=world), act_as=None)

    assert principal.scopes == ALL_SCOPES


async def test_a_person_token_with_a_narrower_scope_keeps_only_that_scope(world: World) -> None:
    company = await a_company(world)
    user = await a_member(world, tenant_of(company), role=MembershipRole.ADMIN)

    principal = await resolve_principal(
        uow=world.uow, claims=user_token(user, scope="candidatures:read", world=world), act_as=None
    )

    assert principal.scopes == frozenset({Scope.CANDIDATURES_READ})
    assert not principal.has_scope(Scope.MEMBERS_WRITE)


# -- partner applications ----------------------------------------------------------------


async def test_a_client_of_a_company_acts_as_an_employer_member_of_it(world: World) -> None:
    company = await a_company(world, kind=CompanyKind.ETTI)
    client = await a_client(world, tenant_of(company))

    principal = await resolve_principal(
        uow=world.uow, claims=client_token(client, scope="candidatures:read", world=world), act_as=None
    )

    assert principal.acting_for is not None
    assert (
        principal.kind,
        principal.client_id,
        principal.user_id,
        principal.acting_for.tenant,
        principal.acting_for.role,
        principal.acting_for.company_kind,
    ) == (UserKind.EMPLOYER, client.id, None, tenant_of(company), MembershipRole.MEMBER, CompanyKind.ETTI)


async def test_a_client_of_an_organisation_acts_as_a_prescriber_of_it(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.ML)
    client = await a_client(world, tenant_of(organisation))

    principal = await resolve_principal(
        uow=world.uow, claims=client_token(client, scope="candidatures:read", world=world), act_as=None
    )

    assert (principal.kind, principal.organisation_id, principal.is_habilitated_prescriber) == (
        UserKind.PRESCRIBER,
        organisation.id,
        True,
    )


async def test_a_client_holds_the_token_scopes_it_was_granted_only(world: World) -> None:
    company = await a_company(world)
    client = await a_client(world, tenant_of(company), scopes=READ_ONLY)

    principal = await resolve_principal(
        uow=world.uow,
        claims=client_token(client, scope="candidatures:read candidatures:write", world=world),
        act_as=None,
    )

    assert principal.scopes == frozenset({Scope.CANDIDATURES_READ})


async def test_a_client_may_name_its_own_tenant_in_act_as(world: World) -> None:
    company = await a_company(world)
    client = await a_client(world, tenant_of(company))

    principal = await resolve_principal(
        uow=world.uow, claims=client_token(client, scope="candidatures:read", world=world), act_as=company.id
    )

    assert principal.company_id == company.id


async def test_a_client_acting_for_another_tenant_is_forbidden(world: World) -> None:
    company, other = await a_company(world), await a_company(world)
    client = await a_client(world, tenant_of(company))

    with pytest.raises(Forbidden):
        await resolve_principal(
            uow=world.uow, claims=client_token(client, scope="candidatures:read", world=world), act_as=other.id
        )


async def test_an_inactive_client_is_unauthenticated(world: World) -> None:
    company = await a_company(world)
    client = await a_client(world, tenant_of(company), active=False)

    with pytest.raises(Unauthenticated):
        await resolve_principal(
            uow=world.uow, claims=client_token(client, scope="candidatures:read", world=world), act_as=None
        )


async def test_a_user_id_in_a_client_token_is_unauthenticated(world: World) -> None:
    user = await a_user(world)
    claims = AccessTokenClaims(
        subject=str(user.id), subject_type="client", scope="", expires_at=datetime(2026, 3, 2, 10, tzinfo=UTC)
    )

    with pytest.raises(Unauthenticated):
        await resolve_principal(uow=world.uow, claims=claims, act_as=None)
