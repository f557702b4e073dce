"""Following the links emailed to a person, as he would: read from the SMTP
sink (or, for tests about something else, from the outbox), then sent back
to the API that confirms them."""

import re
from email.message import EmailMessage

import httpx

from api.bootstrap import Container, build_outbox_worker
from api.settings import Settings, load_settings
from domain.notifications.messages import DeliveryState
from tests.conftest import BASE_URL
from tests.integration.smtp_sink import HOST, Inbox

CONFIRMATION_PAGE = "confirmer-mon-email"
RESET_PAGE = "mot-de-passe/nouveau"
CONFIRM = "/api/v1/auth/email-confirmations"


def settings_sending_to(inbox: Inbox, *, database_url: str, data_dir: object) -> Settings:
    """The test settings, with the emails sent over SMTP to ``inbox``."""
    return load_settings(
        database_url=database_url,
        data_dir=data_dir,
        public_url=BASE_URL,
        log_level="INFO",
        smtp_url=f"smtp://{HOST}:{inbox.port}",
        run_worker_in_process=False,
    )


async def deliver(settings: Settings, container: Container) -> None:
    """What the outbox worker would send now."""
    await build_outbox_worker(settings, container).run_until_idle()


def emails_to(inbox: Inbox, address: str) -> list[EmailMessage]:
    return [received.message for received in inbox.messages() if received.recipients == [address]]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def tokens_in(text: str, page: str) -> set[str]:
    """The tokens of the links to ``page`` in an email, which must start at the public URL."""
    return set(re.findall(rf"{re.escape(BASE_URL)}/{re.escape(page)}\?token=([A-Za-z0-9_-]+)", text))


def last_token_to(inbox: Inbox, address: str, page: str) -> str:
    """The token of the last email to ``address`` that links to ``page``."""
    found = [tokens for m in emails_to(inbox, address) if (tokens := tokens_in(text_of(m), page))]
    (token,) = found[-1]
    return token


async def token_in_the_outbox(container: Container, address: str, template: str = "account_confirmation") -> str:
    """The token of the last email of ``template`` waiting for ``address``."""
    uow = container.new_uow()
    async with uow:
        pending = await uow.outbox.in_state(DeliveryState.PENDING, after=None, limit=100)
    tokens = [m.context["token"] for m in pending if m.recipient == address and m.template == template]
    return str(tokens[0])  # newest first


async def confirm_through_the_outbox(client: httpx.AsyncClient, container: Container, address: str) -> None:
    """For tests about something else than signing up: follow the link that waits in the outbox."""
    token = await token_in_the_outbox(container, address)
    response = await client.post(CONFIRM, json={"token": token})
    assert response.status_code == 200, response.text
