"""Every new account confirms its email through a single-use link valid 24 h;
staff made by the operator is confirmed at creation."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.identity.email_confirmation import confirm_email, resend_confirmation
from domain.identity.events import EmailConfirmationRequested
from domain.identity.links import AccountLink, InvalidLink, LinkPurpose, hash_token
from domain.identity.signup import EmailTaken, Signup, signup_employer, signup_person, signup_prescriber
from domain.identity.users import User, UserKind
from domain.notifications.messages import OutboxMessage
from domain.prescribers.organisations import OrganisationKind
from tests.unit.situations import FT_SIRET, World, a_company, a_user, an_account

pytestmark = pytest.mark.anyio
EMAIL = "lea.martin@example.org"


async def signed_up(world: World, kind: str = "job_seeker", email: str = EMAIL) -> Signup:
    account = an_account(email)
    if kind == "prescriber":
        return await signup_prescriber(
            services=world.services,
            account=account,
            siret=FT_SIRET,
            organisation_kind=OrganisationKind.ML,
            organisation_name="Mission locale Paris 11e",
            ft_email_domains=frozenset({"francetravail.fr"}),
        )
    if kind == "employer":
        company = await a_company(world)
        return await signup_employer(services=world.services, account=account, siret=company.siret, company_kind=None)
    return await signup_person(services=world.services, account=account, kind=UserKind(kind))


def emails(world: World, template: str = "account_confirmation") -> list[OutboxMessage]:
    return sorted((m for m in world.uow.outbox.rows.values() if m.template == template), key=lambda m: m.created_at)


def links(world: World) -> list[AccountLink]:
    return sorted(world.uow.links.rows.values(), key=lambda link: link.created_at)


def token_of(message: OutboxMessage) -> str:
    return str(message.context["token"])


async def confirm(world: World, token: str) -> User:
    return await confirm_email(uow=world.uow, clock=world.clock, token=token)


async def stored(world: World, email: str = EMAIL) -> User:
    async with world.uow as uow:
        user = await uow.users.get_by_email(email)
    assert user is not None
    return user


async def resend(world: World, email: str = EMAIL) -> None:
    await resend_confirmation(uow=world.uow, clock=world.clock, ids=world.ids, email=email)


# -- a new account -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["job_seeker", "prescriber", "employer"])
async def test_a_new_account_waits_for_its_confirmation_and_is_emailed_a_link(world: World, kind: str) -> None:
    signup = await signed_up(world, kind)

    (message,) = emails(world)
    (link,) = links(world)
    assert signup.email_confirmation_sent and signup.user.email_confirmed_at is None
    assert (message.recipient, message.event_type) == (EMAIL, "EmailConfirmationRequested")
    assert (message.context["valid_hours"], message.context["recipient_first_name"]) == (24, "Camille")
    assert (link.purpose, link.user_id, link.email) == (LinkPurpose.EMAIL_CONFIRMATION, signup.user.id, EMAIL)
    assert link.token_hash == hash_token(token_of(message))
    assert link.expires_at == world.clock.now() + timedelta(hours=24)


async def test_a_staff_account_is_confirmed_at_creation_without_an_email(world: World) -> None:
    signup = await signed_up(world, "staff")

    assert signup.user.email_confirmed_at == world.clock.now()
    assert not signup.email_confirmation_sent
    assert (emails(world), links(world)) == ([], [])


async def test_a_refused_signup_leaves_no_link_and_no_email(world: World) -> None:
    await a_user(world, email=EMAIL)

    with pytest.raises(EmailTaken):
        await signed_up(world)

    assert (emails(world), links(world)) == ([], [])


def test_the_token_stays_out_of_the_events_repr() -> None:
    at, someone = datetime(2026, 3, 2, 9, 0, tzinfo=UTC), UUID(int=7)
    event = EmailConfirmationRequested(
        event_id=someone, occurred_at=at, user_id=someone, token="the-raw-token", valid_hours=24
    )

    assert "the-raw-token" not in repr(event)


# -- following the link ----------------------------------------------------------------------


async def test_following_the_link_confirms_the_account(world: World) -> None:
    await signed_up(world)
    world.clock.advance(timedelta(hours=3))

    user = await confirm(world, token_of(emails(world)[0]))

    assert user.email_confirmed_at == world.clock.now()
    assert (await stored(world)).email_confirmed_at == world.clock.now()


async def test_the_link_works_once(world: World) -> None:
    await signed_up(world)
    token = token_of(emails(world)[0])
    await confirm(world, token)

    with pytest.raises(InvalidLink):
        await confirm(world, token)


async def test_the_link_expires_after_24_hours(world: World) -> None:
    await signed_up(world)
    world.clock.advance(timedelta(hours=24))

    with pytest.raises(InvalidLink):
        await confirm(world, token_of(emails(world)[0]))
    assert (await stored(world)).email_confirmed_at is None


async def test_the_link_of_a_deactivated_account_is_refused(world: World) -> None:
    await signed_up(world)
    async with world.uow as uow:
        user = await uow.users.get_by_email(EMAIL)
        assert user is not None
        user.is_active = False
        await uow.commit()

    with pytest.raises(InvalidLink):
        await confirm(world, token_of(emails(world)[0]))


async def test_a_link_confirms_only_the_address_it_was_sent_to(world: World) -> None:
    await signed_up(world)
    async with world.uow as uow:
        user = await uow.users.get_by_email(EMAIL)
        assert user is not None
        user.email = "autre.adresse@example.org"
        await uow.commit()

    with pytest.raises(InvalidLink):
        await confirm(world, token_of(emails(world)[0]))


async def test_a_reset_link_does_not_confirm(world: World) -> None:
    await signed_up(world)
    (link,) = links(world)
    link.purpose = LinkPurpose.PASSWORD_RESET

    with pytest.raises(InvalidLink):
        await confirm(world, token_of(emails(world)[0]))


# -- asking again ---------------------------------------------------------------------------


async def test_asking_again_sends_a_new_link_and_voids_the_older_one(world: World) -> None:
    await signed_up(world)
    world.clock.advance(timedelta(hours=30))

    await resend(world, "  Lea.Martin@Example.org")

    older, newer = emails(world)
    with pytest.raises(InvalidLink):
        await confirm(world, token_of(older))
    assert (await confirm(world, token_of(newer))).email_confirmed_at == world.clock.now()


@pytest.mark.parametrize("who", ["unknown", "confirmed", "inactive"])
async def test_asking_again_sends_nothing_to_who_does_not_wait_for_a_link(world: World, who: str) -> None:
    if who != "unknown":
        await a_user(world, email=EMAIL, confirmed=who == "confirmed", active=who != "inactive")

    await resend(world)

    assert (emails(world), links(world)) == ([], [])
