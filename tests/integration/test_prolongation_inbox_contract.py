"""The lists of prolongation requests, and the changes this issue brings to a
PASS IAE, behave alike on the fake and on SQL (both engines)."""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.approvals.approvals import Approval
from domain.approvals.hires import Employer
from domain.approvals.inbox import InboxFilters, InboxPosition
from domain.approvals.numbers import PassNumber
from domain.approvals.prolongation_denials import Denial, DenyReason, ProposedAction
from domain.approvals.prolongations import ProlongationAsk, ProlongationReason, ProlongationStatus
from domain.approvals.suspensions import SuspensionReason, SuspensionRequest
from domain.companies.companies import Company, CompanyKind
from domain.identity.memberships import Membership, MembershipRole, MembershipStatus, Tenant, TenantKind
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import Habilitation, OrganisationKind, PrescriberOrganisation
from tests.builders.companies import a_siret

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASS_END = date(2026, 3, 2) + timedelta(days=729)
NewUow = Callable[[], UnitOfWork]
_sequences = itertools.count(500)


class Ids:
    def new_id(self) -> UUID:
        return uuid4()


ids = Ids()


@dataclass(slots=True, frozen=True)
class Scene:
    company: Company
    agency: PrescriberOrganisation
    job_seeker: JobSeeker
    assignee: User
    colleague: User


def _a_company() -> Company:
    return Company(
        id=uuid4(),
        siret=a_siret(),
        kind=CompanyKind.EI,
        name="Recyclerie du Faubourg",
        address_line="12 rue du Faubourg Saint-Antoine",
        postal_code="75011",
        commune="75111",
        city="Paris 11e Arrondissement",
        department="75",
        latitude=48.85297,
        longitude=2.37416,
        created_at=NOW,
        updated_at=NOW,
    )


def _a_prescriber() -> User:
    return User(uuid4(), UserKind.PRESCRIBER, f"prescriber.{uuid4().hex}@example.org", "Camille", "Martin", None, NOW)


async def a_scene(new_uow: NewUow) -> Scene:
    agency = PrescriberOrganisation(
        uuid4(), a_siret(), OrganisationKind.FT, "France Travail", Habilitation.VALIDATED, NOW
    )
    job_seeker = JobSeeker.register(
        id=uuid4(),
        details=JobSeekerDetails(first_name="Inès", last_name="Haddad"),
        created_by=Creator(user_id=None, organisation_id=agency.id),
        at=NOW,
        event_id=uuid4(),
    )
    scene = Scene(_a_company(), agency, job_seeker, _a_prescriber(), _a_prescriber())
    tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, agency.id)
    uow = new_uow()
    async with uow:
        await uow.companies.add(scene.company)
        await uow.organisations.add(agency)
        await uow.job_seekers.add(job_seeker)
        for user in (scene.assignee, scene.colleague):
            await uow.users.add(user)
            await uow.memberships.add(
                Membership(uuid4(), user.id, tenant, MembershipRole.MEMBER, MembershipStatus.ACTIVE, NOW)
            )
        await uow.commit()
    return scene


async def a_request(new_uow: NewUow, scene: Scene, *, at: datetime = NOW, addressed: bool = True) -> UUID:
    """A fresh PASS IAE with a pending RQTH request made at ``at``."""
    approval = Approval.issue(
        ids=ids,
        number=PassNumber.issue(prefix="99999", sequence=next(_sequences)),
        job_seeker_id=scene.job_seeker.id,
        rank=next(_sequences),
        hiring_start=date(2026, 3, 2),
        diagnosis_id=None,  # type: ignore[arg-type]
        company_id=scene.company.id,
        candidature_id=uuid4(),
        at=NOW,
    )
    ask = ProlongationAsk(
        ProlongationReason.RQTH,
        approval.end_at + timedelta(days=90),
        scene.agency.id,
        assigned_to_user_id=scene.assignee.id if addressed else None,
    )
    employer = Employer(scene.company.id, scene.company.kind, None)
    prolongation = approval.request_prolongation(ids=ids, ask=ask, employer=employer, age=None, at=at)
    uow = new_uow()
    async with uow:
        await uow.approvals.add(approval)
        await uow.commit()
    return prolongation.id


async def listed(new_uow: NewUow, filters: InboxFilters, *, after: InboxPosition | None = None, limit: int = 10):  # type: ignore[no-untyped-def]
    uow = new_uow()
    async with uow:
        return await uow.approvals.prolongation_requests(filters=filters, after=after, limit=limit)


