from domain.identity.memberships import TenantKind
from domain.notifications.messages import Envelope
from domain.notifications.recipients import envelopes_for, user_by_id
from domain.ports.unit_of_work import UnitOfWork
from domain.staff.events import MembershipDecided


async def membership_decided(uow: UnitOfWork, event: MembershipDecided) -> list[Envelope]:
    """The person learns whether staff let him into the structure he asked to join."""
    person = await user_by_id(uow, event.user_id)
    if event.tenant.kind is TenantKind.COMPANY:
        structure = await uow.companies.get(event.tenant.id)
    else:
        structure = await uow.organisations.get(event.tenant.id)
    if person is None or structure is None:
        return []
    membership = await uow.memberships.get_by_id(event.membership_id)
    context: dict[str, object] = {
        "structure_name": structure.name,
        "outcome": event.outcome,
        "is_admin": membership is not None and membership.is_active_admin,
    }
    return envelopes_for([person], "membership_decided", context)
