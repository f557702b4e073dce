from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog

from domain.notifications.delivery import OutgoingEmail, message_id_for
from domain.notifications.messages import SentVia


class ConsoleMailer:
    """Without ``TREMPLIN_SMTP_URL``: each email is logged as "would send",
    naming its template and its Message-ID, never the address nor the text
    (they hold personal data), nor a hash of the address, which anyone who
    knows the address could match."""

    via = SentVia.CONSOLE

    def __init__(self) -> None:
        self.log = structlog.get_logger("tremplin.email")

    @asynccontextmanager
    async def connect(self) -> AsyncIterator["ConsoleMailer"]:
        yield self

    async def send(self, email: OutgoingEmail) -> None:
        self.log.info(
            "email_would_send",
            template=email.template,
            message_id=message_id_for(email.idempotency_key, "tremplin.localhost"),
        )
