"""Hiring: accepting a candidature (with its PASS IAE) and cancelling a hire."""

from uuid import UUID

from domain.approvals.business_dates import paris_date
from domain.approvals.eligibility_for_hire import HireApproval, approval_for_hire, release_hire
from domain.candidatures.answers import stamp_of
from domain.candidatures.candidatures import Candidature, HireApprovalSummary, Hiring, Stamp, check_hiring_dates
from domain.candidatures.hiring_window import check_hiring_window
from domain.candidatures.policies import ensure_can_answer
from domain.candidatures.reading import CandidatureView, view_of
from domain.candidatures.state_machine import CandidatureState, Transition, target_state
from domain.companies.companies import Company
from domain.employee_records.opening import RecordAlreadySent, open_employee_record, withdraw_records_of_hire
from domain.employee_records.pass_changes import notify_pass_change
from domain.identity.principal import Principal
from domain.job_seekers.ages import paris_day
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork


async def accept_candidature(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    candidature_id: UUID,
    hiring: Hiring,
    message: str,
    pass_prefix: str,
) -> CandidatureView:
    """Hire the job seeker: the candidature becomes ``accepted``.

    - Members of the company it is sent to, acting for it (403 / 404); from a
      state the table does not allow: 409 ``invalid-transition``.
    - ``hiring_start_at`` is today or later, at most 6 months ahead (a GEIQ
      may declare a contract already begun): 422 ``hiring-start-in-the-past``
      / ``hiring-start-too-far-ahead``.
    - ``hiring_end_at`` is required for fixed-term contracts of the selected
      postings and may not precede ``hiring_start_at`` (422).
    - In an SIAE (EI, AI, ACI, ETTI, EITI) the hire needs a PASS IAE: a valid
      one is reused, or a valid eligibility diagnosis issues a new one (409
      ``eligibility-required`` / ``waiting-period`` otherwise); the
      candidature records the diagnosis and the PASS IAE number.
    - The job seeker's other pending candidatures become ``obsolete``.
    - A hire with a PASS IAE in an SIAE opens its employee record (``new``).
    """
    async with uow:
        candidature = await ensure_can_answer(uow, actor, await uow.candidatures.get_for_update(candidature_id))
        target_state(candidature.state, Transition.ACCEPT)
        company = await uow.companies.get(candidature.company_id)
        assert company is not None  # foreign key
        check_hiring_window(hiring, company_kind=company.kind, today=paris_date(clock.now()))
        postings = [await uow.job_postings.get(posting_id) for posting_id in candidature.job_posting_ids]
        check_hiring_dates(hiring, {posting.contract_type for posting in postings if posting is not None})
        # Locked before the PASS IAE number: the counter stays locked until the
        # commit and holds up every other acceptance, so as little as possible
        # happens after it.
        others = [
            o for o in await uow.candidatures.pending_of_job_seeker(candidature.job_seeker_id) if o.id != candidature.id
        ]
        hire = await _approval_for(uow, candidature, company, hiring, prefix=pass_prefix, ids=ids, clock=clock)
        candidature.accept(
            hiring=hiring,
            message=message,
            eligibility_diagnosis_id=hire.diagnosis_id,
            approval=_summary(hire),
            stamp=stamp_of(actor, clock, ids),
        )
        for other in others:
            other.render_obsolete(by_candidature_id=candidature.id, stamp=_system(clock, ids))
        if hire.approval is not None:
            await open_employee_record(uow, candidature=candidature, approval=hire.approval, ids=ids, at=clock.now())
        await record_notifications(uow, candidature.events)
        await uow.commit()
        return CandidatureView(candidature, hire.approval)


