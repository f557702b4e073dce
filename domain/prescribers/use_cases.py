from uuid import UUID

from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.events import HabilitationDecided
from domain.prescribers.organisations import Habilitation, PrescriberOrganisation


async def get_organisation(*, uow: UnitOfWork, organisation_id: UUID) -> PrescriberOrganisation:
    """A prescriber organisation's public card (name, kind, habilitation).

    - Any authenticated caller: whether an organisation is habilitated is
      what a job seeker or an SIAE needs to know about who orients him.
    """
    async with uow:
        organisation = await uow.organisations.get(organisation_id)
    if organisation is None:
        raise NotFound("Organisation introuvable.")
    return organisation


async def decide_habilitation(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    organisation_id: UUID,
    decision: Habilitation,
) -> PrescriberOrganisation:
    """Validate or refuse an organisation's habilitation.

    - Staff only (403).
    - Not for kinds habilitated by law nor for ORIENTEUR (422).
    - The organisation's admins are emailed the decision.
    """
    if not actor.is_staff:
        raise Forbidden("Seule l'équipe Tremplin décide des habilitations.")
    async with uow:
        organisation = await uow.organisations.get(organisation_id)
        if organisation is None:
            raise NotFound("Organisation introuvable.")
        now = clock.now()
        organisation.decide_habilitation(decision, at=now)
        event = HabilitationDecided(
            event_id=ids.new_id(), occurred_at=now, organisation_id=organisation.id, decision=str(decision)
        )
        await record_notifications(uow, [event])
        await uow.commit()
        return organisation
