"""COORACE indicators of a company or of a department, over a period."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query

from api.bootstrap import Container
from api.http.deps import ContainerDep, PrincipalDep
from api.http.schemas.common import Code, PlausibleDate, problems
from api.http.schemas.indicators import IndicatorsOut
from domain.indicators.reports import Period
from domain.indicators.use_cases import IndicatorSources, company_indicators, department_indicators

router = APIRouter(tags=["indicators"])
From = Annotated[PlausibleDate, Query(alias="from", description="First day of the period (Europe/Paris), included")]
To = Annotated[PlausibleDate, Query(description="Last day of the period, included")]


def sources_of(container: Container) -> IndicatorSources:
    return IndicatorSources(
        query=container.indicators, clock=container.clock, min_hours=container.settings.indicators.indicators_min_hours
    )


@router.get(
    "/companies/{company_id}/indicators",
    operation_id="companies-indicators",
    summary="Indicators of a company: candidatures, answers, hires, exits and exit rates",
    description=company_indicators.__doc__,
    response_model=IndicatorsOut,
    responses=problems(401, 403, 404, 422),
)
async def of_company(
    company_id: UUID, from_: From, to: To, container: ContainerDep, principal: PrincipalDep
) -> IndicatorsOut:
    report = await company_indicators(
        uow=container.new_uow(),
        sources=sources_of(container),
        actor=principal,
        company_id=company_id,
        period=Period(from_, to),
    )
    return IndicatorsOut.of(report)


@router.get(
    "/departments/{code}/indicators",
    operation_id="departments-indicators",
    summary="Indicators of every company of a department",
    description=department_indicators.__doc__,
    response_model=IndicatorsOut,
    responses=problems(401, 403, 422),
)
async def of_department(
    code: Annotated[Code, Path(examples=["75"], description="Department code: 01…95, 2A, 2B, 971…976")],
    from_: From,
    to: To,
    container: ContainerDep,
    principal: PrincipalDep,
) -> IndicatorsOut:
    report = await department_indicators(
        sources=sources_of(container), actor=principal, department=code, period=Period(from_, to)
    )
    return IndicatorsOut.of(report)
