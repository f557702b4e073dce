"""A company member's choice of the emails he receives from it."""

from uuid import UUID

from fastapi import APIRouter

from api.http.deps import ContainerDep, PrincipalDep
from api.http.schemas.common import problems
from api.http.schemas.notifications import NotificationPreferencesOut, NotificationPreferencesUpdate
from domain.notifications.preference_use_cases import get_notification_preferences, set_notification_preferences

router = APIRouter(prefix="/companies", tags=["companies"])


@router.get(
    "/{company_id}/notification-preferences",
    operation_id="companies-notification-preferences-get",
    summary="The caller's email choices for this company",
    description=get_notification_preferences.__doc__,
    response_model=NotificationPreferencesOut,
    responses=problems(401, 403, 404),
)
async def get(company_id: UUID, container: ContainerDep, principal: PrincipalDep) -> NotificationPreferencesOut:
    preference = await get_notification_preferences(
        uow=container.new_uow(), actor=principal, clock=container.clock, company_id=company_id
    )
    return NotificationPreferencesOut.of(preference)


@router.put(
    "/{company_id}/notification-preferences",
    operation_id="companies-notification-preferences-set",
    summary="Turn the caller's new-candidature emails for this company on or off",
    description=set_notification_preferences.__doc__,
    response_model=NotificationPreferencesOut,
    responses=problems(401, 403, 404, 422),
)
async def set_(
    company_id: UUID, body: NotificationPreferencesUpdate, container: ContainerDep, principal: PrincipalDep
) -> NotificationPreferencesOut:
    preference = await set_notification_preferences(
        uow=container.new_uow(),
        actor=principal,
        clock=container.clock,
        company_id=company_id,
        new_candidatures=body.new_candidatures,
    )
    return NotificationPreferencesOut.of(preference)
