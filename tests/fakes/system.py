"""Fakes of the system ports: a fixed clock, sequential ids, a reversible hasher, mail."""

import itertools
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.notifications.delivery import OutgoingEmail, RenderedEmail, RenderingFailed
from domain.notifications.messages import SentVia
from domain.rate_limits.policy import Window


class FixedClock:
    def __init__(self, at: datetime | None = None) -> None:
        self.at = at or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


class SequentialIds:
    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=next(self._counter))


class FakeHasher:
    """Reversible on purpose: unit tests need no slowness, only the contract."""

    async def hash(self, secret: str) -> str:
        return f"hashed:{secret}"

    async def verify(self, stored_hash: str | None, secret: str) -> bool:
        return stored_hash is not None and stored_hash == f"hashed:{secret}"


class FakeRateLimiter:
    def __init__(self) -> None:
        self.hits: dict[tuple[str, datetime], int] = {}

    async def hit(self, window: Window) -> int:
        counter = (window.key, window.started_at)
        self.hits[counter] = self.hits.get(counter, 0) + 1
        return self.hits[counter]

    async def release(self, window: Window) -> None:
        counter = (window.key, window.started_at)
        self.hits[counter] = max(0, self.hits.get(counter, 0) - 1)


class FakeRenderer:
    """Renders any template as its name and data, and fails on the templates it is told to."""

    def __init__(self) -> None:
        self.broken: set[str] = set()

    def render(self, template: str, context: Mapping[str, Any]) -> RenderedEmail:
        if template in self.broken:
            raise RenderingFailed(f"{template}: missing value")
        return RenderedEmail(subject=f"[{template}]", text=f"{template} {dict(context)}", html=f"<p>{template}</p>")


class FakeMailer:
    """Keeps what it sent; ``failures`` lists, per recipient, the errors to
    raise on the next sends before accepting one."""

    via = SentVia.SMTP

    def __init__(self) -> None:
        self.sent: list[OutgoingEmail] = []
        self.failures: dict[str, list[Exception]] = {}
        self.on_send: Callable[[OutgoingEmail], None] | None = None

    @asynccontextmanager
    async def connect(self) -> AsyncIterator["FakeMailer"]:
        yield self

    async def send(self, email: OutgoingEmail) -> None:
        if self.on_send is not None:
            self.on_send(email)
        pending = self.failures.get(email.recipient)
        if pending:
            raise pending.pop(0)
        self.sent.append(email)
