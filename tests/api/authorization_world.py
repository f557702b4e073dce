"""The world of the authorization matrix: two tenants' worth of people and objects.

The *own* side is the one the callers belong to: an EI and its employer, a
France Travail agency and its prescriber, an orienteur who found the job
seeker by his NIR (which lets him apply for him, not see him), the job
seeker (with an account), a posting, candidatures
sent by the agency (accepted with a PASS IAE, refused, new). The *other* side
is a second EI, agency and job seeker that none of the callers but staff may
touch. Beside them: a second company of the employer (to transfer to), an
employer of a third, unrelated company, staff, and partner applications bound
to the own company, with every scope and with none.

Operations that change what they touch get fresh objects for each call
(``a_person``, ``a_candidature``, ``a_hire``…), so that no call changes the
answer of another.
"""

import dataclasses
import itertools
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import httpx
from argon2 import PasswordHasher

from adapters.security.passwords import Argon2PasswordHasher
from api.bootstrap import Container
from domain.approvals.business_dates import paris_date
from domain.companies.companies import Company
from domain.companies.job_postings import JobPosting
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.identity.memberships import MembershipRole, Tenant
from domain.identity.scopes import ALL_SCOPES
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import JobSeeker, NirLookup
from domain.notifications.messages import DeliveryState, Envelope, OutboxMessage
from domain.prescribers.organisations import OrganisationKind, PrescriberOrganisation
from tests.api.approval_scenes import a_diagnosis
from tests.api.back_in_time import on_the_day
from tests.api.candidature_scenes import CANDIDATURES, a_partner_token
from tests.api.employee_record_scenes import COMPLETE, RECORDS
from tests.builders.companies import a_company, a_job_posting, company_tenant
from tests.builders.identity import a_user, bearer, join
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant
from tests.nirs import a_nir

PRINCIPALS = (
    "anonymous",
    "job_seeker",
    "orienteur",
    "prescriber",
    "employer",
    "other_employer",
    "staff",
    "partner",
    "partner_no_scope",
)
SIDES = ("own", "other")
BORN = date(1990, 5, 17)


