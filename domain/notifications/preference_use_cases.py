"""Reading and changing one's own notification choices for a company."""

from uuid import UUID

from domain.errors import Forbidden, NotFound
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.principal import Principal
from domain.notifications.preferences import NotificationPreference, default_preference
from domain.ports.system import Clock
from domain.ports.unit_of_work import UnitOfWork


async def get_notification_preferences(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, company_id: UUID
) -> NotificationPreference:
    """The caller's email choices for a company (every email until he opts out).

    - A person acting for the company (403 otherwise, partner applications
      included: choices belong to people); unknown company 404.
    """
    async with uow:
        user_id = await _member_of(uow, actor, company_id)
        stored = await uow.notification_preferences.get(user_id=user_id, company_id=company_id)
        return stored or default_preference(user_id=user_id, company_id=company_id, at=clock.now())


async def set_notification_preferences(
    *, uow: UnitOfWork, actor: Principal, clock: Clock, company_id: UUID, new_candidatures: bool
) -> NotificationPreference:
    """Turn the new-candidature emails of a company on or off for the caller.

    - A person acting for the company (403 otherwise); unknown company 404.
    - Other emails (PASS IAE delivered, hire cancelled…) cannot be turned off.
    """
    async with uow:
        user_id = await _member_of(uow, actor, company_id)
        preference = NotificationPreference(
            user_id=user_id, company_id=company_id, new_candidatures=new_candidatures, updated_at=clock.now()
        )
        await uow.notification_preferences.put(preference)
        await uow.commit()
        return preference


async def _member_of(uow: UnitOfWork, actor: Principal, company_id: UUID) -> UUID:
    if await uow.companies.get(company_id) is None:
        raise NotFound("Structure introuvable.")
    if actor.user_id is None or not actor.acts_for(Tenant(TenantKind.COMPANY, company_id)):
        raise Forbidden("Seuls les membres de la structure choisissent les e-mails qu'ils en reçoivent.")
    return actor.user_id
