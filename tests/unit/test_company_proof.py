"""The first member of a company proves it through its official address, on the in-memory fakes."""

from datetime import timedelta

import pytest

from domain.identity.company_proof import confirm_company_proof, obfuscate_email
from domain.identity.links import InvalidLink
from domain.identity.memberships import MembershipRole, MembershipStatus
from domain.identity.signup import Signup, signup_employer
from tests.unit.situations import EI_SIRET, World, a_company, a_member, an_account, memberships_in, tenant_of

pytestmark = pytest.mark.anyio

OFFICIAL = "direction@recyclerie-belleville.example.org"
ADMIN, MEMBER = MembershipRole.ADMIN, MembershipRole.MEMBER
ACTIVE, PENDING, REVOKED = MembershipStatus.ACTIVE, MembershipStatus.PENDING, MembershipStatus.REVOKED


async def a_stranger_signs_up(world: World, email: str = "stranger@example.org") -> Signup:
    return await signup_employer(services=world.services, account=an_account(email), siret=EI_SIRET, company_kind=None)


def proof_emails(world: World) -> list[tuple[str, dict[str, object]]]:
    return [(m.recipient, m.context) for m in world.uow.outbox.rows.values() if m.template == "company_proof"]


def the_proof_token(world: World) -> str:
    return str(proof_emails(world)[0][1]["token"])


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("camille@entreprise.fr", "c***@e***.fr"),
        (OFFICIAL, "d***@r***.org"),
        ("rh@mail.insertion.co.uk", "r***@m***.uk"),
        ("a@localhost", "a***@l***"),
    ],
)
def test_an_address_is_shown_by_its_first_letters_and_its_tld(address: str, shown: str) -> None:
    assert obfuscate_email(address) == shown


async def test_the_first_member_waits_and_a_link_goes_to_the_official_address(world: World) -> None:
    await a_company(world, siret=EI_SIRET, auth_email=OFFICIAL)

    signup = await a_stranger_signs_up(world)

    assert signup.membership is not None
    assert (signup.membership.role, signup.membership.status) == (ADMIN, PENDING)
    assert signup.company_proof_sent_to == "d***@r***.org"
    assert (signup.membership.proof_sent_to, signup.membership.proof_sent_at) == (OFFICIAL, world.clock.now())
    [(recipient, context)] = proof_emails(world)
    assert recipient == OFFICIAL
    assert (context["claimant_email"], context["claimant_name"]) == ("stranger@example.org", "Camille Martin")


async def test_without_an_official_address_the_first_member_waits_for_staff(world: World) -> None:
    company = await a_company(world, siret=EI_SIRET)

    signup = await a_stranger_signs_up(world)

    assert signup.company_proof_sent_to is None
    [membership] = await memberships_in(world, tenant_of(company))
    assert (membership.status, membership.proof_sent_to) == (PENDING, None)
    assert proof_emails(world) == []


async def test_a_later_member_asks_the_admins_not_the_official_address(world: World) -> None:
    company = await a_company(world, siret=EI_SIRET, auth_email=OFFICIAL)
    await a_member(world, tenant_of(company), role=ADMIN)

    signup = await a_stranger_signs_up(world)

    assert signup.company_proof_sent_to is None
    assert proof_emails(world) == []


async def test_following_the_link_makes_him_the_active_admin(world: World) -> None:
    await a_company(world, siret=EI_SIRET, auth_email=OFFICIAL)
    signup = await a_stranger_signs_up(world)

    member = await confirm_company_proof(uow=world.uow, clock=world.clock, token=the_proof_token(world))

    assert member.user.id == signup.user.id
    assert (member.membership.role, member.membership.status) == (ADMIN, ACTIVE)


async def test_the_link_serves_once(world: World) -> None:
    await a_company(world, siret=EI_SIRET, auth_email=OFFICIAL)
    await a_stranger_signs_up(world)
    await confirm_company_proof(uow=world.uow, clock=world.clock, token=the_proof_token(world))

    with pytest.raises(InvalidLink):
        await confirm_company_proof(uow=world.uow, clock=world.clock, token=the_proof_token(world))


async def test_the_link_expires_after_24_hours(world: World) -> None:
    company = await a_company(world, siret=EI_SIRET, auth_email=OFFICIAL)
    await a_stranger_signs_up(world)
    world.clock.advance(timedelta(hours=24))

    with pytest.raises(InvalidLink):
        await confirm_company_proof(uow=world.uow, clock=world.clock, token=the_proof_token(world))

    [membership] = await memberships_in(world, tenant_of(company))
    assert membership.status is PENDING


async def test_a_membership_refused_meanwhile_is_not_revived_by_the_link(world: World) -> None:
    company = await a_company(world, siret=EI_SIRET, auth_email=OFFICIAL)
    await a_stranger_signs_up(world)
    async with world.uow as uow:
        [membership] = await uow.memberships.for_tenant(tenant_of(company))
        membership.status = REVOKED
        await uow.commit()

    with pytest.raises(InvalidLink):
        await confirm_company_proof(uow=world.uow, clock=world.clock, token=the_proof_token(world))


async def test_two_claimants_each_get_a_link_and_the_one_followed_wins(world: World) -> None:
    company = await a_company(world, siret=EI_SIRET, auth_email=OFFICIAL)
    first = await a_stranger_signs_up(world, "first@example.org")
    await a_stranger_signs_up(world, "second@example.org")
    second_token = str(proof_emails(world)[1][1]["token"])

    await confirm_company_proof(uow=world.uow, clock=world.clock, token=second_token)

    statuses = {m.user_id: m.status for m in await memberships_in(world, tenant_of(company))}
    assert statuses[first.user.id] is PENDING
    assert sorted(statuses.values()) == [ACTIVE, PENDING]