def with_fast_hashing(container: Container) -> Container:
    """The same container with a cheap argon2: the matrix is about who may call,
    and the production cost (~0.5 s a hash here) would make it crawl."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return dataclasses.replace(container, hasher=Argon2PasswordHasher(cheap))


@dataclass(slots=True)
class Side:
    company: Company
    employer: User
    employer_headers: dict[str, str]
    organisation: PrescriberOrganisation
    prescriber: User
    job_seeker: JobSeeker
    holder: User
    posting: JobPosting
    company_member: User  # a plain member, whose role the members routes change
    organisation_member: User
    candidatures: dict[str, UUID] = field(default_factory=dict)  # by state
    pass_number: str = ""
    employee_record: str = ""  # the one the hire with the PASS IAE opened


@dataclass(slots=True)
class World:
    client: httpx.AsyncClient
    container: Container
    own: Side
    other: Side
    orienteur_organisation: PrescriberOrganisation
    orienteur_member: User
    second_company: Company  # the own employer is a member of it too
    stranger_company: Company  # the other employer's
    principals: dict[str, dict[str, str]]  # how each one authenticates

    def side(self, name: str) -> Side:
        return self.own if name == "own" else self.other

    def headers(self, principal: str, *, holder: User | None = None) -> dict[str, str]:
        """How ``principal`` authenticates; ``holder`` stands for the job seeker
        when the call is about a person made for it."""
        if principal == "job_seeker" and holder is not None:
            return bearer(self.container, holder)
        return self.principals[principal]

    def company_of(self, principal: str) -> Company | None:
        """The company a principal acts for, if any."""
        return {
            "employer": self.own.company,
            "partner": self.own.company,
            "partner_no_scope": self.own.company,
            "other_employer": self.stranger_company,
        }.get(principal)

    def organisation_of(self, principal: str, side: str) -> PrescriberOrganisation:
        """The principal's own organisation on the own side; the side's agency otherwise."""
        if side == "own" and principal == "orienteur":
            return self.orienteur_organisation
        return self.side(side).organisation

    def member_of_organisation(self, principal: str, side: str) -> User:
        if side == "own" and principal == "orienteur":
            return self.orienteur_member
        return self.side(side).organisation_member

    # -- fresh objects, for the operations that change what they touch ------------------

    async def a_person(self, side: str, *, followed_by_company: bool = False, **fields: Any) -> tuple[JobSeeker, User]:
        """A job seeker with an account, diagnosed by the side's agency (whose
        members then see him); also followed by the side's company, and found
        by his NIR by the orienteur on the own side, when asked."""
        s = self.side(side)
        holder = await a_user(self.container, kind=UserKind.JOB_SEEKER)
        person = await a_job_seeker(self.container, created_by=holder, **fields)
        await a_diagnosis(self.container, person, s.organisation)
        if followed_by_company:
            await self.employer_diagnosis(person, s.company)
            if side == "own":
                await self.found_by_nir(person, organisation=self.orienteur_organisation)
        return person, holder

    async def employer_diagnosis(self, person: JobSeeker, company: Company) -> None:
        diagnosis = EligibilityDiagnosis.by_employer(
            id=self.container.ids.new_id(),
            job_seeker_id=person.id,
            author_user_id=None,
            company_id=company.id,
            criteria=("RSA",),
            at=self.container.clock.now(),
            event_id=self.container.ids.new_id(),
        )
        uow = self.container.new_uow()
        async with uow:
            await uow.diagnoses.add(diagnosis)
            await uow.commit()

    async def found_by_nir(self, person: JobSeeker, *, organisation: PrescriberOrganisation) -> None:
        lookup = NirLookup(
            id=self.container.ids.new_id(),
            at=self.container.clock.now(),
            user_id=None,
            client_id=None,
            organisation_id=organisation.id,
            company_id=None,
            found_job_seeker_id=person.id,
        )
        uow = self.container.new_uow()
        async with uow:
            await uow.job_seekers.record_lookup(lookup)
            await uow.commit()

    async def a_candidature(
        self, side: str, *, state: str = "new", hired_days_ago: int = 0, **person: Any
    ) -> tuple[UUID, User]:
        """A candidature the side's prescriber sent for a fresh person, brought
        to ``state`` (new, prior_to_hire or accepted) by the side's employer;
        all of it ``hired_days_ago`` days ago."""
        if not hired_days_ago:
            return await self._a_candidature(side, state=state, **person)
        with on_the_day(self.container, paris_date(self.container.clock.now()) - timedelta(days=hired_days_ago)):
            return await self._a_candidature(side, state=state, **person)

    async def _a_candidature(self, side: str, *, state: str, **person: Any) -> tuple[UUID, User]:
        s = self.side(side)
        job_seeker, holder = await self.a_person(side, **person)
        candidature = await self.call_ok(
            "POST",
            CANDIDATURES,
            bearer(self.container, s.prescriber),
            json={"job_seeker_id": str(job_seeker.id), "company_id": str(s.company.id)},
        )
        moves = {"new": [], "prior_to_hire": ["prior-to-hire"], "accepted": ["accept"]}[state]
        for slug in moves:
            body = {"hiring_start_at": self.today()} if slug == "accept" else None
            await self.call_ok("POST", f"{CANDIDATURES}/{candidature['id']}/{slug}", s.employer_headers, json=body)
        return UUID(candidature["id"]), holder

    async def an_exit(self, side: str, *, follow_up: bool = False) -> tuple[UUID, User]:
        """A hire of 200 days ago that ended 120 days ago (its 3-month follow-up
        is due), recorded by the side's employer; with that follow-up if asked."""
        candidature_id, holder = await self.a_candidature(side, state="accepted", hired_days_ago=200)
        url, employer = f"{CANDIDATURES}/{candidature_id}/exit", self.side(side).employer_headers
        await self.call_ok("POST", url, employer, json=self.exit_facts(days_ago=120))
        if follow_up:
            follow_up_body = {"horizon_months": 3, "situation": "inactive"}
            await self.call_ok("POST", f"{url}/follow-ups", employer, json=follow_up_body)
        return candidature_id, holder

    def exit_facts(self, *, days_ago: int) -> dict[str, object]:
        return {"exit_at": self.today(-days_ago), "hours_worked": 520, "exit_kind": "durable_employment"}

    async def an_employee_record(self, side: str, *, complete: bool = False) -> tuple[UUID, User]:
        """The employee record a fresh hire opened (with the ASP fields filled in, if asked)."""
        person = {"birthdate": BORN, "nir": a_nir(born=BORN, sex=2, department="69", commune="123")}
        candidature_id, holder = await self.a_candidature(side, state="accepted", **person)
        employer = self.side(side).employer_headers
        records = await self.call_ok("GET", RECORDS, employer)
        record_id = next(r["id"] for r in records["items"] if r["candidature_id"] == str(candidature_id))
        if complete:
            await self.call_ok("PATCH", f"{RECORDS}/{record_id}", employer, json=COMPLETE)
        return UUID(record_id), holder

    async def a_record_told_dates_the_asp_rejected(self, side: str) -> tuple[UUID, User]:
        """A record the ASP holds, whose PASS IAE was then suspended and whose
        update notification the ASP rejected: the employer may tell it again."""
        record_id, holder = await self.an_employee_record(side, complete=True)
        employer = self.side(side).employer_headers
        record = await self.call_ok("POST", f"{RECORDS}/{record_id}/ready", employer)
        async with self.container.new_uow() as uow:
            await uow.employee_records.claim_batch(batch_file=(records_file := _a_batch_name()), limit=700)
            await uow.employee_records.mark_sent(records_file, at=self.container.clock.now())
            await uow.commit()
        suspension = {"start_at": self.today(), "end_at": self.today(29), "reason": "contract_suspended"}
        await self.call_ok(
            "POST", f"/api/v1/approvals/{record['approval_number']}/suspensions", employer, json=suspension
        )
        async with self.container.new_uow() as uow:
            await uow.employee_record_updates.claim_batch(batch_file=(updates_file := _a_batch_name()), limit=700)
            await uow.employee_record_updates.mark_sent(updates_file, at=self.container.clock.now())
            [update] = await uow.employee_record_updates.of_record(record_id)
            update.apply_answer(code="3417", label="Commune de résidence inconnue", at=self.container.clock.now())
            await uow.commit()
        return record_id, holder

    async def a_hire(self, side: str) -> tuple[dict[str, Any], User]:
        """The PASS IAE (as the API shows it) of a fresh person hired by the side's company."""
        candidature_id, holder = await self.a_candidature(side, state="accepted")
        candidature = await self.call_ok("GET", f"{CANDIDATURES}/{candidature_id}", self.side(side).employer_headers)
        approval: dict[str, Any] = candidature["approval"]
        return approval, holder

    async def a_prolongation_request(self, side: str) -> tuple[UUID, User]:
        """A pending prolongation request of a fresh hire, that the side's agency decides."""
        approval, holder = await self.a_hire(side)
        s = self.side(side)
        body = {
            "reason": "rqth",
            "end_at": self.today(800),
            "prescriber_organisation_id": str(s.organisation.id),
        }
        asked = await self.call_ok(
            "POST", f"/api/v1/approvals/{approval['number']}/prolongation-requests", s.employer_headers, json=body
        )
        return UUID(asked["prolongations"][-1]["id"]), holder

    async def a_dead_email(self) -> UUID:
        message = OutboxMessage.for_event(
            event_id=uuid.uuid4(),
            event_type="HabilitationDecided",
            envelope=Envelope("admin@example.org", "habilitation_decided", {"decision": "validated"}),
            at=self.container.clock.now(),
        )
        message.state, message.attempts, message.last_error = DeliveryState.DEAD, 8, "550 unknown user"
        uow = self.container.new_uow()
        async with uow:
            await uow.outbox.add(message)
            await uow.commit()
        return message.id

    async def a_pending_organisation(self) -> PrescriberOrganisation:
        return await an_organisation(self.container, kind=OrganisationKind.CHRS)

    async def an_account(self, kind: UserKind) -> User:
        return await a_user(self.container, kind=kind)

    async def email_of(self, principal: str) -> str | None:
        """The address of the person ``principal`` authenticates as; None for
        the anonymous caller and partner applications."""
        authorization = self.principals[principal].get("Authorization")
        if authorization is None:
            return None
        claims = self.container.tokens.verify(authorization.removeprefix("Bearer "))
        if claims.subject_type != "user":
            return None
        uow = self.container.new_uow()
        async with uow:
            user = await uow.users.get(uuid.UUID(claims.subject))
        return user.email if user else None

    def today(self, days: int = 0) -> str:
        return (paris_date(self.container.clock.now()) + timedelta(days=days)).isoformat()

    async def call_ok(self, method: str, url: str, headers: dict[str, str], **kwargs: Any) -> dict[str, Any]:
        """A call that sets the world up: it must succeed."""
        response = await self.client.request(method, url, headers=headers, **kwargs)
        assert response.is_success, f"setting up the world: {method} {url} -> {response.status_code} {response.text}"
        answer: dict[str, Any] = response.json()
        return answer


