"""Random sequences of answers by random actors, on the fakes: whatever
happens, candidatures move only along the table, every move is in the
history, an acceptance leaves no other pending candidature of the person, and
PASS IAE numbers never repeat."""

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from domain.approvals.eligibility_for_hire import EligibilityRequired, WaitingPeriod
from domain.candidatures.answers import MOVES, move_candidature, refuse_candidature
from domain.candidatures.candidatures import Candidature, Hiring, ReasonNotOffered, RefusalReason
from domain.candidatures.hiring import accept_candidature, cancel_hire
from domain.candidatures.policies import CandidatureNotFound
from domain.candidatures.state_machine import TRANSITIONS, CandidatureState, InvalidTransition, Transition
from domain.candidatures.submission import AlreadyPending, Application, submit_candidature
from domain.candidatures.transfer import transfer_candidature
from domain.companies.companies import Company, CompanyKind
from domain.errors import DomainError, Forbidden
from domain.identity.memberships import MembershipRole
from domain.identity.principal import Principal
from domain.job_seekers.ages import paris_day
from domain.job_seekers.job_seekers import JobSeeker
from domain.prescribers.organisations import PrescriberOrganisation
from tests.unit.approval_situations import PREFIX, a_diagnosis
from tests.unit.candidature_situations import a_job_seeker, a_prescriber, employer_of
from tests.unit.situations import World, a_company, a_member, a_membership, a_staff_member, an_organisation, tenant_of

ANSWERS = [t for t, rule in TRANSITIONS.items() if rule.by.value == "employer"]
# Mostly the company's employer: the others can only be turned away.
WHO = st.one_of(
    st.just("employer"), st.just("employer"), st.sampled_from(["employer_elsewhere", "prescriber", "staff"])
)
# What a permitted answer may still run into, by transition.
REFUSALS: dict[Transition, tuple[type[DomainError], ...]] = {
    Transition.ACCEPT: (EligibilityRequired, WaitingPeriod),
    Transition.REFUSE: (ReasonNotOffered,),
    Transition.TRANSFER: (AlreadyPending, Forbidden),
}


@dataclass(slots=True, frozen=True)
class Seen:
    state: CandidatureState
    company_id: UUID
    entries: int


