"""The candidatures a caller may read as the pages show them: a list with the
names that make it readable and the count per state, or one candidature
with its people, its history and what the caller may do with it now."""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.candidatures.candidatures import NOT_OFFERED_TO_GEIQ, Candidature, HistoryEntry, RefusalReason
from domain.candidatures.listing import CandidatureFilters, Position
from domain.candidatures.policies import ensure_can_read, ensure_read_scope, readers_for
from domain.candidatures.reading import MAX_PAGE, CandidatureView, view_of
from domain.candidatures.state_machine import CandidatureState, Transition, allowed_transitions
from domain.companies.companies import Company, CompanyKind
from domain.companies.job_postings import JobPosting
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from domain.job_seekers.job_seekers import JobSeekerCard
from domain.job_seekers.visibility import may_read_nir
from domain.ports.unit_of_work import UnitOfWork


@dataclass(slots=True, frozen=True)
class InboxLine:
    candidature: Candidature
    job_seeker_name: str
    company_name: str
    postings: list[JobPosting]


@dataclass(slots=True, frozen=True)
class Inbox:
    lines: list[InboxLine]
    counts: dict[CandidatureState, int]  # per state, under every filter but the state
    next: Position | None
    postings: list[JobPosting] = field(default_factory=list)  # of the company the caller acts for


@dataclass(slots=True, frozen=True)
class HistoryLine:
    transition: Transition
    from_state: CandidatureState
    to_state: CandidatureState
    actor_name: str | None  # None: the system
    at: datetime


@dataclass(slots=True, frozen=True)
class CandidatureSheet:
    view: CandidatureView
    job_seeker: JobSeekerCard
    company: Company
    postings: list[JobPosting]
    sender_name: str
    sender_structure: str | None
    history: list[HistoryLine]
    answerable: list[Transition]  # what the caller may do now; empty unless he answers it
    refusal_reasons: list[RefusalReason]
    transfer_targets: list[Company]
    # The job seeker is told a refusal kindly, without its internal reason
    # (DOMAIN.md, notifications); the employers and the prescribers see it.
    shows_refusal_reason: bool = True


async def candidature_inbox(
    *, uow: UnitOfWork, actor: Principal, filters: CandidatureFilters, after: Position | None = None, limit: int = 20
) -> Inbox:
    """The candidatures the caller may read (as ``list_candidatures``), with
    the job seeker's name and the postings' titles, and how many there are
    per state under the other filters. An employer also gets his company's
    postings, to filter by."""
    limit = min(limit, MAX_PAGE)
    async with uow:
        ensure_read_scope(actor)
        readers = await readers_for(uow, actor)
        found = await uow.candidatures.page(readers=readers, filters=filters, after=after, limit=limit + 1)
        items = found[:limit]
        without_state = dataclasses.replace(filters, state=None)
        counts = await uow.candidatures.count_by_state(readers=readers, filters=without_state)
        postings = list(await uow.job_postings.for_company(actor.company_id)) if actor.company_id else []
        lines = [await _line(uow, c) for c in items]
        following = Position.of(items[-1]) if len(found) > len(items) else None
        return Inbox(lines, counts, following, postings)


async def candidature_sheet(*, uow: UnitOfWork, actor: Principal, candidature_id: UUID) -> CandidatureSheet:
    """A candidature with its job seeker, sender, company, postings and
    history (who did what), and the answers the caller may give now.

    - Readable by whoever may read the candidature (404 for anyone else).
    - The answers are the employer's transitions allowed from its state, for a
      member of its company acting for it; GEIQ are not offered the refusal
      reasons about IAE eligibility; a transfer goes to another company the
      caller is an active member of.
    """
    async with uow:
        candidature = await ensure_can_read(uow, actor, await uow.candidatures.get(candidature_id))
        company = await uow.companies.get(candidature.company_id)
        job_seeker = await uow.job_seekers.get(candidature.job_seeker_id)
        assert company is not None and job_seeker is not None  # foreign keys
        links = await uow.job_seekers.links(job_seeker.id)
        answers = _answers(actor, candidature)
        sender_name, sender_structure = await _sender(uow, candidature)
        return CandidatureSheet(
            view=await view_of(uow, candidature),
            job_seeker=JobSeekerCard(job_seeker, nir_in_clear=may_read_nir(actor, job_seeker, links)),
            company=company,
            postings=await _postings(uow, candidature.job_posting_ids),
            sender_name=sender_name,
            sender_structure=sender_structure,
            history=[await _history_line(uow, entry) for entry in candidature.history],
            answerable=answers,
            refusal_reasons=_reasons(company.kind) if Transition.REFUSE in answers else [],
            transfer_targets=await _transfer_targets(uow, actor, company.id) if Transition.TRANSFER in answers else [],
            shows_refusal_reason=actor.kind is not UserKind.JOB_SEEKER,
        )


async def _line(uow: UnitOfWork, candidature: Candidature) -> InboxLine:
    job_seeker = await uow.job_seekers.get(candidature.job_seeker_id)
    company = await uow.companies.get(candidature.company_id)
    postings = await _postings(uow, candidature.job_posting_ids)
    return InboxLine(
        candidature=candidature,
        job_seeker_name=f"{job_seeker.first_name} {job_seeker.last_name}" if job_seeker else "",
        company_name=company.name if company else "",
        postings=postings,
    )


async def _postings(uow: UnitOfWork, ids: Iterable[UUID]) -> list[JobPosting]:
    return [posting for posting_id in ids if (posting := await uow.job_postings.get(posting_id)) is not None]


def _answers(actor: Principal, candidature: Candidature) -> list[Transition]:
    if not actor.acts_for(Tenant(TenantKind.COMPANY, candidature.company_id)):
        return []
    if not actor.has_scope(Scope.CANDIDATURES_WRITE):
        return []
    return allowed_transitions(candidature.state)


def _reasons(kind: CompanyKind) -> list[RefusalReason]:
    return [r for r in RefusalReason if not (kind is CompanyKind.GEIQ and r in NOT_OFFERED_TO_GEIQ)]


async def _sender(uow: UnitOfWork, candidature: Candidature) -> tuple[str, str | None]:
    name = await _actor_name(uow, candidature.sender_id) or "Inconnu"
    if candidature.sender_organisation_id is not None:
        organisation = await uow.organisations.get(candidature.sender_organisation_id)
        return name, organisation.name if organisation else None
    if candidature.sender_company_id is not None:
        company = await uow.companies.get(candidature.sender_company_id)
        return name, company.name if company else None
    return name, None


async def _actor_name(uow: UnitOfWork, actor_id: UUID | None) -> str | None:
    if actor_id is None:
        return None
    user = await uow.users.get(actor_id)
    if user is not None:
        return user.full_name
    client = await uow.clients.get(actor_id)
    return client.name if client else None


async def _history_line(uow: UnitOfWork, entry: HistoryEntry) -> HistoryLine:
    return HistoryLine(
        transition=entry.transition,
        from_state=entry.from_state,
        to_state=entry.to_state,
        actor_name=await _actor_name(uow, entry.actor_id),
        at=entry.at,
    )


async def _transfer_targets(uow: UnitOfWork, actor: Principal, company_id: UUID) -> list[Company]:
    if actor.user_id is None:
        return []
    targets = []
    for membership in await uow.memberships.for_user(actor.user_id):
        if membership.is_active and membership.tenant.kind is TenantKind.COMPANY and membership.tenant.id != company_id:
            company = await uow.companies.get(membership.tenant.id)
            if company is not None:
                targets.append(company)
    return targets
