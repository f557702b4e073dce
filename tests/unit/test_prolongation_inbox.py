"""Prolongation requests: addressed to a prescriber, listed for who decides or
asked them, decided by him (or his colleagues once he has left), denied with a reason."""

from datetime import timedelta

import pytest

from domain.approvals.inbox import InboxPage
from domain.approvals.prolongation_deciders import PrescriberOrganisationAmbiguous, PrescriberUnknown
from domain.approvals.prolongation_denials import Denial, DenyReason, ProposedAction, ProposedActionsRequired
from domain.approvals.prolongation_requests import get_prolongation_request, list_prolongation_requests
from domain.approvals.prolongations import ProlongationAsk, ProlongationReason, ProlongationStatus
from domain.approvals.use_cases import deny_prolongation, grant_prolongation, request_prolongation
from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from tests.unit.approval_situations import a_prescriber, an_employer
from tests.unit.prolongation_situations import Desk, a_desk, asked, leaves
from tests.unit.situations import (
    World,
    a_client,
    a_company,
    a_membership,
    a_partner,
    a_staff_member,
    an_organisation,
    tenant_of,
)


@pytest.fixture
async def desk(world: World) -> Desk:
    return await a_desk(world)


async def inbox(world: World, actor: Principal, **options: object) -> InboxPage:
    return await list_prolongation_requests(uow=world.uow, actor=actor, **options)  # type: ignore[arg-type]


async def ids_in(world: World, actor: Principal, **options: object) -> list[object]:
    return [entry.prolongation.id for entry in (await inbox(world, actor, **options)).items]


# -- addressing a request -------------------------------------------------------------------


async def test_a_request_addressed_by_email_names_the_prescriber_and_his_organisation(world: World, desk: Desk) -> None:
    view = await request_prolongation(
        uow=world.uow,
        actor=desk.employer,
        clock=world.clock,
        ids=world.ids,
        number=desk.number,
        ask=ProlongationAsk(ProlongationReason.RQTH, desk.end_at + timedelta(days=90)),
        prescriber_email=desk.assignee.email.upper(),
    )

    (prolongation,) = view.approval.prolongations
    assert (prolongation.assigned_to_user_id, prolongation.prescriber_organisation_id) == (
        desk.assignee.id,
        desk.agency.id,
    )


async def test_an_email_that_is_not_a_member_of_the_named_organisation_is_refused(world: World, desk: Desk) -> None:
    elsewhere = await an_organisation(world)

    with pytest.raises(PrescriberUnknown):
        await request_prolongation(
            uow=world.uow,
            actor=desk.employer,
            clock=world.clock,
            ids=world.ids,
            number=desk.number,
            ask=ProlongationAsk(ProlongationReason.RQTH, desk.end_at + timedelta(days=90), elsewhere.id),
            prescriber_email=desk.assignee.email,
        )


async def test_an_unknown_email_is_refused(world: World, desk: Desk) -> None:
    with pytest.raises(PrescriberUnknown):
        await request_prolongation(
            uow=world.uow,
            actor=desk.employer,
            clock=world.clock,
            ids=world.ids,
            number=desk.number,
            ask=ProlongationAsk(ProlongationReason.RQTH, desk.end_at + timedelta(days=90)),
            prescriber_email="nobody@example.org",
        )


async def test_a_prescriber_of_two_habilitated_organisations_needs_the_organisation_named(
    world: World, desk: Desk
) -> None:
    await a_membership(world, desk.assignee, tenant_of(await an_organisation(world)))

    with pytest.raises(PrescriberOrganisationAmbiguous):
        await request_prolongation(
            uow=world.uow,
            actor=desk.employer,
            clock=world.clock,
            ids=world.ids,
            number=desk.number,
            ask=ProlongationAsk(ProlongationReason.RQTH, desk.end_at + timedelta(days=90)),
            prescriber_email=desk.assignee.email,
        )


# -- the inbox ------------------------------------------------------------------------------


async def test_the_addressed_prescriber_finds_it_in_his_inbox_and_his_colleague_does_not(
    world: World, desk: Desk
) -> None:
    request = await asked(world, desk)

    assert await ids_in(world, desk.as_prescriber(desk.assignee), status=ProlongationStatus.PENDING) == [request.id]
    assert await ids_in(world, desk.as_prescriber(desk.colleague)) == []


async def test_once_he_has_left_his_colleagues_find_it(world: World, desk: Desk) -> None:
    request = await asked(world, desk)

    await leaves(world, desk.assignee, desk.agency)

    assert await ids_in(world, desk.as_prescriber(desk.colleague)) == [request.id]


async def test_a_request_addressed_to_nobody_reaches_every_member(world: World, desk: Desk) -> None:
    request = await asked(world, desk, addressed=False)

    assert await ids_in(world, desk.as_prescriber(desk.colleague)) == [request.id]
    assert await ids_in(world, desk.as_prescriber(desk.assignee)) == [request.id]


async def test_the_employer_sees_the_requests_of_his_company_still_pending(world: World, desk: Desk) -> None:
    request = await asked(world, desk)
    world.clock.advance(timedelta(days=45))

    (entry,) = (await inbox(world, desk.employer)).items

    assert (entry.prolongation.id, entry.prolongation.status, entry.approval_number) == (
        request.id,
        ProlongationStatus.PENDING,
        desk.number,
    )


