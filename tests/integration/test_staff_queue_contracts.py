"""The organisations' new finders, staff's queue and its decisions: the fakes
and the SQL adapters answer alike (one organisation per SIRET but France
Travail agencies, SAFIR codes unique, the queue's three kinds)."""

from datetime import timedelta
from uuid import UUID, uuid4

import pytest

from domain.errors import Conflict
from domain.identity.memberships import Membership, MembershipRole, MembershipStatus, Tenant, TenantKind
from domain.identity.staff_decisions import DecisionKind, Outcome, StaffDecision
from domain.identity.users import UserKind
from domain.prescribers.organisations import Habilitation, OrganisationKind, OrganisationSource, PrescriberOrganisation
from domain.prescribers.sirets import SiretTaken
from domain.staff.items import PersonCard, StructureCard
from tests.builders.companies import a_siret
from tests.integration.test_repository_contracts import (
    NOW,
    NewUow,
    a_person,
    an_insertion_company,
    stored,
    tenant_of,
)

pytestmark = pytest.mark.anyio
ALL = frozenset(DecisionKind)


def an_organisation(
    kind: OrganisationKind = OrganisationKind.FT,
    *,
    siret: str | None = None,
    safir_code: str | None = None,
    habilitation: Habilitation = Habilitation.VALIDATED,
    minutes: int = 0,
) -> PrescriberOrganisation:
    return PrescriberOrganisation(
        id=uuid4(),
        siret=siret or a_siret(),
        kind=kind,
        name=f"Organisation {kind}",
        habilitation=habilitation,
        created_at=NOW + timedelta(minutes=minutes),
        source=OrganisationSource.SIGNUP if habilitation is Habilitation.PENDING else OrganisationSource.REFERENTIAL,
        safir_code=safir_code,
    )


def a_membership(
    user_id: UUID, tenant: Tenant, *, status: MembershipStatus, role: MembershipRole, minutes: int
) -> Membership:
    return Membership(
        id=uuid4(),
        user_id=user_id,
        tenant=tenant,
        role=role,
        status=status,
        created_at=NOW + timedelta(minutes=minutes),
    )


# -- organisations -------------------------------------------------------------------


async def test_agencies_share_a_siret_and_are_found_by_safir_code(new_uow: NewUow) -> None:
    siret = a_siret()
    tolbiac = an_organisation(siret=siret, safir_code="75874")
    pyrenees = an_organisation(siret=siret, safir_code="75885", minutes=1)
    await stored(new_uow, tolbiac, pyrenees, an_organisation(safir_code="93017"))

    uow = new_uow()
    async with uow:
        by_siret = [o.id for o in await uow.organisations.by_siret(siret)]
        by_code = await uow.organisations.get_by_safir_code("75885")
        for_import = await uow.organisations.for_referential(sirets={siret}, safir_codes={"93017"})

    assert by_siret == [tolbiac.id, pyrenees.id]
    assert by_code is not None and by_code.id == pyrenees.id
    assert sorted(o.safir_code or "" for o in for_import) == ["75874", "75885", "93017"]


@pytest.mark.parametrize("kinds", [(OrganisationKind.ML, OrganisationKind.PLIE), (OrganisationKind.CHRS,) * 2])
async def test_any_other_organisation_is_the_only_one_of_its_siret(
    new_uow: NewUow, kinds: tuple[OrganisationKind, OrganisationKind]
) -> None:
    siret = a_siret()
    await stored(new_uow, an_organisation(kinds[0], siret=siret))

    with pytest.raises(SiretTaken):
        await stored(new_uow, an_organisation(kinds[1], siret=siret))


async def test_a_safir_code_is_one_agency_s(new_uow: NewUow) -> None:
    await stored(new_uow, an_organisation(safir_code="75874"))

    with pytest.raises(Conflict):
        await stored(new_uow, an_organisation(safir_code="75874"))


async def test_the_new_columns_of_an_organisation_are_read_back(new_uow: NewUow) -> None:
    agency = an_organisation(safir_code="75874")
    agency.email, agency.commune, agency.city = "ape.75874@francetravail.fr", "75113", "Paris 13e Arrondissement"
    agency.address_line, agency.postal_code = "150 rue de Tolbiac", "75013"
    await stored(new_uow, agency)

    uow = new_uow()
    async with uow:
        found = await uow.organisations.get(agency.id)

    assert found == agency


async def test_a_membership_is_found_by_its_id(new_uow: NewUow) -> None:
    user, organisation = a_person(kind=UserKind.PRESCRIBER), an_organisation()
    membership = a_membership(
        user.id, tenant_of(organisation), status=MembershipStatus.PENDING, role=MembershipRole.MEMBER, minutes=0
    )
    await stored(new_uow, user, organisation, membership)

    uow = new_uow()
    async with uow:
        found = await uow.memberships.get_by_id(membership.id)
        missing = await uow.memberships.get_by_id(uuid4())

    assert (found, missing) == (membership, None)


# -- the queue -----------------------------------------------------------------------


