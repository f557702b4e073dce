"""Prolongation requests as lists: the inbox of the prescribers who decide
them, the requests of an employer's company, every one for staff."""

from uuid import UUID

from domain.approvals.inbox import InboxEntry, InboxFilters, InboxPage, InboxPosition
from domain.approvals.policies import ApprovalNotFound, audience_of, ensure_can_read
from domain.approvals.prolongations import ProlongationStatus
from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.visibility import ensure_scope
from domain.ports.unit_of_work import UnitOfWork

MAX_PAGE = 100


def inbox_filters_for(actor: Principal, status: ProlongationStatus | None) -> InboxFilters:
    """The requests ``actor`` lists: 403 for a job seeker, or a partner without ``approvals:read``."""
    ensure_scope(actor, Scope.APPROVALS_READ)
    if actor.is_staff:
        return InboxFilters(status=status)
    if actor.company_id is not None:
        return InboxFilters(status=status, company_id=actor.company_id)
    if actor.organisation_id is not None:
        # A partner application decides nothing: it lists what its organisation decides.
        decider = None if actor.is_client else actor.user_id
        return InboxFilters(status=status, organisation_id=actor.organisation_id, decider_id=decider)
    raise Forbidden("Les demandes de prolongation se consultent par les employeurs et les prescripteurs habilités.")


async def list_prolongation_requests(
    *,
    uow: UnitOfWork,
    actor: Principal,
    status: ProlongationStatus | None = None,
    after: InboxPosition | None = None,
    limit: int = 20,
) -> InboxPage:
    """Prolongation requests, newest first, with their state (a request no
    one decided stays ``pending``), filtered by ``status``.

    - A prescriber: those he decides (addressed to him; to nobody, or to a
      colleague who has left his organisation: to every member).
    - An employer: those of the company he acts for, whoever asked.
    - Staff: every one. A partner application (``approvals:read``): those of
      its company, or every one its organisation decides.
    - A job seeker, or a partner without ``approvals:read``: 403.
    """
    filters = inbox_filters_for(actor, status)
    size = min(max(limit, 1), MAX_PAGE)
    async with uow:
        found = await uow.approvals.prolongation_requests(filters=filters, after=after, limit=size + 1)
    items = found[:size]
    return InboxPage(items, items[-1].position if len(found) > size else None)


async def get_prolongation_request(*, uow: UnitOfWork, actor: Principal, prolongation_id: UUID) -> InboxEntry:
    """A prolongation request, with its state and the PASS IAE it would prolong.

    - Whoever may read the PASS IAE (its holder, the employers who hired
      with it, the prescribers of the diagnosing or deciding organisation,
      staff, partners with ``approvals:read``); anyone else: 404.
    """
    async with uow:
        approval = await uow.approvals.get_by_prolongation(prolongation_id)
        prolongation = approval.prolongation(prolongation_id) if approval else None
        if approval is None or prolongation is None:
            raise ApprovalNotFound("Cette demande de prolongation n'existe pas ou ne vous est pas visible.")
        ensure_can_read(actor, approval, await audience_of(uow, approval))
        return InboxEntry(approval.number, approval.job_seeker_id, approval.end_at, prolongation)
