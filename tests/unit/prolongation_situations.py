"""Situations of prolongation request tests on the in-memory fakes: a PASS
IAE, its employer, and the agency whose prescribers decide."""

from dataclasses import dataclass
from datetime import date, timedelta

from domain.approvals.prolongations import Prolongation, ProlongationAsk, ProlongationReason
from domain.approvals.use_cases import request_prolongation
from domain.companies.companies import Company
from domain.identity.memberships import MembershipStatus
from domain.identity.principal import Principal
from domain.identity.users import User
from domain.prescribers.organisations import PrescriberOrganisation
from tests.unit.approval_situations import a_diagnosis, a_job_seeker, an_employer, hired, prescriber_of
from tests.unit.situations import World, a_company, a_member, an_organisation, tenant_of


@dataclass(slots=True, frozen=True)
class Desk:
    """An EI hired a person with a PASS IAE; at the France Travail agency that
    diagnosed him, the prescriber the employer knows and a colleague."""

    number: str
    end_at: date
    company: Company
    employer: Principal
    agency: PrescriberOrganisation
    assignee: User
    colleague: User

    def as_prescriber(self, user: User) -> Principal:
        return prescriber_of(user.id, self.agency)


async def a_desk(world: World) -> Desk:
    company, agency = await a_company(world), await an_organisation(world)
    job_seeker = await a_job_seeker(world, by=agency, with_account=True, birthdate=date(1970, 5, 4))
    await a_diagnosis(world, job_seeker, by=agency)
    approval = (await hired(world, job_seeker, company)).approval
    assert approval is not None
    return Desk(
        number=approval.number,
        end_at=approval.end_at,
        company=company,
        employer=await an_employer(world, company),
        agency=agency,
        assignee=await a_member(world, tenant_of(agency)),
        colleague=await a_member(world, tenant_of(agency)),
    )


async def asked(world: World, desk: Desk, *, addressed: bool = True, employer: Principal | None = None) -> Prolongation:
    """A pending RQTH request of 90 days, addressed to ``desk.assignee`` by email (or to the whole agency)."""
    view = await request_prolongation(
        uow=world.uow,
        actor=employer or desk.employer,
        clock=world.clock,
        ids=world.ids,
        number=desk.number,
        ask=ProlongationAsk(ProlongationReason.RQTH, desk.end_at + timedelta(days=90), desk.agency.id),
        prescriber_email=desk.assignee.email if addressed else None,
    )
    return view.approval.prolongations[-1]


async def leaves(world: World, user: User, organisation: PrescriberOrganisation) -> None:
    """``user`` is no longer a member of ``organisation``."""
    async with world.uow as uow:
        membership = await uow.memberships.get(user_id=user.id, tenant=tenant_of(organisation))
        assert membership is not None
        membership.status = MembershipStatus.REVOKED
        await uow.commit()
