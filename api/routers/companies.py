from uuid import UUID

from fastapi import APIRouter

from api.deps import UowDep
from api.schemas.common import problems
from api.schemas.companies import CompanyOut
from domain.companies.use_cases import get_company

router = APIRouter(prefix="/companies", tags=["companies"])


@router.get(
    "/{company_id}",
    operation_id="companies-get",
    summary="A company's public profile",
    description=get_company.__doc__,
    response_model=CompanyOut,
    responses=problems(404),
)
async def get(company_id: UUID, uow: UowDep) -> CompanyOut:
    return CompanyOut.of(await get_company(uow=uow, company_id=company_id))
