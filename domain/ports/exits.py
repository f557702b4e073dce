"""Ports of the exits area."""

from typing import Protocol
from uuid import UUID

from domain.exits.exits import Exit


class ExitRepository(Protocol):
    async def get(self, candidature_id: UUID) -> Exit | None:
        """The exit of this hire, with its follow-ups and corrections, or None."""
        ...

    async def get_for_update(self, candidature_id: UUID) -> Exit | None:
        """Same, locked until the end of the transaction (PostgreSQL)."""
        ...

    async def add(self, exit: Exit) -> None:
        """Store a new exit; a second exit of one hire raises ``ExitAlreadyRecorded``."""
        ...
