"""In-memory fakes of staff's decisions and queue (the queue reads the other fakes)."""

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domain.identity.memberships import Membership, Tenant, TenantKind
from domain.identity.staff_decisions import DecisionKind, StaffDecision
from domain.prescribers.organisations import Habilitation, PrescriberOrganisation
from domain.staff.items import PersonCard, StructureCard, WaitingItem, awaiting_staff

if TYPE_CHECKING:
    from tests.fakes.unit_of_work import FakeUnitOfWork

Position = tuple[datetime, UUID]


class FakeStaffDecisions:
    def __init__(self) -> None:
        self.rows: list[StaffDecision] = []

    async def add(self, decision: StaffDecision) -> None:
        self.rows.append(decision)

    async def history(
        self, *, kinds: Collection[DecisionKind], before: Position | None, limit: int
    ) -> list[StaffDecision]:
        found = [d for d in self.rows if d.kind in kinds and (before is None or (d.decided_at, d.id) < before)]
        return sorted(found, key=lambda d: (d.decided_at, d.id), reverse=True)[:limit]


class FakeStaffQueue:
    def __init__(self, store: "FakeUnitOfWork") -> None:
        self._store = store

    async def waiting(
        self, *, kinds: Collection[DecisionKind], after: Position | None, limit: int
    ) -> list[WaitingItem]:
        items = [*self._habilitations(), *self._memberships()]
        wanted = [i for i in items if i.kind in kinds and (after is None or (i.waiting_since, i.id) > after)]
        return sorted(wanted, key=lambda i: (i.waiting_since, i.id))[:limit]

    def _habilitations(self) -> list[WaitingItem]:
        return [
            WaitingItem(
                id=o.id,
                kind=DecisionKind.HABILITATION,
                waiting_since=o.created_at,
                structure=_card(o),
                person=self._creator(o),
            )
            for o in self._store.organisations.rows.values()
            if o.habilitation is Habilitation.PENDING
        ]

    def _memberships(self) -> list[WaitingItem]:
        items = []
        for membership in self._store.memberships.rows:
            members = [m for m in self._store.memberships.rows if m.tenant == membership.tenant]
            kind = awaiting_staff(membership, members)
            if kind is not None:
                structure, person = self._structure(membership), self._person(membership.user_id)
                items.append(WaitingItem(membership.id, kind, membership.created_at, structure, person))
        return items

    def _structure(self, membership: Membership) -> StructureCard:
        if membership.tenant.kind is TenantKind.COMPANY:
            company = self._store.companies.rows[membership.tenant.id]
            return StructureCard(membership.tenant, str(company.kind), company.name, company.siret)
        return _card(self._store.organisations.rows[membership.tenant.id])

    def _creator(self, organisation: PrescriberOrganisation) -> PersonCard | None:
        tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id)
        members = [m for m in self._store.memberships.rows if m.tenant == tenant]
        first = min(members, key=lambda m: (m.created_at, m.id), default=None)
        return None if first is None else self._person(first.user_id)

    def _person(self, user_id: UUID) -> PersonCard | None:
        user = self._store.users.rows.get(user_id)
        return None if user is None else PersonCard(user.id, user.first_name, user.last_name, user.email)


def _card(organisation: PrescriberOrganisation) -> StructureCard:
    o = organisation
    tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, o.id)
    return StructureCard(tenant, str(o.kind), o.name, o.siret, str(o.source), str(o.habilitation))
