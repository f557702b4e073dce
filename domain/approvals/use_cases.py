"""Reading a PASS IAE, suspending it, asking for and deciding prolongations."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from uuid import UUID

from domain.approvals.approvals import Approval
from domain.approvals.attestations import Attestation, IssuingCompany
from domain.approvals.policies import (
    ApprovalNotFound,
    audience_of,
    employer_acting_on,
    ensure_can_decide,
    ensure_can_read,
    readable_approval,
)
from domain.approvals.prolongation_deciders import addressed_prescriber, assignee_present
from domain.approvals.prolongation_denials import Denial
from domain.approvals.prolongations import RULES, ProlongationAsk
from domain.approvals.suspensions import SuspensionRequest
from domain.employee_records.pass_changes import notify_pass_change
from domain.errors import FieldError, RuleViolation
from domain.identity.principal import Principal
from domain.job_seekers.ages import age_on, paris_day
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


class PrescriberNotHabilitated(RuleViolation):
    code = "prescriber-not-habilitated"
    title = "Organisation prescriptrice non habilitée"


@dataclass(slots=True, frozen=True)
class ApprovalView:
    """A PASS IAE and the day its status and remaining days are told for."""

    approval: Approval
    today: date


async def get_approval(*, uow: UnitOfWork, actor: Principal, clock: Clock, number: str) -> ApprovalView:
    """A PASS IAE, its status and remaining days today, its suspensions and
    prolongation requests.

    - Its holder; employers who hired with it; members of the prescriber
      organisation whose diagnosis justified it (or named to decide a
      prolongation); staff; partners with ``approvals:read`` bound to such a
      tenant. Others get 404.
    - A cancelled PASS IAE (its hire was cancelled) is shown with the status
      ``cancelled`` and no remaining days.
    """
    async with uow:
        return ApprovalView(await readable_approval(uow, actor, number), paris_day(clock.now()))


async def approval_attestation(*, uow: UnitOfWork, actor: Principal, clock: Clock, number: str) -> Attestation:
    """What the printable attestation of a PASS IAE states today (Europe/Paris):
    its holder (names, birthdate), number, validity, status and the company
    that issued it.

    - The readers of the PASS IAE (see reading a PASS IAE); anyone else: 404.
    """
    async with uow:
        approval = await readable_approval(uow, actor, number)
        job_seeker = await uow.job_seekers.get(approval.job_seeker_id)
        company = await uow.companies.get(approval.issued_by_company_id)
        assert job_seeker is not None and company is not None  # foreign keys
        today = paris_day(clock.now())
        return Attestation(
            number=approval.number,
            number_display=approval.number_display,
            holder_first_name=job_seeker.first_name,
            holder_last_name=job_seeker.last_name,
            holder_birthdate=job_seeker.birthdate,
            start_at=approval.start_at,
            end_at=approval.end_at,
            status=approval.status_on(today),
            remaining_days=approval.remaining_days_on(today),
            company=IssuingCompany(
                company.name, company.siret, company.address_line, company.postal_code, company.city
            ),
            issued_on=today,
        )


async def suspend_approval(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, number: str, request: SuspensionRequest
) -> ApprovalView:
    """Suspend a PASS IAE: its end date moves later by the suspended days.

    - A person acting for a company that employs the holder with it (403;
      404 for who may not read it).
    - Reasons of DOMAIN.md, ``contrat_passerelle`` for EI and ACI only; at
      most 36 months; starting at most 365 days ago, within the PASS validity
      (422 naming the rule); never overlapping another suspension (409
      ``suspension-overlap``).
    """
    async with uow:
        approval = await readable_approval(uow, actor, number)
        now = clock.now()
        approval.suspend(
            ids=ids, request=request, employer=employer_acting_on(actor, approval), today=paris_day(now), at=now
        )
        await notify_pass_change(uow, approval, ids=ids, at=now)
        await uow.commit()
        return ApprovalView(approval, paris_day(now))


async def request_prolongation(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    number: str,
    ask: ProlongationAsk,
    prescriber_email: str | None = None,
) -> ApprovalView:
    """Ask for a prolongation from the day after the PASS IAE's end to ``end_at``.

    - A person acting for a company that employs the holder with it (403;
      404 for who may not read it).
    - ``senior_cdi`` and ``complete_training`` are granted at once; the other
      reasons name the habilitated prescriber organisation that decides (422).
    - ``prescriber_email`` addresses the request to one habilitated prescriber
      (of that organisation; his only one when none is named, 422 when he has
      several): he alone decides it, and gets its emails, while he is a
      member; without it, every member of the organisation does.
    - Limits per request and in all per reason (422 / 409
      ``prolongation-cumulative-limit``); ``particular_difficulties`` for AI
      and ACI only; age reasons checked against a known birthdate; one pending
      request at a time (409 ``prolongation-pending``).
    """
    async with uow:
        approval = await readable_approval(uow, actor, number)
        employer = employer_acting_on(actor, approval)
        if not RULES[ask.reason].granted_on_request:
            if prescriber_email is not None:
                user_id, organisation_id = await addressed_prescriber(
                    uow, email=prescriber_email, organisation_id=ask.prescriber_organisation_id
                )
                ask = replace(ask, prescriber_organisation_id=organisation_id, assigned_to_user_id=user_id)
            await _ensure_habilitated(uow, ask.prescriber_organisation_id)
        job_seeker = await uow.job_seekers.get(approval.job_seeker_id)
        start_at = approval.end_at + timedelta(days=1)
        age = age_on(job_seeker.birthdate, start_at) if job_seeker and job_seeker.birthdate else None
        now = clock.now()
        approval.request_prolongation(ids=ids, ask=ask, employer=employer, age=age, at=now)
        await notify_pass_change(uow, approval, ids=ids, at=now)
        await record_notifications(uow, approval.events)
        await uow.commit()
        return ApprovalView(approval, paris_day(now))


async def grant_prolongation(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, prolongation_id: UUID
) -> ApprovalView:
    """Grant a pending prolongation request: the PASS IAE now ends when it does.

    - Members of the habilitated prescriber organisation the request names;
      only the prescriber it is addressed to while he is one of them (403;
      404 for who may not read the PASS IAE); only a pending request (409
      ``prolongation-already-decided``).
    - The employer who asked is told by email.
    """
    async with uow:
        approval = await _with_prolongation(uow, actor, prolongation_id)
        now = clock.now()
        approval.grant_prolongation(ids=ids, prolongation_id=prolongation_id, by_user_id=actor.user_id, at=now)
        await notify_pass_change(uow, approval, ids=ids, at=now)
        await record_notifications(uow, approval.events)
        await uow.commit()
        return ApprovalView(approval, paris_day(now))


async def deny_prolongation(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, prolongation_id: UUID, denial: Denial
) -> ApprovalView:
    """Deny a pending prolongation request, with a reason code, an
    explanation and the next steps proposed, which the employer reads in an email.

    - Same deciders and refusals as granting.
    - Reason ``iae`` (the IAE no longer fits the person) needs at least one
      proposed action; proposed actions need a word on them (422
      ``prolongation-denial-actions-required``).
    """
    async with uow:
        approval = await _with_prolongation(uow, actor, prolongation_id)
        now = clock.now()
        approval.deny_prolongation(
            ids=ids, prolongation_id=prolongation_id, denial=denial, by_user_id=actor.user_id, at=now
        )
        await record_notifications(uow, approval.events)
        await uow.commit()
        return ApprovalView(approval, paris_day(now))


async def _with_prolongation(uow: UnitOfWork, actor: Principal, prolongation_id: UUID) -> Approval:
    approval = await uow.approvals.get_by_prolongation(prolongation_id)
    prolongation = approval.prolongation(prolongation_id) if approval else None
    if approval is None or prolongation is None:
        raise ApprovalNotFound("Cette demande de prolongation n'existe pas ou ne vous est pas visible.")
    ensure_can_read(actor, approval, await audience_of(uow, approval))
    ensure_can_decide(actor, prolongation, assignee_present=await assignee_present(uow, prolongation))
    return approval


async def _ensure_habilitated(uow: UnitOfWork, organisation_id: UUID | None) -> None:
    if organisation_id is None:
        return  # the aggregate names the missing field
    organisation = await uow.organisations.get(organisation_id)
    if organisation is None or not organisation.is_habilitated:
        raise PrescriberNotHabilitated(
            "L'organisation désignée n'existe pas ou n'est pas un prescripteur habilité.",
            errors=[FieldError("/prescriber_organisation_id", "not a habilitated prescriber organisation")],
        )
