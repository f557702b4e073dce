from uuid import UUID

from domain.errors import NotFound
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.principal import Principal
from domain.identity.staff_decisions import DecisionKind, Outcome, StaffDecision, decider_of
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
    comment: str = "",
) -> PrescriberOrganisation:
    """Validate or refuse an organisation's habilitation.

    - Staff only (403).
    - Not for ORIENTEUR, nor for an FT, ML or CAP_EMPLOI organisation of the
      operator's referential, habilitated by law (422); one of these kinds
      created at signup waits for staff like any other.
    - The decision is recorded (who, when, comment); the organisation's admins
      are emailed it.
    """
    decided_by = decider_of(actor)
    async with uow:
        organisation = await uow.organisations.get(organisation_id)
        if organisation is None:
            raise NotFound("Organisation introuvable.")
        await record_habilitation(
            uow, organisation, decision, decided_by=decided_by, comment=comment, clock=clock, ids=ids
        )
        await uow.commit()
        return organisation


async def record_habilitation(
    uow: UnitOfWork,
    organisation: PrescriberOrganisation,
    decision: Habilitation,
    *,
    decided_by: UUID,
    comment: str,
    clock: Clock,
    ids: IdGenerator,
) -> StaffDecision:
    """Apply staff's habilitation decision, record it and queue the admins' email."""
    now = clock.now()
    organisation.decide_habilitation(decision, at=now)
    record = StaffDecision(
        id=ids.new_id(),
        kind=DecisionKind.HABILITATION,
        subject_id=organisation.id,
        tenant=Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id),
        user_id=None,
        outcome=Outcome.APPROVED if decision is Habilitation.VALIDATED else Outcome.REFUSED,
        comment=comment,
        decided_by=decided_by,
        decided_at=now,
    )
    await uow.staff_decisions.add(record)
    event = HabilitationDecided(
        event_id=ids.new_id(), occurred_at=now, organisation_id=organisation.id, decision=str(decision)
    )
    await record_notifications(uow, [event])
    return record