async def test_the_queue_holds_each_kind_with_its_evidence_oldest_first(new_uow: NewUow) -> None:
    creator, first, joiner, colleague, waiting = (a_person(kind=UserKind.PRESCRIBER) for _ in range(5))
    chrs = an_organisation(OrganisationKind.CHRS, habilitation=Habilitation.PENDING, minutes=1)
    company = an_insertion_company()
    ml = an_organisation(OrganisationKind.ML)
    agency = an_organisation(safir_code="75874")
    company_tenant = Tenant(TenantKind.COMPANY, company.id)
    active, pending = MembershipStatus.ACTIVE, MembershipStatus.PENDING
    admin, member = MembershipRole.ADMIN, MembershipRole.MEMBER
    first_request = a_membership(first.id, company_tenant, status=pending, role=member, minutes=2)
    join_request = a_membership(joiner.id, tenant_of(ml), status=pending, role=member, minutes=3)
    await stored(new_uow, creator, first, joiner, colleague, waiting, chrs, company, ml, agency)
    await stored(
        new_uow,
        a_membership(creator.id, tenant_of(chrs), status=active, role=admin, minutes=1),
        first_request,
        a_membership(colleague.id, tenant_of(ml), status=active, role=member, minutes=0),
        join_request,
        a_membership(colleague.id, tenant_of(agency), status=active, role=admin, minutes=0),
        a_membership(waiting.id, tenant_of(agency), status=pending, role=member, minutes=4),  # the admin's to decide
    )

    uow = new_uow()
    async with uow:
        items = await uow.staff_queue.waiting(kinds=ALL, after=None, limit=10)

    assert [(i.id, i.kind) for i in items] == [
        (chrs.id, DecisionKind.HABILITATION),
        (first_request.id, DecisionKind.FIRST_MEMBER),
        (join_request.id, DecisionKind.JOIN_REQUEST),
    ]
    assert [i.waiting_since for i in items] == [NOW + timedelta(minutes=m) for m in (1, 2, 3)]
    assert [i.structure for i in items] == [
        StructureCard(tenant_of(chrs), "CHRS", chrs.name, chrs.siret, "signup", "pending"),
        StructureCard(company_tenant, "EI", company.name, company.siret),
        StructureCard(tenant_of(ml), "ML", ml.name, ml.siret, "referential", "validated"),
    ]
    assert [i.person for i in items] == [
        PersonCard(p.id, p.first_name, p.last_name, p.email) for p in (creator, first, joiner)
    ]


async def test_the_queue_is_read_by_kind_and_a_page_at_a_time(new_uow: NewUow) -> None:
    pending = [an_organisation(OrganisationKind.CHRS, habilitation=Habilitation.PENDING, minutes=m) for m in (3, 1, 2)]
    user, company = a_person(kind=UserKind.EMPLOYER), an_insertion_company()
    request = a_membership(
        user.id,
        Tenant(TenantKind.COMPANY, company.id),
        status=MembershipStatus.PENDING,
        role=MembershipRole.MEMBER,
        minutes=0,
    )
    await stored(new_uow, *pending, user, company)
    await stored(new_uow, request)
    oldest_first = sorted(pending, key=lambda o: o.created_at)

    uow = new_uow()
    async with uow:
        first_page = await uow.staff_queue.waiting(kinds=ALL, after=None, limit=2)
        last = first_page[-1]
        second_page = await uow.staff_queue.waiting(kinds=ALL, after=(last.waiting_since, last.id), limit=2)
        habilitations = await uow.staff_queue.waiting(kinds={DecisionKind.HABILITATION}, after=None, limit=10)
        joins = await uow.staff_queue.waiting(kinds={DecisionKind.JOIN_REQUEST}, after=None, limit=10)

    assert [i.id for i in first_page + second_page] == [request.id, *(o.id for o in oldest_first)]
    assert [i.id for i in habilitations] == [o.id for o in oldest_first]
    assert joins == []


# -- decisions -----------------------------------------------------------------------


async def test_decisions_are_read_back_newest_first_before_a_position(new_uow: NewUow) -> None:
    staff, chrs = a_person(kind=UserKind.STAFF), an_organisation(OrganisationKind.CHRS)
    await stored(new_uow, staff, chrs)
    decisions = [
        StaffDecision(
            id=uuid4(),
            kind=DecisionKind.HABILITATION,
            subject_id=chrs.id,
            tenant=tenant_of(chrs),
            user_id=None,
            outcome=outcome,
            comment=f"décision {minutes}",
            decided_by=staff.id,
            decided_at=NOW + timedelta(minutes=minutes),
        )
        for minutes, outcome in ((1, Outcome.REFUSED), (2, Outcome.APPROVED))
    ]
    uow = new_uow()
    async with uow:
        for decision in decisions:
            await uow.staff_decisions.add(decision)
        await uow.commit()

    uow = new_uow()
    async with uow:
        newest_first = await uow.staff_decisions.history(kinds=ALL, before=None, limit=10)
        older = await uow.staff_decisions.history(
            kinds=ALL, before=(NOW + timedelta(minutes=2), decisions[1].id), limit=10
        )
        none = await uow.staff_decisions.history(kinds={DecisionKind.JOIN_REQUEST}, before=None, limit=10)

    assert newest_first == decisions[::-1]
    assert older == decisions[:1]
    assert none == []