class CandidatureWorkflow(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.world = World()
        self.ids: list[UUID] = []
        self.numbers: dict[str, UUID] = {}  # PASS IAE number -> the approval that got it

    def run(self, work: Coroutine[Any, Any, Any]) -> Any:
        return self.loop.run_until_complete(work)

    def teardown(self) -> None:
        self.loop.close()

    @initialize()
    def a_territory(self) -> None:
        self.run(self._build())

    async def _build(self) -> None:
        world = self.world
        self.ei, self.aci = await a_company(world, kind=CompanyKind.EI), await a_company(world, kind=CompanyKind.ACI)
        self.geiq = await a_company(world, kind=CompanyKind.GEIQ)
        boss = await a_member(world, tenant_of(self.ei), role=MembershipRole.ADMIN)
        await a_membership(world, boss, tenant_of(self.aci), role=MembershipRole.ADMIN)
        geiq_boss = await a_member(world, tenant_of(self.geiq), role=MembershipRole.ADMIN)
        self.employers = {
            self.ei.id: employer_of(boss, self.ei),
            self.aci.id: employer_of(boss, self.aci),
            self.geiq.id: employer_of(geiq_boss, self.geiq),
        }
        self.agency: PrescriberOrganisation = await an_organisation(world)
        self.prescriber = await a_prescriber(world, self.agency)
        self.job_seekers: list[JobSeeker] = [await a_job_seeker(world, by_organisation=self.agency) for _ in range(3)]
        for job_seeker in self.job_seekers:
            await a_diagnosis(world, job_seeker, by=self.agency)

    @property
    def companies(self) -> list[Company]:
        return [self.ei, self.aci, self.geiq]

    # -- rules ------------------------------------------------------------------------

    @rule(person=st.integers(0, 2), where=st.integers(0, 2))
    def submit(self, person: int, where: int) -> None:
        application = Application(company_id=self.companies[where].id, job_seeker_id=self.job_seekers[person].id)
        try:
            submission = self.run(
                submit_candidature(
                    uow=self.world.uow,
                    actor=self.prescriber,
                    clock=self.world.clock,
                    ids=self.world.ids,
                    application=application,
                )
            )
        except AlreadyPending:
            return
        assert submission.candidature is not None
        self.ids.append(submission.candidature.id)

    @precondition(lambda self: self.ids)
    @rule(pick=st.integers(0, 10_000), transition=st.sampled_from(ANSWERS), who=WHO)
    def answer(self, pick: int, transition: Transition, who: str) -> None:
        candidature_id = self.ids[pick % len(self.ids)]
        before = self._seen(candidature_id)
        actor = self._actor(who, before.company_id)
        try:
            self.run(self._fire(transition, actor, candidature_id, before.company_id))
        except DomainError as refused:
            assert isinstance(refused, self._expected_refusals(who, before.state, transition)), refused
            assert self._seen(candidature_id) == before
            return
        after = self._seen(candidature_id)
        assert who == "employer" and before.state in TRANSITIONS[transition].sources
        assert (after.state, after.entries) == (TRANSITIONS[transition].target, before.entries + 1)
        if transition is Transition.ACCEPT:
            self._check_nothing_else_pending(candidature_id)

    @rule(days=st.integers(1, 120))
    def time_passes(self, days: int) -> None:
        self.world.clock.advance(timedelta(days=days))

    @rule(person=st.integers(0, 2))
    def a_new_diagnosis(self, person: int) -> None:
        self.run(a_diagnosis(self.world, self.job_seekers[person], by=self.agency))

    # -- invariants ---------------------------------------------------------------------

    @invariant()
    def every_move_is_in_the_history_along_the_table(self) -> None:
        for candidature in self._all():
            state = CandidatureState.NEW
            for entry in candidature.history:
                rule_ = TRANSITIONS[entry.transition]
                assert (entry.from_state, entry.to_state) == (state, rule_.target)
                assert entry.from_state in rule_.sources
                state = entry.to_state
            assert candidature.state is state

    @invariant()
    def pass_numbers_never_repeat(self) -> None:
        for approval in self.world.uow.approvals.rows.values():
            assert self.numbers.setdefault(approval.number, approval.id) == approval.id

    # -- helpers ------------------------------------------------------------------------

    async def _fire(self, transition: Transition, actor: Principal, candidature_id: UUID, company_id: UUID) -> None:
        common = {"uow": self.world.uow, "actor": actor, "clock": self.world.clock, "ids": self.world.ids}
        if transition in MOVES:
            await move_candidature(**common, candidature_id=candidature_id, transition=transition)
        elif transition is Transition.REFUSE:
            await refuse_candidature(
                **common, candidature_id=candidature_id, reason=RefusalReason.NON_ELIGIBLE, message=""
            )
        elif transition is Transition.ACCEPT:
            start = paris_day(self.world.clock.now()) + timedelta(days=7)
            await accept_candidature(
                **common, candidature_id=candidature_id, hiring=Hiring(start), message="", pass_prefix=PREFIX
            )
        elif transition is Transition.CANCEL:
            await cancel_hire(**common, candidature_id=candidature_id)
        else:
            other = self.aci.id if company_id == self.ei.id else self.ei.id
            await transfer_candidature(**common, candidature_id=candidature_id, to_company_id=other)

    def _expected_refusals(
        self, who: str, state: CandidatureState, transition: Transition
    ) -> tuple[type[DomainError], ...]:
        if who != "employer":
            return (Forbidden, CandidatureNotFound)
        if state not in TRANSITIONS[transition].sources:
            return (InvalidTransition,)
        return (*REFUSALS.get(transition, ()), AlreadyPending)

    def _actor(self, who: str, company_id: UUID) -> Principal:
        if who == "employer":
            return self.employers[company_id]
        if who == "employer_elsewhere":
            return self.employers[self.geiq.id if company_id != self.geiq.id else self.ei.id]
        return self.prescriber if who == "prescriber" else a_staff_member()

    def _all(self) -> list[Candidature]:
        return list(self.world.uow.candidatures.rows.values())

    def _seen(self, candidature_id: UUID) -> Seen:
        candidature = self.world.uow.candidatures.rows[candidature_id]
        return Seen(candidature.state, candidature.company_id, len(candidature.history))

    def _check_nothing_else_pending(self, accepted_id: UUID) -> None:
        accepted = self.world.uow.candidatures.rows[accepted_id]
        others = [c for c in self._all() if c.job_seeker_id == accepted.job_seeker_id and c.id != accepted_id]
        assert not [c for c in others if c.is_pending]


CandidatureWorkflow.TestCase.settings = settings(
    max_examples=40, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_candidature_workflow = CandidatureWorkflow.TestCase
