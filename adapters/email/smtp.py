"""Sending through an SMTP server with aiosmtplib (``TREMPLIN_SMTP_URL``).

``smtp://host:port`` uses STARTTLS when the server offers it; ``smtps://``
connects over TLS; ``user:password@`` in either logs in."""

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from urllib.parse import unquote, urlsplit

import aiosmtplib

from domain.notifications.delivery import DeliveryFailed, OutgoingEmail, message_id_for
from domain.notifications.messages import SentVia


@dataclass(frozen=True, slots=True)
class SmtpEndpoint:
    hostname: str
    port: int
    use_tls: bool
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpEndpoint:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("use smtp://host:port or smtps://user:password@host:port")
    use_tls = parts.scheme == "smtps"
    return SmtpEndpoint(
        hostname=parts.hostname,
        port=parts.port or (465 if use_tls else 25),
        use_tls=use_tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def build_message(email: OutgoingEmail, *, sender: str) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML preferred."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "tremplin.localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id_for(email.idempotency_key, domain)
    # RFC 3834: an automatic message; well-behaved servers send no vacation replies.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    return message


class SmtpMailer:
    via = SentVia.SMTP

    def __init__(
        self, endpoint: SmtpEndpoint, *, sender: str, timeout_s: float = 30, tls_context: ssl.SSLContext | None = None
    ) -> None:
        self.endpoint = endpoint
        self.sender = sender
        self.timeout_s = timeout_s
        self.tls_context = tls_context

    @asynccontextmanager
    async def connect(self) -> AsyncIterator["SmtpConnection"]:
        connection = SmtpConnection(self)
        try:
            yield connection
        finally:
            await connection.close()

    def client(self) -> aiosmtplib.SMTP:
        return aiosmtplib.SMTP(
            hostname=self.endpoint.hostname,
            port=self.endpoint.port,
            username=self.endpoint.username,
            password=self.endpoint.password,
            use_tls=self.endpoint.use_tls,
            timeout=self.timeout_s,
            tls_context=self.tls_context,
        )


class SmtpConnection:
    """One SMTP session for a batch, opened at the first send and opened
    again after the server dropped it."""

    def __init__(self, mailer: SmtpMailer) -> None:
        self._mailer = mailer
        self._client: aiosmtplib.SMTP | None = None

    async def send(self, email: OutgoingEmail) -> None:
        message = build_message(email, sender=self._mailer.sender)
        try:
            client = await self._connected()
            await client.send_message(message)
        except (aiosmtplib.SMTPRecipientsRefused, aiosmtplib.SMTPDataError) as error:
            raise DeliveryFailed(_describe(error), permanent=_refused_for_good(error)) from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            await self.close()
            raise DeliveryFailed(_describe(error)) from None

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and client.is_connected:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()

    async def _connected(self) -> aiosmtplib.SMTP:
        if self._client is None or not self._client.is_connected:
            self._client = self._mailer.client()
            await self._client.connect()
        return self._client


def _refused_for_good(error: aiosmtplib.SMTPException) -> bool:
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return all(refused.code >= 500 for refused in error.recipients)
    return isinstance(error, aiosmtplib.SMTPResponseException) and error.code >= 500


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