async def test_another_company_and_another_organisation_see_none(world: World, desk: Desk) -> None:
    await asked(world, desk)
    other_company = await a_company(world)
    other_agency = await an_organisation(world)

    assert await ids_in(world, await an_employer(world, other_company)) == []
    assert await ids_in(world, await a_prescriber(world, other_agency)) == []


async def test_staff_see_every_request_and_the_state_filter_applies(world: World, desk: Desk) -> None:
    request = await asked(world, desk)

    assert await ids_in(world, a_staff_member()) == [request.id]
    assert await ids_in(world, a_staff_member(), status=ProlongationStatus.DENIED) == []


async def test_a_job_seeker_and_a_partner_without_the_scope_may_not_list(world: World, desk: Desk) -> None:
    client = await a_client(world, tenant_of(desk.company), scopes=frozenset())
    partner = a_partner(client, scopes=frozenset())

    for actor in (Principal(kind=UserKind.JOB_SEEKER, user_id=desk.assignee.id), partner):
        with pytest.raises(Forbidden):
            await inbox(world, actor)


async def test_a_partner_of_the_organisation_lists_what_it_decides(world: World, desk: Desk) -> None:
    request = await asked(world, desk)
    client = await a_client(world, tenant_of(desk.agency), scopes=frozenset({Scope.APPROVALS_READ}))

    assert await ids_in(world, a_partner(client, scopes=frozenset({Scope.APPROVALS_READ}))) == [request.id]


async def test_the_list_is_paginated_newest_first(world: World, desk: Desk) -> None:
    first = await asked(world, desk, addressed=False)
    await deny_prolongation(
        uow=world.uow,
        actor=desk.as_prescriber(desk.colleague),
        clock=world.clock,
        ids=world.ids,
        prolongation_id=first.id,
        denial=Denial(DenyReason.DURATION, "Six mois suffisent."),
    )
    world.clock.advance(timedelta(hours=1))
    second = await asked(world, desk, addressed=False)

    page = await inbox(world, desk.employer, limit=1)
    following = await inbox(world, desk.employer, limit=1, after=page.next)

    assert [e.prolongation.id for e in page.items + following.items] == [second.id, first.id]
    assert following.next is None


async def test_one_request_is_read_by_who_reads_the_pass(world: World, desk: Desk) -> None:
    request = await asked(world, desk)

    entry = await get_prolongation_request(
        uow=world.uow, actor=desk.as_prescriber(desk.colleague), prolongation_id=request.id
    )

    assert (entry.prolongation.id, entry.approval_end_at) == (request.id, desk.end_at)


# -- deciding -------------------------------------------------------------------------------


async def test_while_the_addressed_prescriber_is_a_member_his_colleague_may_not_decide(
    world: World, desk: Desk
) -> None:
    request = await asked(world, desk)

    with pytest.raises(Forbidden):
        await grant_prolongation(
            uow=world.uow,
            actor=desk.as_prescriber(desk.colleague),
            clock=world.clock,
            ids=world.ids,
            prolongation_id=request.id,
        )
    await leaves(world, desk.assignee, desk.agency)
    view = await grant_prolongation(
        uow=world.uow,
        actor=desk.as_prescriber(desk.colleague),
        clock=world.clock,
        ids=world.ids,
        prolongation_id=request.id,
    )

    assert view.approval.prolongations[-1].status is ProlongationStatus.GRANTED


async def test_a_denial_keeps_its_code_explanation_and_proposed_actions(world: World, desk: Desk) -> None:
    request = await asked(world, desk)
    denial = Denial(
        DenyReason.IAE,
        "Le parcours IAE est terminé.",
        (ProposedAction.SOCIAL_PARTNER, ProposedAction.OTHER),
        "Orientation vers la mission locale.",
    )

    view = await deny_prolongation(
        uow=world.uow,
        actor=desk.as_prescriber(desk.assignee),
        clock=world.clock,
        ids=world.ids,
        prolongation_id=request.id,
        denial=denial,
    )

    denied = view.approval.prolongations[-1]
    assert (denied.status, denied.deny_reason_code, denied.deny_reason) == (
        ProlongationStatus.DENIED,
        DenyReason.IAE,
        "Le parcours IAE est terminé.",
    )
    assert denied.deny_proposed_actions == (ProposedAction.SOCIAL_PARTNER, ProposedAction.OTHER)
    assert denied.deny_proposed_actions_explanation == "Orientation vers la mission locale."


def test_when_the_iae_no_longer_fits_a_next_step_is_proposed() -> None:
    with pytest.raises(ProposedActionsRequired):
        Denial(DenyReason.IAE, "Le parcours IAE est terminé.")


def test_proposed_actions_come_with_a_word_on_them() -> None:
    with pytest.raises(ProposedActionsRequired):
        Denial(DenyReason.DURATION, "Trop long.", (ProposedAction.EXIT_IAE,), "  ")


def test_other_reasons_need_no_proposed_action() -> None:
    assert Denial(DenyReason.DURATION, "Six mois suffisent.").proposed_actions == ()
