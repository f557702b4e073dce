"""Staff's view of the NIR lookup budgets: who ran out, when, how far he went."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.http.deps import PrincipalDep, UowDep
from api.http.pagination import decode_position, next_position_link
from api.http.schemas.common import Code, problems
from api.http.schemas.nir_lookups import SpentBudgetOut, SpentBudgetPage
from domain.candidatures.listing import Position
from domain.job_seekers.spent_budgets import list_spent_budgets

router = APIRouter(prefix="/admin/nir-lookup-budgets", tags=["administration"])


@router.get(
    "",
    operation_id="admin-nir-lookup-budgets-list",
    summary="Who ran out of NIR lookups, newest first (staff)",
    description=list_spent_budgets.__doc__,
    response_model=SpentBudgetPage,
    responses=problems(401, 403, 422),
)
async def list_(
    request: Request,
    uow: UowDep,
    principal: PrincipalDep,
    cursor: Code | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> SpentBudgetPage:
    after = decode_position(cursor)
    reports = await list_spent_budgets(
        uow=uow, actor=principal, after=(after.created_at, after.id) if after else None, limit=limit + 1
    )
    page = reports[:limit]
    following = Position(created_at=page[-1].first_refused_at, id=page[-1].id) if len(reports) > limit else None
    return SpentBudgetPage(items=[SpentBudgetOut.of(r) for r in page], next=next_position_link(request, following))
