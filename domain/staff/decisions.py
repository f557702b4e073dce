"""Staff decides what waits in its queue."""

from uuid import UUID

from domain.errors import Conflict, NotFound
from domain.identity.memberships import Membership, MembershipRole, MembershipStatus
from domain.identity.principal import Principal
from domain.identity.staff_decisions import DecisionKind, Outcome, StaffDecision, decider_of
from domain.notifications.recording import record_notifications
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import Habilitation, PrescriberOrganisation
from domain.prescribers.use_cases import record_habilitation
from domain.staff.events import MembershipDecided
from domain.staff.items import awaiting_staff


class NotAwaitingStaff(Conflict):
    code = "not-awaiting-staff"
    title = "Rien à décider"


async def decide(
    *,
    uow: UnitOfWork,
    actor: Principal,
    clock: Clock,
    ids: IdGenerator,
    item_id: UUID,
    outcome: Outcome,
    comment: str = "",
) -> StaffDecision:
    """Approve or refuse an item of staff's queue (its ``id``).

    - Staff only (403); an id the queue never held: 404; an item no longer
      waiting for staff (decided, or its structure has an admin now): 409.
    - ``habilitation``: the organisation becomes ``validated`` or ``refused``;
      its admins are emailed.
    - ``first_member``: approved, he becomes the structure's active admin;
      ``join_request``: approved, an active member (an admin may be named
      later). Refused: the membership is revoked. The person is emailed.
    - Every decision is recorded with who took it, when, and the comment.
    """
    decided_by = decider_of(actor)
    async with uow:
        organisation = await uow.organisations.get(item_id)
        if organisation is not None:
            decision = await _habilitation(uow, organisation, outcome, decided_by, comment, clock, ids)
        else:
            membership = await uow.memberships.get_by_id(item_id)
            if membership is None:
                raise NotFound("Rien n'attend de décision sous cet identifiant.")
            decision = await _membership(uow, membership, outcome, decided_by, comment, clock, ids)
        await uow.commit()
        return decision


async def _habilitation(
    uow: UnitOfWork,
    organisation: PrescriberOrganisation,
    outcome: Outcome,
    decided_by: UUID,
    comment: str,
    clock: Clock,
    ids: IdGenerator,
) -> StaffDecision:
    if organisation.habilitation is not Habilitation.PENDING:
        raise NotAwaitingStaff(
            f"L'habilitation de cette organisation est déjà décidée (« {organisation.habilitation} »).",
            extra={"habilitation": str(organisation.habilitation)},
        )
    verdict = Habilitation.VALIDATED if outcome is Outcome.APPROVED else Habilitation.REFUSED
    return await record_habilitation(
        uow, organisation, verdict, decided_by=decided_by, comment=comment, clock=clock, ids=ids
    )


async def _membership(
    uow: UnitOfWork,
    membership: Membership,
    outcome: Outcome,
    decided_by: UUID,
    comment: str,
    clock: Clock,
    ids: IdGenerator,
) -> StaffDecision:
    kind = awaiting_staff(membership, await uow.memberships.for_tenant(membership.tenant))
    if kind is None:
        raise NotAwaitingStaff(
            "Cette adhésion n'attend pas de décision de l'équipe : elle est décidée, ou la structure a un "
            "administrateur qui en décide.",
            extra={"status": str(membership.status)},
        )
    if outcome is Outcome.APPROVED:
        membership.status = MembershipStatus.ACTIVE
        membership.role = MembershipRole.ADMIN if kind is DecisionKind.FIRST_MEMBER else MembershipRole.MEMBER
    else:
        membership.status = MembershipStatus.REVOKED
    now = clock.now()
    decision = StaffDecision(
        id=ids.new_id(),
        kind=kind,
        subject_id=membership.id,
        tenant=membership.tenant,
        user_id=membership.user_id,
        outcome=outcome,
        comment=comment,
        decided_by=decided_by,
        decided_at=now,
    )
    await uow.staff_decisions.add(decision)
    event = MembershipDecided(
        event_id=ids.new_id(),
        occurred_at=now,
        membership_id=membership.id,
        user_id=membership.user_id,
        tenant=membership.tenant,
        outcome=str(outcome),
    )
    await record_notifications(uow, [event])
    return decision
