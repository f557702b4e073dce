"""Staff's queue and decisions, on the in-memory fakes."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from domain.companies.companies import Company
from domain.errors import Forbidden, NotFound
from domain.identity.memberships import Membership, MembershipRole, MembershipStatus, Tenant, TenantKind
from domain.identity.principal import Principal
from domain.identity.staff_decisions import DecisionKind, Outcome, StaffDecision
from domain.identity.users import User
from domain.prescribers.organisations import Habilitation, OrganisationKind, OrganisationSource
from domain.prescribers.use_cases import decide_habilitation
from domain.staff.decisions import NotAwaitingStaff, decide
from domain.staff.items import WaitingItem, awaiting_staff
from domain.staff.queue import decision_history, staff_queue
from tests.unit.situations import (
    World,
    a_client,
    a_company,
    a_member,
    a_membership,
    a_partner,
    a_staff_member,
    a_user,
    acting_as,
    an_organisation,
    tenant_of,
)

pytestmark = pytest.mark.anyio
STAFF = a_staff_member()


async def queue(
    world: World, kind: DecisionKind | None = None, *, after: tuple[datetime, UUID] | None = None
) -> list[WaitingItem]:
    return await staff_queue(uow=world.uow, actor=STAFF, kind=kind, after=after, limit=100)


async def deciding(
    world: World, item_id: UUID, outcome: Outcome = Outcome.APPROVED, *, actor: Principal = STAFF
) -> StaffDecision:
    return await decide(
        uow=world.uow, actor=actor, clock=world.clock, ids=world.ids, item_id=item_id, outcome=outcome, comment="Vu."
    )


async def a_pending_request(world: World, tenant: Tenant) -> tuple[User, Membership]:
    user = await a_user(world)
    return user, await a_membership(world, user, tenant, status=MembershipStatus.PENDING)


async def a_chrs_created_at_signup(world: World) -> tuple[Tenant, User]:
    chrs = await an_organisation(world, kind=OrganisationKind.CHRS, source=OrganisationSource.SIGNUP)
    creator = await a_member(world, tenant_of(chrs), role=MembershipRole.ADMIN)
    return tenant_of(chrs), creator


async def stored_membership(world: World, membership_id: UUID) -> Membership:
    async with world.uow as uow:
        found = await uow.memberships.get_by_id(membership_id)
    assert found is not None
    return found


def emails(world: World) -> list[tuple[str, str, dict[str, object]]]:
    return [(m.recipient, m.template, m.context) for m in world.uow.outbox.rows.values()]


# -- what waits for staff ------------------------------------------------------------


def a_member_row(status: MembershipStatus, role: MembershipRole = MembershipRole.MEMBER) -> Membership:
    tenant = Tenant(TenantKind.COMPANY, UUID(int=3))
    return Membership(UUID(int=1), UUID(int=2), tenant, role, status, datetime(2026, 3, 2, tzinfo=UTC))


@pytest.mark.parametrize(
    ("others", "expected"),
    [
        ([], DecisionKind.FIRST_MEMBER),
        ([(MembershipStatus.PENDING, MembershipRole.ADMIN)], DecisionKind.FIRST_MEMBER),
        ([(MembershipStatus.REVOKED, MembershipRole.ADMIN)], DecisionKind.FIRST_MEMBER),
        ([(MembershipStatus.ACTIVE, MembershipRole.MEMBER)], DecisionKind.JOIN_REQUEST),
        ([(MembershipStatus.ACTIVE, MembershipRole.ADMIN)], None),
    ],
    ids=["alone", "with-pending", "with-revoked-admin", "with-members-no-admin", "with-an-admin"],
)
def test_a_pending_membership_waits_for_staff_only_without_an_active_admin(
    others: list[tuple[MembershipStatus, MembershipRole]], expected: DecisionKind | None
) -> None:
    request = a_member_row(MembershipStatus.PENDING)

    assert awaiting_staff(request, [request, *(a_member_row(s, r) for s, r in others)]) is expected


@pytest.mark.parametrize("status", [MembershipStatus.ACTIVE, MembershipStatus.REVOKED])
def test_a_membership_that_is_not_pending_waits_for_nobody(status: MembershipStatus) -> None:
    membership = a_member_row(status)

    assert awaiting_staff(membership, [membership]) is None


async def test_a_pending_habilitation_waits_with_its_creator_and_source(world: World) -> None:
    tenant, creator = await a_chrs_created_at_signup(world)

    (item,) = await queue(world)

    assert (item.id, item.kind, item.structure.tenant, item.structure.kind) == (
        tenant.id,
        DecisionKind.HABILITATION,
        tenant,
        "CHRS",
    )
    assert (item.structure.source, item.structure.habilitation) == ("signup", "pending")
    assert item.person is not None and (item.person.user_id, item.person.email) == (creator.id, creator.email)


async def test_a_company_s_first_member_and_a_join_request_wait_with_the_person(world: World) -> None:
    company = await a_company(world)
    first, first_request = await a_pending_request(world, tenant_of(company))
    ml = await an_organisation(world, kind=OrganisationKind.ML)
    await a_member(world, tenant_of(ml))  # a member, no admin
    joiner, join_request = await a_pending_request(world, tenant_of(ml))

    items = await queue(world)

    assert [(i.id, i.kind, i.structure.name) for i in items] == [
        (first_request.id, DecisionKind.FIRST_MEMBER, company.name),
        (join_request.id, DecisionKind.JOIN_REQUEST, ml.name),
    ]
    assert [i.person.user_id for i in items if i.person] == [first.id, joiner.id]


async def test_what_an_admin_decides_or_nobody_needs_to_is_not_in_the_queue(world: World) -> None:
    company = await a_company(world)
    await a_member(world, tenant_of(company), role=MembershipRole.ADMIN)
    await a_pending_request(world, tenant_of(company))
    await an_organisation(world, kind=OrganisationKind.FT)
    await an_organisation(world, kind=OrganisationKind.ORIENTEUR)

    assert await queue(world) == []


async def test_the_queue_is_oldest_first_filtered_by_kind_and_read_after_a_position(world: World) -> None:
    tenant, _ = await a_chrs_created_at_signup(world)
    world.clock.advance(timedelta(hours=1))
    company = await a_company(world)
    _, request = await a_pending_request(world, tenant_of(company))

    everything = await queue(world)
    after_first = await queue(world, after=(everything[0].waiting_since, everything[0].id))

    assert [i.id for i in everything] == [tenant.id, request.id]
    assert [i.id for i in after_first] == [request.id]
    assert [i.id for i in await queue(world, DecisionKind.FIRST_MEMBER)] == [request.id]
    assert await queue(world, DecisionKind.JOIN_REQUEST) == []


async def test_only_staff_reads_the_queue_and_the_history(world: World) -> None:
    tenant, creator = await a_chrs_created_at_signup(world)
    client = await a_client(world, tenant)

    for actor in (acting_as(creator, tenant, role=MembershipRole.ADMIN), a_partner(client, scopes=frozenset())):
        with pytest.raises(Forbidden):
            await staff_queue(uow=world.uow, actor=actor, kind=None, after=None, limit=10)
        with pytest.raises(Forbidden):
            await decision_history(uow=world.uow, actor=actor, kind=None, before=None, limit=10)


# -- deciding ------------------------------------------------------------------------


async def test_approving_a_habilitation_validates_records_and_emails_the_admins(world: World) -> None:
    tenant, creator = await a_chrs_created_at_signup(world)

    decision = await deciding(world, tenant.id)

    async with world.uow as uow:
        organisation = await uow.organisations.get(tenant.id)
    assert organisation is not None and organisation.habilitation is Habilitation.VALIDATED
    assert (decision.kind, decision.outcome, decision.decided_by, decision.decided_at, decision.comment) == (
        DecisionKind.HABILITATION,
        Outcome.APPROVED,
        STAFF.user_id,
        world.clock.now(),
        "Vu.",
    )
    assert world.uow.staff_decisions.rows == [decision]
    assert [(r, t) for r, t, _ in emails(world)] == [(creator.email, "habilitation_decided")]
    assert await queue(world) == []


async def test_refusing_a_habilitation_leaves_its_members_orienteurs(world: World) -> None:
    tenant, _ = await a_chrs_created_at_signup(world)

    await deciding(world, tenant.id, Outcome.REFUSED)

    async with world.uow as uow:
        organisation = await uow.organisations.get(tenant.id)
    assert organisation is not None and not organisation.is_habilitated


@pytest.mark.parametrize("kind", [OrganisationKind.ML, OrganisationKind.CAP_EMPLOI, OrganisationKind.FT])
async def test_a_kind_habilitated_by_law_created_at_signup_is_decided_by_staff(
    world: World, kind: OrganisationKind
) -> None:
    organisation = await an_organisation(world, kind=kind, source=OrganisationSource.SIGNUP)

    decision = await deciding(world, organisation.id)

    assert decision.outcome is Outcome.APPROVED


async def test_approving_a_first_member_makes_him_the_admin_and_tells_him(world: World) -> None:
    company = await a_company(world)
    person, request = await a_pending_request(world, tenant_of(company))

    decision = await deciding(world, request.id)

    membership = await stored_membership(world, request.id)
    assert (membership.status, membership.role) == (MembershipStatus.ACTIVE, MembershipRole.ADMIN)
    assert (decision.kind, decision.subject_id, decision.tenant, decision.user_id) == (
        DecisionKind.FIRST_MEMBER,
        request.id,
        tenant_of(company),
        person.id,
    )
    assert emails(world) == [
        (
            person.email,
            "membership_decided",
            {
                "structure_name": company.name,
                "outcome": "approved",
                "is_admin": True,
                "recipient_first_name": person.first_name,
            },
        )
    ]


async def test_approving_a_join_request_makes_a_plain_member(world: World) -> None:
    ml = await an_organisation(world, kind=OrganisationKind.ML)
    await a_member(world, tenant_of(ml))
    _, request = await a_pending_request(world, tenant_of(ml))

    decision = await deciding(world, request.id)

    membership = await stored_membership(world, request.id)
    assert (decision.kind, membership.status, membership.role) == (
        DecisionKind.JOIN_REQUEST,
        MembershipStatus.ACTIVE,
        MembershipRole.MEMBER,
    )


async def test_refusing_a_membership_revokes_it_and_tells_the_person(world: World) -> None:
    company = await a_company(world)
    person, request = await a_pending_request(world, tenant_of(company))

    await deciding(world, request.id, Outcome.REFUSED)

    assert (await stored_membership(world, request.id)).status is MembershipStatus.REVOKED
    assert [(r, t, c["outcome"]) for r, t, c in emails(world)] == [(person.email, "membership_decided", "refused")]


async def test_a_membership_an_admin_decides_is_not_staff_s(world: World) -> None:
    company: Company = await a_company(world)
    await a_member(world, tenant_of(company), role=MembershipRole.ADMIN)
    _, request = await a_pending_request(world, tenant_of(company))

    with pytest.raises(NotAwaitingStaff):
        await deciding(world, request.id)

    assert (await stored_membership(world, request.id)).status is MembershipStatus.PENDING
    assert world.uow.staff_decisions.rows == []


async def test_a_habilitation_decided_already_is_not_decided_again_from_the_queue(world: World) -> None:
    tenant, _ = await a_chrs_created_at_signup(world)
    await deciding(world, tenant.id, Outcome.REFUSED)

    with pytest.raises(NotAwaitingStaff):
        await deciding(world, tenant.id)


async def test_an_id_the_queue_never_held_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await deciding(world, UUID(int=404))


async def test_only_a_staff_member_decides(world: World) -> None:
    tenant, creator = await a_chrs_created_at_signup(world)

    for actor in (acting_as(creator, tenant, role=MembershipRole.ADMIN), Principal(kind=STAFF.kind)):
        with pytest.raises(Forbidden):
            await deciding(world, tenant.id, actor=actor)

    assert world.uow.staff_decisions.rows == []


async def test_a_decision_through_the_habilitation_endpoint_is_recorded_too(world: World) -> None:
    tenant, _ = await a_chrs_created_at_signup(world)

    await decide_habilitation(
        uow=world.uow,
        actor=STAFF,
        clock=world.clock,
        ids=world.ids,
        organisation_id=tenant.id,
        decision=Habilitation.REFUSED,
        comment="Pas de convention.",
    )

    ((kind, outcome, comment, by),) = [
        (d.kind, d.outcome, d.comment, d.decided_by) for d in world.uow.staff_decisions.rows
    ]
    assert (kind, outcome, comment, by) == (
        DecisionKind.HABILITATION,
        Outcome.REFUSED,
        "Pas de convention.",
        STAFF.user_id,
    )


async def test_the_history_is_newest_first(world: World) -> None:
    first, _ = await a_chrs_created_at_signup(world)
    second, _ = await a_chrs_created_at_signup(world)
    await deciding(world, first.id)
    world.clock.advance(timedelta(minutes=5))
    await deciding(world, second.id, Outcome.REFUSED)

    history = await decision_history(uow=world.uow, actor=STAFF, kind=None, before=None, limit=10)
    older = await decision_history(
        uow=world.uow, actor=STAFF, kind=None, before=(history[0].decided_at, history[0].id), limit=10
    )

    assert [d.subject_id for d in history] == [second.id, first.id]
    assert [d.subject_id for d in older] == [first.id]
