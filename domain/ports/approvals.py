"""Ports of the approvals area."""

from datetime import date
from typing import Protocol
from uuid import UUID

from domain.approvals.approvals import Approval
from domain.approvals.attestations import Attestation
from domain.approvals.inbox import InboxEntry, InboxFilters, InboxPosition


class ApprovalRepository(Protocol):
    async def get_by_number(self, number: str) -> Approval | None:
        """The PASS IAE with this number (12 characters, no spaces), cancelled or not, or None."""
        ...

    async def get_by_prolongation(self, prolongation_id: UUID) -> Approval | None:
        """The PASS IAE a prolongation request belongs to, or None."""
        ...

    async def for_job_seeker(self, job_seeker_id: UUID) -> list[Approval]:
        """Every PASS IAE of a person, cancelled ones included, newest first."""
        ...

    async def prolongation_requests(
        self, *, filters: InboxFilters, after: InboxPosition | None, limit: int
    ) -> list[InboxEntry]:
        """At most ``limit`` prolongation requests matching ``filters``, newest
        first (by request instant, then id, descending), strictly after
        ``after``; read only (changing one goes through ``get_by_prolongation``)."""
        ...

    async def add(self, approval: Approval) -> None:
        """Store a new PASS IAE; a number already taken, or a second PASS of
        the same rank for one person (two issued at once), raises ``Conflict``.
        A PASS changed by another transaction since it was read raises
        ``Conflict`` at commit."""
        ...


class PassNumberCounter(Protocol):
    async def next_sequence(self, prefix: str) -> int:
        """The next PASS IAE sequence of ``prefix`` (1 first), one more than the
        last one handed out: held until the transaction ends, so concurrent
        hires wait for each other and never get the same number."""
        ...


class ApprovalCalendar(Protocol):
    """Read side: which PASS IAE end when."""

    async def numbers_ending_between(self, first: date, last: date) -> list[str]:
        """Numbers of the PASS IAE, cancelled ones left out, ending from ``first`` to ``last`` included."""
        ...


class AttestationRenderer(Protocol):
    def render(self, attestation: Attestation) -> bytes:
        """The printable attestation, as a PDF document."""
        ...
