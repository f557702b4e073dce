from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from api.http.deps import ContainerDep, PrincipalDep
from api.http.problem_docs import documented as _documented
from api.http.schemas.approvals import (
    ApprovalOut,
    EligibilityOut,
    PassNumberPath,
    ProlongationDenial,
    ProlongationRequestCreate,
    SuspensionCreate,
)
from api.http.schemas.common import problems
from domain.approvals import prolongation_deciders, prolongation_denials, prolongations, suspensions
from domain.approvals.approvals import ApprovalCancelledError, ApprovalChangedConcurrently
from domain.approvals.business_dates import InvalidPeriod
from domain.approvals.eligibility_status import UnknownCompany, get_eligibility
from domain.approvals.prolongations import ProlongationAsk
from domain.approvals.suspensions import SuspensionRequest
from domain.approvals.use_cases import (
    ApprovalView,
    PrescriberNotHabilitated,
    approval_attestation,
    deny_prolongation,
    get_approval,
    grant_prolongation,
    request_prolongation,
    suspend_approval,
)

router = APIRouter(tags=["PASS IAE"])


def _out(view: ApprovalView) -> ApprovalOut:
    return ApprovalOut.of(view.approval, today=view.today)


_CONCURRENT = [ApprovalCancelledError, ApprovalChangedConcurrently]


@router.get(
    "/approvals/{number}",
    operation_id="approvals-get",
    summary="A PASS IAE, its status and remaining days",
    description=get_approval.__doc__,
    response_model=ApprovalOut,
    responses=problems(401, 403, 404, 422),
)
async def get(number: PassNumberPath, container: ContainerDep, principal: PrincipalDep) -> ApprovalOut:
    return _out(await get_approval(uow=container.new_uow(), actor=principal, clock=container.clock, number=number))


@router.post(
    "/approvals/{number}/suspensions",
    operation_id="approvals-suspend",
    summary="Suspend a PASS IAE (the employer who hired with it)",
    description=suspend_approval.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=ApprovalOut,
    responses=_documented(
        (401, 403, 404, 409, 422),
        {
            409: [suspensions.SuspensionOverlap, *_CONCURRENT],
            422: [
                InvalidPeriod,
                suspensions.SuspensionTooLong,
                suspensions.SuspensionStartTooOld,
                suspensions.SuspensionOutsideValidity,
                suspensions.SuspensionReasonNotAllowed,
            ],
        },
    ),
)
async def suspend(
    number: PassNumberPath, body: SuspensionCreate, container: ContainerDep, principal: PrincipalDep
) -> ApprovalOut:
    view = await suspend_approval(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        number=number,
        request=SuspensionRequest(body.start_at, body.end_at, body.reason),
    )
    return _out(view)


@router.post(
    "/approvals/{number}/prolongation-requests",
    operation_id="approvals-request-prolongation",
    summary="Ask for a prolongation of a PASS IAE (the employer who hired with it)",
    description=request_prolongation.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=ApprovalOut,
    responses=_documented(
        (401, 403, 404, 409, 422),
        {
            409: [prolongations.ProlongationPending, prolongations.ProlongationCumulativeLimit, *_CONCURRENT],
            422: [
                InvalidPeriod,
                prolongations.ProlongationTooLong,
                prolongations.ProlongationReasonNotAllowed,
                prolongations.PrescriberRequired,
                PrescriberNotHabilitated,
                prolongation_deciders.PrescriberUnknown,
                prolongation_deciders.PrescriberOrganisationAmbiguous,
            ],
        },
    ),
)
async def ask_prolongation(
    number: PassNumberPath, body: ProlongationRequestCreate, container: ContainerDep, principal: PrincipalDep
) -> ApprovalOut:
    view = await request_prolongation(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        number=number,
        ask=ProlongationAsk(body.reason, body.end_at, body.prescriber_organisation_id, body.message),
        prescriber_email=body.prescriber_email,
    )
    return _out(view)


_DECISION_PROBLEMS = _documented(
    (401, 403, 404, 409, 422), {409: [prolongations.ProlongationAlreadyDecided, *_CONCURRENT]}
)
_DENIAL_PROBLEMS = _documented(
    (401, 403, 404, 409, 422),
    {
        409: [prolongations.ProlongationAlreadyDecided, *_CONCURRENT],
        422: [prolongation_denials.ProposedActionsRequired],
    },
)


@router.post(
    "/prolongation-requests/{prolongation_id}/grant",
    operation_id="prolongation-requests-grant",
    summary="Grant a prolongation request (the habilitated prescriber it names)",
    description=grant_prolongation.__doc__,
    response_model=ApprovalOut,
    responses=_DECISION_PROBLEMS,
)
async def grant(prolongation_id: UUID, container: ContainerDep, principal: PrincipalDep) -> ApprovalOut:
    view = await grant_prolongation(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        prolongation_id=prolongation_id,
    )
    return _out(view)


@router.post(
    "/prolongation-requests/{prolongation_id}/deny",
    operation_id="prolongation-requests-deny",
    summary="Deny a prolongation request, with a reason (the habilitated prescriber it names)",
    description=deny_prolongation.__doc__,
    response_model=ApprovalOut,
    responses=_DENIAL_PROBLEMS,
)
async def deny(
    prolongation_id: UUID, body: ProlongationDenial, container: ContainerDep, principal: PrincipalDep
) -> ApprovalOut:
    view = await deny_prolongation(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        prolongation_id=prolongation_id,
        denial=body.denial(),
    )
    return _out(view)


@router.get(
    "/approvals/{number}/attestation",
    operation_id="approvals-attestation",
    summary="The printable attestation of a PASS IAE (PDF, in French)",
    description=approval_attestation.__doc__,
    response_class=Response,
    responses={
        200: {
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The attestation, one A4 page",
        },
        **problems(401, 403, 404, 422),
    },
)
async def attestation(number: PassNumberPath, container: ContainerDep, principal: PrincipalDep) -> Response:
    facts = await approval_attestation(uow=container.new_uow(), actor=principal, clock=container.clock, number=number)
    return Response(
        container.attestations.render(facts),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="attestation-pass-iae-{facts.number}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.get(
    "/job-seekers/{job_seeker_id}/eligibility",
    operation_id="job-seekers-eligibility",
    summary="The diagnosis that counts for a company, the PASS IAE, and why",
    description=get_eligibility.__doc__,
    response_model=EligibilityOut,
    tags=["eligibility"],
    responses=_documented((401, 403, 404, 422), {422: [UnknownCompany]}),
)
async def eligibility(
    job_seeker_id: UUID,
    container: ContainerDep,
    principal: PrincipalDep,
    company_id: Annotated[UUID | None, Query(description="Default: the company the caller acts for")] = None,
) -> EligibilityOut:
    status_now = await get_eligibility(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        job_seeker_id=job_seeker_id,
        company_id=company_id,
    )
    return EligibilityOut.of(status_now)
