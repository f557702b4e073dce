from domain.identity.memberships import Tenant, TenantKind
from domain.notifications.messages import Envelope
from domain.notifications.recipients import admins_of, envelopes_for
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.events import HabilitationDecided


async def habilitation_decided(uow: UnitOfWork, event: HabilitationDecided) -> list[Envelope]:
    """The admins of the organisation learn whether it may now certify eligibility."""
    organisation = await uow.organisations.get(event.organisation_id)
    if organisation is None:
        return []
    admins = await admins_of(uow, Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id))
    context: dict[str, object] = {"organisation_name": organisation.name, "decision": event.decision}
    return envelopes_for(admins, "habilitation_decided", context)
