"""The exit of a hire and its follow-ups, under its candidature.

A correction is a ``PUT`` on the same resource: ``PUT …/exit`` gives the
whole exit again, ``PUT …/exit/follow-ups/{horizon_months}`` the situation."""

from uuid import UUID

from fastapi import APIRouter, status

from api.http.deps import ContainerDep, PrincipalDep
from api.http.schemas.common import problems
from api.http.schemas.exits import ExitCreate, ExitOut, FollowUpCorrection, FollowUpCreate
from domain.exits.exits import ExitFacts
from domain.exits.use_cases import (
    FollowUpFacts,
    correct_exit,
    correct_follow_up,
    get_exit,
    record_exit,
    record_follow_up,
)

router = APIRouter(prefix="/candidatures/{candidature_id}/exit", tags=["exits"])


@router.post(
    "",
    operation_id="exits-record",
    summary="Record the end of a hire",
    description=record_exit.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=ExitOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def record(candidature_id: UUID, body: ExitCreate, container: ContainerDep, principal: PrincipalDep) -> ExitOut:
    exit_ = await record_exit(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        candidature_id=candidature_id,
        facts=ExitFacts(body.exit_at, body.hours_worked, body.exit_kind),
    )
    return ExitOut.of(exit_)


@router.put(
    "",
    operation_id="exits-correct",
    summary="Correct the exit of a hire (the previous values are kept)",
    description=correct_exit.__doc__,
    response_model=ExitOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def correct(candidature_id: UUID, body: ExitCreate, container: ContainerDep, principal: PrincipalDep) -> ExitOut:
    exit_ = await correct_exit(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        candidature_id=candidature_id,
        facts=ExitFacts(body.exit_at, body.hours_worked, body.exit_kind),
    )
    return ExitOut.of(exit_)


@router.get(
    "",
    operation_id="exits-get",
    summary="The exit of a hire, its follow-ups and corrections",
    description=get_exit.__doc__,
    response_model=ExitOut,
    responses=problems(401, 403, 404),
)
async def get(candidature_id: UUID, container: ContainerDep, principal: PrincipalDep) -> ExitOut:
    return ExitOut.of(await get_exit(uow=container.new_uow(), actor=principal, candidature_id=candidature_id))


@router.post(
    "/follow-ups",
    operation_id="exits-follow-ups-record",
    summary="Record the situation 3, 6 or 12 months after the exit",
    description=record_follow_up.__doc__,
    status_code=status.HTTP_201_CREATED,
    response_model=ExitOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def record_situation(
    candidature_id: UUID, body: FollowUpCreate, container: ContainerDep, principal: PrincipalDep
) -> ExitOut:
    exit_ = await record_follow_up(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        candidature_id=candidature_id,
        follow_up=FollowUpFacts(body.horizon_months, body.situation),
    )
    return ExitOut.of(exit_)


@router.put(
    "/follow-ups/{horizon_months}",
    operation_id="exits-follow-ups-correct",
    summary="Correct the situation recorded at a follow-up (the previous one is kept)",
    description=correct_follow_up.__doc__,
    response_model=ExitOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def correct_situation(
    candidature_id: UUID,
    horizon_months: int,
    body: FollowUpCorrection,
    container: ContainerDep,
    principal: PrincipalDep,
) -> ExitOut:
    exit_ = await correct_follow_up(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        ids=container.ids,
        candidature_id=candidature_id,
        follow_up=FollowUpFacts(horizon_months, body.situation),
    )
    return ExitOut.of(exit_)
