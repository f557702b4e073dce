"""Who, among the people a route names, gets an email, and at which address."""

from uuid import UUID

from domain.identity.memberships import Membership, Tenant, TenantKind
from domain.identity.users import User, normalise_email
from domain.notifications.messages import Envelope
from domain.ports.unit_of_work import UnitOfWork


async def active_users(uow: UnitOfWork, memberships: list[Membership]) -> list[User]:
    users = [await uow.users.get(m.user_id) for m in memberships if m.is_active]
    return [user for user in users if user is not None and user.is_active]


async def admins_of(uow: UnitOfWork, tenant: Tenant) -> list[User]:
    memberships = [m for m in await uow.memberships.for_tenant(tenant) if m.is_active_admin]
    return await active_users(uow, memberships)


async def members_of_company(uow: UnitOfWork, company_id: UUID, *, new_candidatures_only: bool = False) -> list[User]:
    """Active members of a company; with ``new_candidatures_only``, those who
    did not turn the new-candidature emails off."""
    memberships = list(await uow.memberships.for_tenant(Tenant(TenantKind.COMPANY, company_id)))
    if new_candidatures_only:
        opted_out = await uow.notification_preferences.opted_out_of_new_candidatures(company_id)
        memberships = [m for m in memberships if m.user_id not in opted_out]
    return await active_users(uow, memberships)


async def user_by_id(uow: UnitOfWork, user_id: UUID | None) -> User | None:
    if user_id is None:
        return None
    user = await uow.users.get(user_id)
    return user if user is not None and user.is_active else None


def envelopes_for(users: list[User], template: str, context: dict[str, object]) -> list[Envelope]:
    return [Envelope(user.email, template, {**context, "recipient_first_name": user.first_name}) for user in users]


def envelope_to(address: str | None, template: str, context: dict[str, object]) -> list[Envelope]:
    """One envelope, or none for a person without an email address."""
    return [Envelope(normalise_email(address), template, context)] if address else []