async def cancel_hire(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, candidature_id: UUID
) -> CandidatureView:
    """Cancel a hire: the candidature becomes ``cancelled``.

    - Members of the company it is sent to, acting for it (403 / 404); only an
      ``accepted`` candidature (409 ``invalid-transition``).
    - Not once its employee record may have reached the ASP (409
      ``employee-record-sent``); a record not sent yet is archived.
    - The PASS IAE loses this hire; one that this hire issued and no other hire
      uses is cancelled (kept for history, its number never reused).
    - The candidatures this hire made obsolete are ``new`` again, unless the job
      seeker has since sent another one to the same company.
    """
    async with uow:
        candidature = await ensure_can_answer(uow, actor, await uow.candidatures.get_for_update(candidature_id))
        target_state(candidature.state, Transition.CANCEL)
        now = clock.now()
        await withdraw_records_of_hire(uow, candidature_id=candidature.id, at=now)
        if candidature.approval_number is not None:
            await release_hire(
                uow=uow, approval_number=candidature.approval_number, candidature_id=candidature.id, at=now
            )
        candidature.cancel(stamp_of(actor, clock, ids))
        for obsolete in await uow.candidatures.obsoleted_by(candidature.id):
            pending = await uow.candidatures.pending_for(
                job_seeker_id=obsolete.job_seeker_id, company_id=obsolete.company_id
            )
            if obsolete.state is CandidatureState.OBSOLETE and pending is None:
                obsolete.reset(_system(clock, ids))
        await record_notifications(uow, candidature.events)
        await uow.commit()
        return await view_of(uow, candidature)


async def change_hiring_dates(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, ids: IdGenerator, candidature_id: UUID, hiring: Hiring
) -> CandidatureView:
    """Change the start (and end) of a hire: ``hiring_end_at`` absent means none.

    - Members of the company it is sent to, acting for it (403 / 404); an
      ``accepted`` candidature only (409 ``candidature-not-accepted``).
    - Not once its employee record may have reached the ASP (409
      ``employee-record-sent``).
    - ``hiring_end_at`` is required for fixed-term contracts and may not
      precede the start (422 ``invalid-hiring-dates``); the start keeps to the
      window of an acceptance (422: not in the past, GEIQ aside; at most six
      months ahead).
    - A PASS IAE that this hire issued and that has not started moves with
      it: it starts on the new day, its end and prolongations move by as many
      days (409 ``hiring-move-blocked-by-suspension`` when one of its
      suspensions would fall outside). Any other PASS IAE keeps its dates,
      which must cover the new start (409 ``hiring-outside-approval``). A
      ready record declares the new PASS IAE dates.
    """
    async with uow:
        candidature = await ensure_can_answer(uow, actor, await uow.candidatures.get_for_update(candidature_id))
        candidature.change_hiring(hiring, stamp_of(actor, clock, ids))
        postings = [await uow.job_postings.get(posting_id) for posting_id in candidature.job_posting_ids]
        check_hiring_dates(hiring, {posting.contract_type for posting in postings if posting is not None})
        company = await uow.companies.get(candidature.company_id)
        assert company is not None  # foreign key
        check_hiring_window(hiring, company_kind=company.kind, today=paris_day(clock.now()))
        if any(r.was_sent_to_asp for r in await uow.employee_records.of_candidature(candidature.id)):
            raise RecordAlreadySent(
                "Les dates de cette embauche ne changent plus : sa fiche salarié a été transmise à l'ASP."
            )
        approval = None
        if candidature.approval_number is not None:
            approval = await uow.approvals.get_by_number(candidature.approval_number)
            assert approval is not None  # the hire holds its number
            now = clock.now()
            if approval.move_hire(
                ids=ids, candidature_id=candidature.id, hiring_start=hiring.start_at, today=paris_day(now), at=now
            ):
                await notify_pass_change(uow, approval, ids=ids, at=now)
        await uow.commit()
        return CandidatureView(candidature, approval)


async def _approval_for(
    uow: UnitOfWork,
    candidature: Candidature,
    company: Company,
    hiring: Hiring,
    *,
    prefix: str,
    ids: IdGenerator,
    clock: Clock,
) -> HireApproval:
    job_seeker = await uow.job_seekers.get(candidature.job_seeker_id)
    assert job_seeker is not None  # foreign key
    return await approval_for_hire(
        uow=uow,
        job_seeker=job_seeker,
        company=company,
        hiring_start=hiring.start_at,
        candidature_id=candidature.id,
        prefix=prefix,
        ids=ids,
        clock=clock,
    )


def _summary(hire: HireApproval) -> HireApprovalSummary | None:
    if hire.approval is None:
        return None
    return HireApprovalSummary(hire.approval.number, hire.approval.start_at, hire.approval.end_at, hire.issued)


def _system(clock: Clock, ids: IdGenerator) -> Stamp:
    return Stamp(actor_id=None, at=clock.now(), event_id=ids.new_id())