async def test_a_request_is_listed_with_its_pass_and_its_addressee(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    request_id = await a_request(new_uow, scene)

    (entry,) = await listed(new_uow, InboxFilters(company_id=scene.company.id))

    assert (entry.prolongation.id, entry.prolongation.assigned_to_user_id) == (request_id, scene.assignee.id)
    assert (entry.job_seeker_id, entry.approval_end_at) == (scene.job_seeker.id, PASS_END)
    assert PassNumber(entry.approval_number).value == entry.approval_number


async def test_a_member_decides_what_is_addressed_to_him_or_to_nobody_present(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    to_assignee = await a_request(new_uow, scene)
    to_everyone = await a_request(new_uow, scene, at=NOW + timedelta(minutes=1), addressed=False)
    for_assignee = InboxFilters(organisation_id=scene.agency.id, decider_id=scene.assignee.id)
    for_colleague = InboxFilters(organisation_id=scene.agency.id, decider_id=scene.colleague.id)

    assert [e.prolongation.id for e in await listed(new_uow, for_assignee)] == [to_everyone, to_assignee]
    assert [e.prolongation.id for e in await listed(new_uow, for_colleague)] == [to_everyone]


@pytest.mark.parametrize("departure", ["membership-revoked", "account-closed"])
async def test_once_the_addressee_is_gone_his_colleagues_decide(new_uow: NewUow, departure: str) -> None:
    scene = await a_scene(new_uow)
    request_id = await a_request(new_uow, scene)
    uow = new_uow()
    async with uow:
        if departure == "account-closed":
            user = await uow.users.get(scene.assignee.id)
            assert user is not None
            user.is_active = False
        else:
            tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, scene.agency.id)
            membership = await uow.memberships.get(user_id=scene.assignee.id, tenant=tenant)
            assert membership is not None
            membership.status = MembershipStatus.REVOKED
        await uow.commit()

    colleague = InboxFilters(organisation_id=scene.agency.id, decider_id=scene.colleague.id)
    assert [e.prolongation.id for e in await listed(new_uow, colleague)] == [request_id]


async def test_the_lists_page_newest_first_and_filter_by_status_and_instant(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    older = await a_request(new_uow, scene, at=NOW)
    newer = await a_request(new_uow, scene, at=NOW + timedelta(days=3))
    mine = InboxFilters(company_id=scene.company.id, status=ProlongationStatus.PENDING)

    (first,) = await listed(new_uow, mine, limit=1)
    (second,) = await listed(new_uow, mine, after=first.position, limit=1)
    window = InboxFilters(company_id=scene.company.id, requested_from=NOW + timedelta(days=1))

    assert [first.prolongation.id, second.prolongation.id] == [newer, older]
    assert [e.prolongation.id for e in await listed(new_uow, window)] == [newer]
    assert await listed(new_uow, InboxFilters(company_id=scene.company.id, status=ProlongationStatus.DENIED)) == []


async def test_a_denial_and_the_changes_of_suspensions_are_stored(new_uow: NewUow) -> None:
    scene = await a_scene(new_uow)
    request_id = await a_request(new_uow, scene)
    employer = Employer(scene.company.id, scene.company.kind, None)
    uow = new_uow()
    async with uow:
        approval = await uow.approvals.get_by_prolongation(request_id)
        assert approval is not None
        denial = Denial(DenyReason.IAE, "Parcours terminé.", (ProposedAction.SOCIAL_PARTNER,), "Mission locale.")
        approval.deny_prolongation(ids=ids, prolongation_id=request_id, denial=denial, by_user_id=None, at=NOW)
        for start in (date(2026, 4, 1), date(2026, 5, 1)):
            request = SuspensionRequest(start, start + timedelta(days=9), SuspensionReason.CONTRACT_SUSPENDED)
            approval.suspend(ids=ids, request=request, employer=employer, today=date(2026, 3, 2), at=NOW)
        first, second = approval.suspensions
        approval.delete_suspension(ids=ids, suspension_id=first.id, employer=employer, today=date(2026, 3, 2), at=NOW)
        approval.change_suspension_end(
            ids=ids, suspension_id=second.id, end_at=date(2026, 5, 3), employer=employer, at=NOW
        )
        await uow.commit()

    uow = new_uow()
    async with uow:
        stored = await uow.approvals.get_by_prolongation(request_id)
    assert stored is not None
    denied = stored.prolongation(request_id)
    assert denied is not None
    assert (denied.deny_reason_code, denied.deny_proposed_actions) == (DenyReason.IAE, (ProposedAction.SOCIAL_PARTNER,))
    assert denied.deny_proposed_actions_explanation == "Mission locale."
    assert [(s.start_at, s.end_at) for s in stored.suspensions] == [(date(2026, 5, 1), date(2026, 5, 3))]
    assert stored.end_at == PASS_END + timedelta(days=3)
