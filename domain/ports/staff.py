"""Ports of staff's queue: what waits for a decision, and the decisions taken."""

from collections.abc import Collection
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.identity.staff_decisions import DecisionKind, StaffDecision
from domain.staff.items import WaitingItem


class StaffDecisionRepository(Protocol):
    async def add(self, decision: StaffDecision) -> None:
        """Record a decision."""
        ...

    async def history(
        self, *, kinds: Collection[DecisionKind], before: tuple[datetime, UUID] | None, limit: int
    ) -> list[StaffDecision]:
        """Decisions of these kinds, newest first (then by id), strictly before ``before``."""
        ...


class StaffQueue(Protocol):
    async def waiting(
        self, *, kinds: Collection[DecisionKind], after: tuple[datetime, UUID] | None, limit: int
    ) -> list[WaitingItem]:
        """What waits for staff, oldest first (then by id), strictly after ``after``:

        - ``habilitation``: each organisation whose habilitation is ``pending``,
          since its creation, with its first member as the person (its creator);
        - ``first_member``: each ``pending`` membership of a company or
          organisation without any active member, since the request;
        - ``join_request``: each ``pending`` membership of a structure that has
          active members but no active admin, since the request.
        """
        ...
