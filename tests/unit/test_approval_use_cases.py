"""Reading a PASS IAE, suspending it, asking for and deciding prolongations:
who may, and what changes."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from domain.approvals.policies import ApprovalNotFound
from domain.approvals.prolongation_denials import Denial, DenyReason
from domain.approvals.prolongations import Prolongation, ProlongationAsk, ProlongationReason, ProlongationStatus
from domain.approvals.suspensions import SuspensionReason, SuspensionRequest
from domain.approvals.use_cases import (
    PrescriberNotHabilitated,
    deny_prolongation,
    get_approval,
    grant_prolongation,
    request_prolongation,
    suspend_approval,
)
from domain.companies.companies import Company
from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.users import UserKind
from domain.job_seekers.job_seekers import JobSeeker
from domain.prescribers.organisations import Habilitation, OrganisationKind, PrescriberOrganisation
from tests.unit.approval_situations import (
    a_diagnosis,
    a_job_seeker,
    a_prescriber,
    an_employer,
    hired,
    stored_approval,
)
from tests.unit.situations import World, a_client, a_company, a_partner, a_staff_member, an_organisation, tenant_of


@dataclass(slots=True, frozen=True)
class Hire:
    """A job seeker (with an account) diagnosed by a France Travail agency,
    hired by an EI that got his PASS IAE."""

    number: str
    company: Company
    employer: Principal
    agency: PrescriberOrganisation
    prescriber: Principal
    job_seeker: JobSeeker
    holder: Principal


async def a_hire(world: World) -> Hire:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world, by=agency, with_account=True, birthdate=date(1970, 5, 4))
    await a_diagnosis(world, job_seeker, by=agency)
    approval = (await hired(world, job_seeker, company)).approval
    assert approval is not None and job_seeker.user_id is not None
    return Hire(
        number=approval.number,
        company=company,
        employer=await an_employer(world, company),
        agency=agency,
        prescriber=await a_prescriber(world, agency),
        job_seeker=job_seeker,
        holder=Principal(kind=UserKind.JOB_SEEKER, user_id=job_seeker.user_id),
    )


async def read(world: World, actor: Principal, number: str) -> str:
    view = await get_approval(uow=world.uow, actor=actor, clock=world.clock, number=number)
    return view.approval.number


async def suspend(world: World, actor: Principal, number: str) -> None:
    await suspend_approval(
        uow=world.uow,
        actor=actor,
        clock=world.clock,
        ids=world.ids,
        number=number,
        request=SuspensionRequest(date(2026, 3, 2), date(2026, 3, 31), SuspensionReason.CONTRACT_SUSPENDED),
    )


async def ask_rqth(
    world: World, actor: Principal, hire: Hire, *, organisation: PrescriberOrganisation | None = None
) -> Prolongation:
    approval = await stored_approval(world, hire.number)
    view = await request_prolongation(
        uow=world.uow,
        actor=actor,
        clock=world.clock,
        ids=world.ids,
        number=hire.number,
        ask=ProlongationAsk(
            reason=ProlongationReason.RQTH,
            end_at=approval.end_at + timedelta(days=90),
            prescriber_organisation_id=(organisation or hire.agency).id,
        ),
    )
    return view.approval.prolongations[-1]


# -- reading -------------------------------------------------------------------


async def test_the_holder_reads_his_pass(world: World) -> None:
    hire = await a_hire(world)

    assert await read(world, hire.holder, hire.number) == hire.number


async def test_the_employer_who_hired_with_it_reads_it(world: World) -> None:
    hire = await a_hire(world)

    assert await read(world, hire.employer, hire.number) == hire.number


async def test_the_prescribers_of_the_diagnosing_organisation_read_it(world: World) -> None:
    hire = await a_hire(world)

    assert await read(world, hire.prescriber, hire.number) == hire.number


async def test_staff_read_it(world: World) -> None:
    hire = await a_hire(world)

    assert await read(world, a_staff_member(), hire.number) == hire.number


async def test_a_partner_of_the_hiring_company_reads_it_with_the_approvals_scope(world: World) -> None:
    hire = await a_hire(world)
    client = await a_client(world, tenant_of(hire.company))

    partner = a_partner(client, scopes=frozenset({Scope.APPROVALS_READ}))

    assert await read(world, partner, hire.number) == hire.number


async def test_a_partner_without_the_approvals_scope_is_forbidden(world: World) -> None:
    hire = await a_hire(world)
    client = await a_client(world, tenant_of(hire.company))

    with pytest.raises(Forbidden):
        await read(world, a_partner(client, scopes=frozenset({Scope.CANDIDATURES_READ})), hire.number)


async def test_another_employer_is_told_the_pass_does_not_exist(world: World) -> None:
    hire = await a_hire(world)
    other = await an_employer(world, await a_company(world))

    with pytest.raises(ApprovalNotFound):
        await read(world, other, hire.number)


async def test_another_organisation_is_told_the_pass_does_not_exist(world: World) -> None:
    hire = await a_hire(world)
    other = await a_prescriber(world, await an_organisation(world))

    with pytest.raises(ApprovalNotFound):
        await read(world, other, hire.number)


async def test_another_job_seeker_is_told_the_pass_does_not_exist(world: World) -> None:
    hire = await a_hire(world)
    someone = await a_job_seeker(world, with_account=True)
    assert someone.user_id is not None

    with pytest.raises(ApprovalNotFound):
        await read(world, Principal(kind=UserKind.JOB_SEEKER, user_id=someone.user_id), hire.number)


async def test_an_unknown_number_is_not_found(world: World) -> None:
    with pytest.raises(ApprovalNotFound):
        await read(world, a_staff_member(), "999990000999")


# -- suspending ---------------------------------------------------------------


async def test_the_hiring_employer_suspends_the_pass(world: World) -> None:
    hire = await a_hire(world)

    await suspend(world, hire.employer, hire.number)

    approval = await stored_approval(world, hire.number)
    assert [(s.start_at, s.end_at, s.company_id) for s in approval.suspensions] == [
        (date(2026, 3, 2), date(2026, 3, 31), hire.company.id)
    ]
    assert approval.end_at == date(2028, 2, 29) + timedelta(days=30)


async def test_the_holder_may_read_but_not_suspend(world: World) -> None:
    hire = await a_hire(world)

    with pytest.raises(Forbidden):
        await suspend(world, hire.holder, hire.number)


async def test_a_partner_may_not_suspend(world: World) -> None:
    hire = await a_hire(world)
    client = await a_client(world, tenant_of(hire.company))

    with pytest.raises(Forbidden):
        await suspend(world, a_partner(client, scopes=frozenset(Scope)), hire.number)


async def test_an_employer_whose_hire_was_cancelled_may_not_suspend(world: World) -> None:
    hire = await a_hire(world)
    second = await a_company(world)
    await hired(world, hire.job_seeker, second, candidature_id=world.ids.new_id())
    approval = await stored_approval(world, hire.number)
    async with world.uow as uow:
        stored = await uow.approvals.get_by_number(hire.number)
        assert stored is not None
        stored.release_hire(candidature_id=approval.issued_by_candidature_id, at=world.clock.now())
        await uow.commit()

    with pytest.raises(Forbidden):
        await suspend(world, hire.employer, hire.number)


async def test_an_employer_who_never_hired_with_it_cannot_find_it_to_suspend(world: World) -> None:
    hire = await a_hire(world)

    with pytest.raises(ApprovalNotFound):
        await suspend(world, await an_employer(world, await a_company(world)), hire.number)


# -- prolongations --------------------------------------------------------------


async def test_the_employer_asks_and_the_named_prescriber_grants(world: World) -> None:
    hire = await a_hire(world)
    asked = await ask_rqth(world, hire.employer, hire)

    view = await grant_prolongation(
        uow=world.uow, actor=hire.prescriber, clock=world.clock, ids=world.ids, prolongation_id=asked.id
    )

    assert view.approval.prolongations[-1].status is ProlongationStatus.GRANTED
    assert (await stored_approval(world, hire.number)).end_at == asked.end_at


async def test_the_named_prescriber_denies_with_a_reason(world: World) -> None:
    hire = await a_hire(world)
    asked = await ask_rqth(world, hire.employer, hire)

    await deny_prolongation(
        uow=world.uow,
        actor=hire.prescriber,
        clock=world.clock,
        ids=world.ids,
        prolongation_id=asked.id,
        denial=Denial(DenyReason.REASON, "La RQTH a expiré."),
    )

    stored = (await stored_approval(world, hire.number)).prolongations[-1]
    assert (stored.status, stored.deny_reason) == (ProlongationStatus.DENIED, "La RQTH a expiré.")


async def test_a_prescriber_named_in_a_request_reads_the_pass(world: World) -> None:
    hire = await a_hire(world)
    mission_locale = await an_organisation(world, kind=OrganisationKind.ML)
    await ask_rqth(world, hire.employer, hire, organisation=mission_locale)

    assert await read(world, await a_prescriber(world, mission_locale), hire.number) == hire.number


async def test_only_the_named_organisation_decides(world: World) -> None:
    hire = await a_hire(world)
    mission_locale = await an_organisation(world, kind=OrganisationKind.ML)
    asked = await ask_rqth(world, hire.employer, hire, organisation=mission_locale)

    with pytest.raises(Forbidden):
        await grant_prolongation(
            uow=world.uow, actor=hire.prescriber, clock=world.clock, ids=world.ids, prolongation_id=asked.id
        )


async def test_the_employer_may_not_grant_his_own_request(world: World) -> None:
    hire = await a_hire(world)
    asked = await ask_rqth(world, hire.employer, hire)

    with pytest.raises(Forbidden):
        await grant_prolongation(
            uow=world.uow, actor=hire.employer, clock=world.clock, ids=world.ids, prolongation_id=asked.id
        )


async def test_an_outsider_cannot_find_a_request(world: World) -> None:
    hire = await a_hire(world)
    asked = await ask_rqth(world, hire.employer, hire)
    outsider = await a_prescriber(world, await an_organisation(world))

    with pytest.raises(ApprovalNotFound):
        await grant_prolongation(
            uow=world.uow, actor=outsider, clock=world.clock, ids=world.ids, prolongation_id=asked.id
        )


async def test_a_request_names_a_habilitated_organisation(world: World) -> None:
    hire = await a_hire(world)
    pending = await an_organisation(world, kind=OrganisationKind.CHRS, habilitation=Habilitation.PENDING)

    with pytest.raises(PrescriberNotHabilitated):
        await ask_rqth(world, hire.employer, hire, organisation=pending)


async def test_the_age_of_a_senior_is_checked_against_his_birthdate(world: World) -> None:
    hire = await a_hire(world)  # born in 1970: 57 on 4 May 2027, before the PASS ends
    approval = await stored_approval(world, hire.number)

    view = await request_prolongation(
        uow=world.uow,
        actor=hire.employer,
        clock=world.clock,
        ids=world.ids,
        number=hire.number,
        ask=ProlongationAsk(reason=ProlongationReason.SENIOR_CDI, end_at=approval.end_at + timedelta(days=3000)),
    )

    assert view.approval.prolongations[-1].status is ProlongationStatus.GRANTED


async def test_the_holder_may_not_ask_for_a_prolongation(world: World) -> None:
    hire = await a_hire(world)

    with pytest.raises(Forbidden):
        await ask_rqth(world, hire.holder, hire)