_batches = itertools.count(1)


def _a_batch_name() -> str:
    return f"RIAE_FS_2026030209{next(_batches):04d}.json"


async def a_world(client: httpx.AsyncClient, container: Container) -> World:
    own, other = await _a_side(container), await _a_side(container)
    orienteur_organisation = await an_organisation(container, kind=OrganisationKind.ORIENTEUR)
    second_company, stranger_company = await a_company(container), await a_company(container)
    await join(container, own.employer, company_tenant(second_company))
    own.employer_headers = bearer(container, own.employer, act_as=own.company.id)
    orienteur = await _an_admin(container, UserKind.PRESCRIBER, organisation_tenant(orienteur_organisation))
    stranger = await _an_admin(container, UserKind.EMPLOYER, company_tenant(stranger_company))
    own_company = company_tenant(own.company)
    world = World(
        client=client,
        container=container,
        own=own,
        other=other,
        orienteur_organisation=orienteur_organisation,
        orienteur_member=await _a_member(container, UserKind.PRESCRIBER, organisation_tenant(orienteur_organisation)),
        second_company=second_company,
        stranger_company=stranger_company,
        principals={
            "anonymous": {},
            "job_seeker": bearer(container, own.holder),
            "orienteur": bearer(container, orienteur),
            "prescriber": bearer(container, own.prescriber),
            "employer": own.employer_headers,
            # He says which company he acts for: accepting invitations (invitations-accept) makes him
            # a member of more companies as the matrix runs.
            "other_employer": bearer(container, stranger, act_as=stranger_company.id),
            "staff": bearer(container, await a_user(container, kind=UserKind.STAFF)),
            "partner": await a_partner_token(container, own_company, scopes=ALL_SCOPES),
            "partner_no_scope": await a_partner_token(container, own_company, scopes=frozenset()),
        },
    )
    await world.found_by_nir(own.job_seeker, organisation=orienteur_organisation)
    for side in SIDES:
        await _with_candidatures(world, side)
    return world


