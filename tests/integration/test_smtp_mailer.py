"""Emails reach a real SMTP server (aiosmtpd on loopback) as people will read them."""

from collections.abc import Iterator

import pytest

from adapters.email.rendering import JinjaEmailRenderer
from adapters.email.smtp import SmtpEndpoint, SmtpMailer, parse_smtp_url
from api.bootstrap import Container
from domain.identity.memberships import MembershipRole
from domain.identity.principal import Principal
from domain.identity.users import UserKind
from domain.notifications.delivery import DeliveryFailed, OutgoingEmail, message_id_for
from domain.notifications.dispatch import Dispatch, dispatch_due
from domain.notifications.messages import DeliveryState, SentVia
from domain.prescribers.organisations import Habilitation, OrganisationKind
from domain.prescribers.use_cases import decide_habilitation
from tests.builders.identity import a_user
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.integration.smtp_sink import (
    HOST,
    PASSWORD,
    USERNAME,
    Certificate,
    Inbox,
    a_free_port,
    a_self_signed_certificate,
    an_smtp_server,
)

SENDER = "Tremplin <noreply@tremplin.test>"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with an_smtp_server() as server:
        yield server


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return a_self_signed_certificate(tmp_path_factory.mktemp("tls"))


def a_mailer(port: int, **endpoint: object) -> SmtpMailer:
    return SmtpMailer(SmtpEndpoint(hostname=HOST, port=port, use_tls=False, **endpoint), sender=SENDER, timeout_s=5)  # type: ignore[arg-type]


def an_email(recipient: str = "ada@example.org") -> OutgoingEmail:
    return OutgoingEmail(
        recipient=recipient,
        subject="Habilitation accordée à CHRS Soleil",
        text="Bonjour,\n\nVotre organisation est habilitée.\n",
        html="<p>Bonjour,</p><p>Votre organisation est <strong>habilitée</strong>.</p>",
        idempotency_key="event:ada@example.org",
        template="habilitation_decided",
    )


async def send(mailer: SmtpMailer, email: OutgoingEmail) -> None:
    async with mailer.connect() as connection:
        await connection.send(email)


async def test_a_decided_habilitation_reaches_the_admins_inbox_in_french_with_both_parts(
    container: Container, inbox: Inbox
) -> None:
    organisation = await an_organisation(container, kind=OrganisationKind.CHRS)
    admin = await a_user(
        container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(organisation), role=MembershipRole.ADMIN
    )
    # A staff account of the database: every decision records who took it.
    staff = await a_user(container, kind=UserKind.STAFF)
    await decide_habilitation(
        uow=container.new_uow(),
        actor=Principal(kind=UserKind.STAFF, user_id=staff.id),
        clock=container.clock,
        ids=container.ids,
        organisation_id=organisation.id,
        decision=Habilitation.VALIDATED,
    )
    dispatch = Dispatch(
        new_uow=container.new_uow,
        mailer=a_mailer(inbox.port),
        renderer=JinjaEmailRenderer(public_url="https://tremplin.test"),
        clock=container.clock,
        ids=container.ids,
        jitter=lambda: 0.5,
    )

    report = await dispatch_due(dispatch)

    assert report.sent == 1
    (received,) = inbox.messages()
    message = received.message
    assert (received.recipients, message["To"], message["From"]) == ([admin.email], admin.email, SENDER)
    assert message["Subject"] == f"Habilitation accordée à {organisation.name}"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Bonjour Camille," in text and "a validé l'habilitation de votre organisation" in text
    assert f"<strong>{organisation.name}</strong>" in html and '<html lang="fr">' in html
    assert not any(markup in part for part in (text, html, message["Subject"]) for markup in ("{{", "{%", "}}"))
    uow = container.new_uow()
    async with uow:
        (sent,) = await uow.outbox.in_state(DeliveryState.SENT, after=None, limit=5)
    assert message["Message-ID"] == message_id_for(sent.idempotency_key, "tremplin.test")
    assert sent.sent_via is SentVia.SMTP


async def test_the_message_is_marked_as_automatic(inbox: Inbox) -> None:
    await send(a_mailer(inbox.port), an_email())

    assert inbox.messages()[0].message["Auto-Submitted"] == "auto-generated"


async def test_one_connection_carries_a_whole_batch(inbox: Inbox) -> None:
    async with a_mailer(inbox.port).connect() as connection:
        for recipient in ("ada@example.org", "bea@example.org", "cid@example.org"):
            await connection.send(an_email(recipient))

    assert [r.recipients for r in inbox.messages()] == [["ada@example.org"], ["bea@example.org"], ["cid@example.org"]]


async def test_starttls_and_login_are_used_when_the_url_gives_them(certificate: Certificate) -> None:
    with an_smtp_server(starttls=certificate, login=True) as server:
        endpoint = parse_smtp_url(f"smtp://{USERNAME}:{PASSWORD}@{HOST}:{server.port}")
        mailer = SmtpMailer(endpoint, sender=SENDER, timeout_s=5, tls_context=certificate.client_context())

        await send(mailer, an_email())

    (received,) = server.messages()
    assert received.authenticated


async def test_smtps_connects_over_tls(certificate: Certificate) -> None:
    with an_smtp_server(implicit_tls=certificate) as server:
        endpoint = parse_smtp_url(f"smtps://{HOST}:{server.port}")
        mailer = SmtpMailer(endpoint, sender=SENDER, timeout_s=5, tls_context=certificate.client_context())

        await send(mailer, an_email())

    assert len(server.messages()) == 1


async def test_a_wrong_password_is_a_failure_to_retry(certificate: Certificate) -> None:
    with an_smtp_server(starttls=certificate, login=True) as server:
        endpoint = parse_smtp_url(f"smtp://{USERNAME}:wrong@{HOST}:{server.port}")
        mailer = SmtpMailer(endpoint, sender=SENDER, timeout_s=5, tls_context=certificate.client_context())

        with pytest.raises(DeliveryFailed) as failure:
            await send(mailer, an_email())

    assert failure.value.permanent is False


async def test_a_refused_recipient_is_a_permanent_failure(inbox: Inbox) -> None:
    inbox.refuse.add("gone@example.org")

    with pytest.raises(DeliveryFailed) as failure:
        await send(a_mailer(inbox.port), an_email("gone@example.org"))

    assert failure.value.permanent is True
    assert "550" in failure.value.reason


async def test_an_unreachable_server_is_a_failure_to_retry() -> None:
    with pytest.raises(DeliveryFailed) as failure:
        await send(a_mailer(a_free_port()), an_email())

    assert failure.value.permanent is False


async def test_the_connection_is_opened_again_after_a_failure(inbox: Inbox) -> None:
    inbox.refuse.add("gone@example.org")
    async with a_mailer(inbox.port).connect() as connection:
        with pytest.raises(DeliveryFailed):
            await connection.send(an_email("gone@example.org"))
        await connection.send(an_email("ada@example.org"))

    assert [r.recipients for r in inbox.messages()] == [["ada@example.org"]]


def test_an_smtp_url_gives_host_port_and_credentials() -> None:
    assert parse_smtp_url("smtps://user%40corp:p%3Ass@mail.example.org:2465") == SmtpEndpoint(
        hostname="mail.example.org", port=2465, use_tls=True, username="user@corp", password="p:ss"
    )


def test_an_smtp_url_without_port_uses_the_scheme_default() -> None:
    assert (parse_smtp_url("smtp://mail.example.org").port, parse_smtp_url("smtps://mail.example.org").port) == (
        25,
        465,
    )


def test_an_smtp_url_of_another_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="smtp://"):
        parse_smtp_url("http://mail.example.org")
