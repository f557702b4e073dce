"""Reading candidatures: one with its history, or a page of those the caller may read."""

from dataclasses import dataclass
from uuid import UUID

from domain.approvals.approvals import Approval
from domain.candidatures.candidatures import Candidature
from domain.candidatures.listing import CandidatureFilters, Position
from domain.candidatures.policies import ensure_can_read, ensure_read_scope, readers_for
from domain.identity.principal import Principal
from domain.ports.unit_of_work import UnitOfWork

MAX_PAGE = 100


@dataclass(slots=True, frozen=True)
class CandidatureView:
    candidature: Candidature
    approval: Approval | None


@dataclass(slots=True, frozen=True)
class CandidaturePage:
    items: list[CandidatureView]
    next: Position | None


async def get_candidature(*, uow: UnitOfWork, actor: Principal, candidature_id: UUID) -> CandidatureView:
    """A candidature with its history and its PASS IAE.

    - The employers of the company it is sent to, the prescribers of the
      organisation that sent it, the job seeker himself, staff; partner
      applications with ``candidatures:read`` (403 without it). Anyone else: 404.
    """
    async with uow:
        candidature = await ensure_can_read(uow, actor, await uow.candidatures.get(candidature_id))
        return await view_of(uow, candidature)


async def list_candidatures(
    *,
    uow: UnitOfWork,
    actor: Principal,
    filters: CandidatureFilters,
    after: Position | None = None,
    limit: int = 20,
) -> CandidaturePage:
    """The candidatures the caller may read, newest first, filtered by state,
    company or job seeker.

    - An employer sees those sent to the company he acts for; a prescriber
      those sent by anyone of his organisation; a job seeker his own; staff
      all; a partner application those of its tenant, with ``candidatures:read``.
    """
    async with uow:
        ensure_read_scope(actor)
        readers = await readers_for(uow, actor)
        found = await uow.candidatures.page(
            readers=readers, filters=filters, after=after, limit=min(limit, MAX_PAGE) + 1
        )
        items = found[: min(limit, MAX_PAGE)]
        following = Position.of(items[-1]) if len(found) > len(items) else None
        return CandidaturePage([await view_of(uow, c) for c in items], following)


async def view_of(uow: UnitOfWork, candidature: Candidature) -> CandidatureView:
    """A candidature with the PASS IAE of its hire (in an open unit of work)."""
    if candidature.approval_number is None:
        return CandidatureView(candidature, None)
    return CandidatureView(candidature, await uow.approvals.get_by_number(candidature.approval_number))
