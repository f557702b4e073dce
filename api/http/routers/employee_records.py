from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request

from api.http.deps import ContainerDep, PrincipalDep
from api.http.pagination import next_position_link
from api.http.schemas.common import problems
from api.http.schemas.employee_records import (
    EmployeeRecordOut,
    EmployeeRecordPage,
    EmployeeRecordPatch,
    EmployeeRecordQuery,
    RecordUpdateList,
    RecordUpdateOut,
)
from domain.candidatures.listing import Position
from domain.employee_records.use_cases import (
    archive_employee_record,
    get_employee_record,
    list_employee_records,
    list_record_updates,
    make_record_ready,
    revise_employee_record,
    tell_pass_dates_again,
)

router = APIRouter(prefix="/employee-records", tags=["employee records"])


@router.get(
    "",
    operation_id="employee-records-list",
    summary="The employee records of a company, newest first",
    description=list_employee_records.__doc__,
    response_model=EmployeeRecordPage,
    responses=problems(401, 403, 422),
)
async def list_(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    query: Annotated[EmployeeRecordQuery, Depends()],
) -> EmployeeRecordPage:
    found = await list_employee_records(
        uow=container.new_uow(),
        actor=principal,
        company_id=query.company_id,
        state=query.state,
        after=query.after,
        limit=query.limit,
    )
    following = Position(found.next.created_at, found.next.id) if found.next else None
    return EmployeeRecordPage(
        items=[EmployeeRecordOut.of(record) for record in found.items],
        next=next_position_link(request, following),
    )


@router.get(
    "/{record_id}",
    operation_id="employee-records-get",
    summary="An employee record, with its ASP fields and the ASP's last answer",
    description=get_employee_record.__doc__,
    response_model=EmployeeRecordOut,
    responses=problems(401, 403, 404),
)
async def get(record_id: UUID, container: ContainerDep, principal: PrincipalDep) -> EmployeeRecordOut:
    return EmployeeRecordOut.of(
        await get_employee_record(uow=container.new_uow(), actor=principal, record_id=record_id)
    )


@router.get(
    "/{record_id}/updates",
    operation_id="employee-records-updates-list",
    summary="The update notifications of an employee record (new PASS IAE dates told to the ASP)",
    description=list_record_updates.__doc__,
    response_model=RecordUpdateList,
    responses=problems(401, 403, 404),
)
async def updates(record_id: UUID, container: ContainerDep, principal: PrincipalDep) -> RecordUpdateList:
    found = await list_record_updates(uow=container.new_uow(), actor=principal, record_id=record_id)
    return RecordUpdateList(items=[RecordUpdateOut.of(update) for update in found])


@router.post(
    "/{record_id}/updates",
    operation_id="employee-records-updates-create",
    summary="Tell the ASP the current PASS IAE dates again, after a rejected or missed update notification",
    description=tell_pass_dates_again.__doc__,
    response_model=RecordUpdateOut,
    status_code=201,
    responses=problems(401, 403, 404, 409),
)
async def tell_again(record_id: UUID, container: ContainerDep, principal: PrincipalDep) -> RecordUpdateOut:
    update = await tell_pass_dates_again(
        uow=container.new_uow(), actor=principal, clock=container.clock, ids=container.ids, record_id=record_id
    )
    return RecordUpdateOut.of(update)


@router.patch(
    "/{record_id}",
    operation_id="employee-records-update",
    summary="Complete or correct the ASP fields of an employee record",
    description=revise_employee_record.__doc__,
    response_model=EmployeeRecordOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def update(
    record_id: UUID, body: EmployeeRecordPatch, container: ContainerDep, principal: PrincipalDep
) -> EmployeeRecordOut:
    record = await revise_employee_record(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        referentials=container.asp_referentials,
        record_id=record_id,
        changes=body.changes(),
    )
    return EmployeeRecordOut.of(record)


@router.post(
    "/{record_id}/ready",
    operation_id="employee-records-ready",
    summary="Declare an employee record complete: it goes in the next batch to the ASP",
    description=make_record_ready.__doc__,
    response_model=EmployeeRecordOut,
    responses=problems(401, 403, 404, 409, 422),
)
async def ready(record_id: UUID, container: ContainerDep, principal: PrincipalDep) -> EmployeeRecordOut:
    record = await make_record_ready(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        referentials=container.asp_referentials,
        record_id=record_id,
    )
    return EmployeeRecordOut.of(record)


@router.post(
    "/{record_id}/archive",
    operation_id="employee-records-archive",
    summary="Archive an employee record that will not be sent or followed any more",
    description=archive_employee_record.__doc__,
    response_model=EmployeeRecordOut,
    responses=problems(401, 403, 404, 409),
)
async def archive(record_id: UUID, container: ContainerDep, principal: PrincipalDep) -> EmployeeRecordOut:
    record = await archive_employee_record(
        uow=container.new_uow(), actor=principal, clock=container.clock, record_id=record_id
    )
    return EmployeeRecordOut.of(record)
