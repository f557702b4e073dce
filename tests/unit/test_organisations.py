from datetime import timedelta
from uuid import UUID

import pytest

from domain.errors import Forbidden, NotFound
from domain.identity.memberships import MembershipRole
from domain.prescribers.organisations import (
    HABILITATED_BY_LAW,
    Habilitation,
    HabilitationNotDecidable,
    OrganisationKind,
    PrescriberOrganisation,
    initial_habilitation,
)
from domain.prescribers.use_cases import decide_habilitation, get_organisation
from tests.unit.situations import World, a_member, a_staff_member, acting_as, an_organisation, tenant_of

# Marked here, not only by the root conftest: anyio re-creates the items it
# marks late, and that drops the parametrisation of async tests.
pytestmark = pytest.mark.anyio

OTHER_KINDS = sorted(set(OrganisationKind) - HABILITATED_BY_LAW - {OrganisationKind.ORIENTEUR})


@pytest.mark.parametrize("kind", [OrganisationKind.FT, OrganisationKind.ML, OrganisationKind.CAP_EMPLOI])
def test_organisations_habilitated_by_law_start_validated(kind: OrganisationKind) -> None:
    assert initial_habilitation(kind) is Habilitation.VALIDATED


def test_an_orienteur_starts_with_no_habilitation_required() -> None:
    assert initial_habilitation(OrganisationKind.ORIENTEUR) is Habilitation.NOT_REQUIRED


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_other_organisations_start_pending_a_staff_decision(kind: OrganisationKind) -> None:
    assert initial_habilitation(kind) is Habilitation.PENDING


@pytest.mark.parametrize(
    ("habilitation", "habilitated"),
    [
        (Habilitation.VALIDATED, True),
        (Habilitation.PENDING, False),
        (Habilitation.REFUSED, False),
        (Habilitation.NOT_REQUIRED, False),
    ],
)
async def test_only_a_validated_organisation_is_habilitated(
    world: World, habilitation: Habilitation, habilitated: bool
) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS, habilitation=habilitation)

    assert organisation.is_habilitated is habilitated


# -- the organisation's own rule ---------------------------------------------------


@pytest.mark.parametrize("decision", [Habilitation.VALIDATED, Habilitation.REFUSED])
async def test_a_pending_organisation_takes_the_decision_and_its_date(world: World, decision: Habilitation) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    at = world.clock.now() + timedelta(days=3)

    organisation.decide_habilitation(decision, at=at)

    assert (organisation.habilitation, organisation.habilitation_decided_at) == (decision, at)


@pytest.mark.parametrize("decision", [Habilitation.PENDING, Habilitation.NOT_REQUIRED])
async def test_a_decision_is_validated_or_refused_only(world: World, decision: Habilitation) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)

    with pytest.raises(HabilitationNotDecidable):
        organisation.decide_habilitation(decision, at=world.clock.now())

    assert (organisation.habilitation, organisation.habilitation_decided_at) == (Habilitation.PENDING, None)


@pytest.mark.parametrize("kind", sorted(HABILITATED_BY_LAW))
async def test_no_decision_is_taken_on_an_organisation_habilitated_by_law(world: World, kind: OrganisationKind) -> None:
    organisation = await an_organisation(world, kind=kind)

    with pytest.raises(HabilitationNotDecidable):
        organisation.decide_habilitation(Habilitation.REFUSED, at=world.clock.now())

    assert organisation.habilitation is Habilitation.VALIDATED


async def test_an_orienteur_is_never_habilitated(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.ORIENTEUR)

    with pytest.raises(HabilitationNotDecidable):
        organisation.decide_habilitation(Habilitation.VALIDATED, at=world.clock.now())

    assert organisation.habilitation is Habilitation.NOT_REQUIRED


# -- the use cases ------------------------------------------------------------------


async def stored_organisation(world: World, organisation_id: UUID) -> PrescriberOrganisation:
    return await get_organisation(uow=world.uow, organisation_id=organisation_id)


async def test_staff_validates_a_pending_organisation(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    world.clock.advance(timedelta(days=2))

    await decide_habilitation(
        uow=world.uow,
        actor=a_staff_member(),
        clock=world.clock,
        ids=world.ids,
        organisation_id=organisation.id,
        decision=Habilitation.VALIDATED,
    )

    found = await stored_organisation(world, organisation.id)
    assert (found.habilitation, found.habilitation_decided_at) == (Habilitation.VALIDATED, world.clock.now())


async def test_staff_refuses_a_pending_organisation(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CCAS)

    decided = await decide_habilitation(
        uow=world.uow,
        actor=a_staff_member(),
        clock=world.clock,
        ids=world.ids,
        organisation_id=organisation.id,
        decision=Habilitation.REFUSED,
    )

    assert decided.habilitation is Habilitation.REFUSED
    assert (await stored_organisation(world, organisation.id)).habilitation is Habilitation.REFUSED


async def test_an_admin_of_the_organisation_may_not_decide_its_habilitation(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.CHRS)
    tenant = tenant_of(organisation)
    admin = await a_member(world, tenant, role=MembershipRole.ADMIN)

    with pytest.raises(Forbidden):
        await decide_habilitation(
            uow=world.uow,
            actor=acting_as(admin, tenant, role=MembershipRole.ADMIN),
            clock=world.clock,
            ids=world.ids,
            organisation_id=organisation.id,
            decision=Habilitation.VALIDATED,
        )

    assert (await stored_organisation(world, organisation.id)).habilitation is Habilitation.PENDING


async def test_deciding_on_an_unknown_organisation_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await decide_habilitation(
            uow=world.uow,
            actor=a_staff_member(),
            clock=world.clock,
            ids=world.ids,
            organisation_id=UUID(int=404),
            decision=Habilitation.VALIDATED,
        )


async def test_staff_may_not_refuse_an_organisation_habilitated_by_law(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.FT)

    with pytest.raises(HabilitationNotDecidable):
        await decide_habilitation(
            uow=world.uow,
            actor=a_staff_member(),
            clock=world.clock,
            ids=world.ids,
            organisation_id=organisation.id,
            decision=Habilitation.REFUSED,
        )

    assert (await stored_organisation(world, organisation.id)).habilitation is Habilitation.VALIDATED


async def test_staff_may_not_habilitate_an_orienteur(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.ORIENTEUR)

    with pytest.raises(HabilitationNotDecidable):
        await decide_habilitation(
            uow=world.uow,
            actor=a_staff_member(),
            clock=world.clock,
            ids=world.ids,
            organisation_id=organisation.id,
            decision=Habilitation.VALIDATED,
        )

    assert (await stored_organisation(world, organisation.id)).habilitation is Habilitation.NOT_REQUIRED


async def test_an_organisation_card_is_read_by_id(world: World) -> None:
    organisation = await an_organisation(world, kind=OrganisationKind.ML)

    found = await get_organisation(uow=world.uow, organisation_id=organisation.id)

    assert (found.id, found.name, found.kind, found.habilitation) == (
        organisation.id,
        organisation.name,
        OrganisationKind.ML,
        Habilitation.VALIDATED,
    )


async def test_an_unknown_organisation_card_is_not_found(world: World) -> None:
    await an_organisation(world)

    with pytest.raises(NotFound):
        await get_organisation(uow=world.uow, organisation_id=UUID(int=404))
