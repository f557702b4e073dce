"""Ports to the system around the domain: time, ids, secrets, tokens, locks, mail and file transports."""

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.notifications.delivery import OutgoingEmail, RenderedEmail
from domain.notifications.messages import SentVia
from domain.rate_limits.policy import Window


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...


class IdGenerator(Protocol):
    def new_id(self) -> UUID:
        """A fresh public identifier."""
        ...


class PasswordHasher(Protocol):
    async def hash(self, secret: str) -> str:
        """A salted, slow hash of ``secret`` to store."""
        ...

    async def verify(self, stored_hash: str | None, secret: str) -> bool:
        """Whether ``secret`` matches ``stored_hash``; never raises on a mismatch.

        With no hash (unknown account) it spends the same time and says False,
        so that timing does not tell which accounts exist."""
        ...


@dataclass(slots=True, frozen=True)
class AccessTokenClaims:
    subject: str
    subject_type: str  # "user" or "client"
    scope: str
    expires_at: datetime


class AccessTokens(Protocol):
    ttl_s: int

    def issue(self, *, subject: str, subject_type: str, scope: str) -> str:
        """A signed access token for a user or a partner application."""
        ...

    def verify(self, token: str) -> AccessTokenClaims:
        """Check signature, algorithm, issuer, audience and expiry.

        Raises ``domain.errors.Unauthenticated`` when any check fails."""
        ...

    def jwks(self) -> dict[str, object]:
        """The public keys that verify the tokens, as a JSON Web Key Set."""
        ...


class RunLock(Protocol):
    """Keeps a job from overlapping itself, across processes."""

    def exclusive(self, job: str) -> AbstractAsyncContextManager[None]:
        """Held for the ``async with`` block; raises ``AlreadyRunning`` at once
        when another process holds it for ``job``."""
        ...


class RateLimiter(Protocol):
    """Request counters shared by every worker and host of the API."""

    async def hit(self, window: Window) -> int:
        """Count one request in ``window`` and return the window's count, this
        request included, atomically across workers. A window's counter may be
        forgotten once it has ended. Raises the adapter's ``Unavailable`` when
        the counters cannot be reached."""
        ...

    async def release(self, window: Window) -> None:
        """Give back one count that ``hit`` took in ``window`` and that was not
        used (a reservation), atomically across workers. Raises the adapter's
        ``Unavailable`` when the counters cannot be reached."""
        ...


class EmailRenderer(Protocol):
    def render(self, template: str, context: Mapping[str, Any]) -> RenderedEmail:
        """Subject, plain text and HTML of a template; raises
        ``domain.notifications.delivery.RenderingFailed``."""
        ...


class MailConnection(Protocol):
    async def send(self, email: OutgoingEmail) -> None:
        """Hand one email over; raises ``domain.notifications.delivery.DeliveryFailed``."""
        ...


class Mailer(Protocol):
    via: SentVia

    def connect(self) -> AbstractAsyncContextManager[MailConnection]:
        """A connection for a batch of emails (opened lazily, closed at exit)."""
        ...


class AspTransport(Protocol):
    """The ASP's SFTP server (or a local folder standing for it)."""

    async def upload(self, file_name: str) -> None:
        """Put a written batch file into ``depot/`` (replacing one of that name);
        raises ``adapters.errors.Unavailable``."""
        ...

    async def feedback_files(self) -> list[str]:
        """Names of the ``RIAE_FS_*_FichierRetour.json`` files waiting in ``retrait/``."""
        ...

    async def download(self, file_name: str) -> bytes:
        """The content of a file of ``retrait/``."""
        ...

    async def delete(self, file_name: str) -> None:
        """Remove a file from ``retrait/`` once applied."""
        ...