async def _a_side(container: Container) -> Side:
    company, organisation = await a_company(container), await an_organisation(container)
    employer = await _an_admin(container, UserKind.EMPLOYER, company_tenant(company))
    holder = await a_user(container, kind=UserKind.JOB_SEEKER)
    job_seeker = await a_job_seeker(container, created_by=holder, nir=a_nir(), commune="75111")
    return Side(
        company=company,
        employer=employer,
        employer_headers=bearer(container, employer),
        organisation=organisation,
        prescriber=await _an_admin(container, UserKind.PRESCRIBER, organisation_tenant(organisation)),
        job_seeker=job_seeker,
        holder=holder,
        posting=await a_job_posting(container, company),
        company_member=await _a_member(container, UserKind.EMPLOYER, company_tenant(company)),
        organisation_member=await _a_member(container, UserKind.PRESCRIBER, organisation_tenant(organisation)),
    )


async def _an_admin(container: Container, kind: UserKind, tenant: Tenant) -> User:
    return await a_user(container, kind=kind, member_of=tenant, role=MembershipRole.ADMIN)


async def _a_member(container: Container, kind: UserKind, tenant: Tenant) -> User:
    return await a_user(container, kind=kind, member_of=tenant, role=MembershipRole.MEMBER)


async def _with_candidatures(world: World, side: str) -> None:
    """The side's job seeker, diagnosed by the agency, hired (PASS IAE), then
    refused, then sent again (new): one candidature in each of these states."""
    s = world.side(side)
    await a_diagnosis(world.container, s.job_seeker, s.organisation)
    prescriber = bearer(world.container, s.prescriber)
    body = {"job_seeker_id": str(s.job_seeker.id), "company_id": str(s.company.id)}
    answers = [("accepted", "accept", {"hiring_start_at": world.today()}), ("refused", "refuse", {"reason": "other"})]
    for state, slug, answer in answers:
        sent = await world.call_ok("POST", CANDIDATURES, prescriber, json=body)
        answered = await world.call_ok("POST", f"{CANDIDATURES}/{sent['id']}/{slug}", s.employer_headers, json=answer)
        s.candidatures[state] = UUID(sent["id"])
        if answered["approval"]:
            s.pass_number = answered["approval"]["number"]
    s.candidatures["new"] = UUID((await world.call_ok("POST", CANDIDATURES, prescriber, json=body))["id"])
    s.employee_record = (await world.call_ok("GET", RECORDS, s.employer_headers))["items"][0]["id"]
