"""A real SMTP server (aiosmtpd) on loopback that keeps what it receives,
optionally with STARTTLS, implicit TLS and login, and a certificate of its own."""

import datetime
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "127.0.0.1"
USERNAME, PASSWORD = "tremplin", "s3cret-smtp"


@dataclass
class Received:
    mail_from: str
    recipients: list[str]
    message: EmailMessage
    authenticated: bool


@dataclass
class Inbox:
    """What the server accepted; ``refuse`` lists addresses answered 550."""

    port: int = 0
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.inbox.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self.inbox.lock:
            self.inbox.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), message, bool(session.authenticated))
            )
        return "250 Message accepted for delivery"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USERNAME.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


def a_free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Certificate:
    cert_file: Path
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert_file))


def a_self_signed_certificate(directory: Path) -> Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return Certificate(cert_file, key_file)


@contextmanager
def an_smtp_server(
    *, starttls: Certificate | None = None, implicit_tls: Certificate | None = None, login: bool = False
) -> Iterator[Inbox]:
    """A server on a free loopback port; with ``login``, AUTH is required."""
    inbox = Inbox(port=a_free_port())
    options: dict[str, Any] = {}
    if starttls is not None:
        options.update(tls_context=starttls.server_context(), require_starttls=True)
    if implicit_tls is not None:
        options.update(ssl_context=implicit_tls.server_context())
    if login:
        options.update(authenticator=_authenticator, auth_required=True, auth_require_tls=starttls is not None)
    controller = Controller(_Handler(inbox), hostname=HOST, port=inbox.port, **options)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
