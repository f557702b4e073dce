from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Body

from api.http.deps import ContainerDep, PrincipalDep
from api.http.problem_docs import documented
from api.http.schemas.approvals import ApprovalOut, PassNumberPath, SuspensionEndChange, SuspensionEnding
from domain.approvals import suspension_edits, suspensions
from domain.approvals.approvals import ApprovalCancelledError, ApprovalChangedConcurrently
from domain.approvals.business_dates import InvalidPeriod
from domain.approvals.suspension_use_cases import change_suspension_end, delete_suspension, end_suspension
from domain.approvals.use_cases import ApprovalView

router = APIRouter(prefix="/approvals/{number}/suspensions/{suspension_id}", tags=["PASS IAE"])
CONCURRENT = [ApprovalCancelledError, ApprovalChangedConcurrently]


def out(view: ApprovalView) -> ApprovalOut:
    return ApprovalOut.of(view.approval, today=view.today)


@router.patch(
    "",
    operation_id="approvals-suspensions-update",
    summary="Change the end of a suspension (the employer who created it)",
    description=change_suspension_end.__doc__,
    response_model=ApprovalOut,
    responses=documented(
        (401, 403, 404, 409, 422),
        {
            404: [suspension_edits.SuspensionNotFound],
            409: [suspensions.SuspensionOverlap, *CONCURRENT],
            422: [InvalidPeriod, suspensions.SuspensionTooLong],
        },
    ),
)
async def update(
    number: PassNumberPath,
    suspension_id: UUID,
    body: SuspensionEndChange,
    container: ContainerDep,
    principal: PrincipalDep,
) -> ApprovalOut:
    view = await change_suspension_end(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        number=number,
        suspension_id=suspension_id,
        end_at=body.end_at,
    )
    return out(view)


@router.post(
    "/end",
    operation_id="approvals-suspensions-end",
    summary="End a suspension early, today by default (the employer who created it)",
    description=end_suspension.__doc__,
    response_model=ApprovalOut,
    responses=documented(
        (401, 403, 404, 409, 422),
        {
            404: [suspension_edits.SuspensionNotFound],
            409: CONCURRENT,
            422: [suspension_edits.SuspensionEndNotEarlier, InvalidPeriod],
        },
    ),
)
async def end(
    number: PassNumberPath,
    suspension_id: UUID,
    container: ContainerDep,
    principal: PrincipalDep,
    body: Annotated[SuspensionEnding | None, Body()] = None,
) -> ApprovalOut:
    view = await end_suspension(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        number=number,
        suspension_id=suspension_id,
        end_at=body.end_at if body else None,
    )
    return out(view)


@router.delete(
    "",
    operation_id="approvals-suspensions-delete",
    summary="Delete a suspension that has not started (the employer who created it)",
    description=delete_suspension.__doc__,
    response_model=ApprovalOut,
    responses=documented(
        (401, 403, 404, 409),
        {404: [suspension_edits.SuspensionNotFound], 409: [suspension_edits.SuspensionStarted, *CONCURRENT]},
    ),
)
async def delete(
    number: PassNumberPath, suspension_id: UUID, container: ContainerDep, principal: PrincipalDep
) -> ApprovalOut:
    view = await delete_suspension(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        number=number,
        suspension_id=suspension_id,
    )
    return out(view)
