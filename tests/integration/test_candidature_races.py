"""Concurrent submissions on PostgreSQL: the database keeps one pending
candidature per job seeker and company, and one answer per idempotency key."""

import asyncio
from dataclasses import dataclass

import pytest

from api.bootstrap import Container
from domain.candidatures.idempotency import IdempotentRequest, RequestInProgress, StoredResponse
from domain.candidatures.listing import CandidatureFilters, Readers
from domain.candidatures.submission import AlreadyPending, Application, Idempotency, Submission, submit_candidature
from domain.identity.memberships import MembershipRole
from domain.identity.principal import ActingFor, Principal
from domain.identity.users import UserKind
from tests.builders.companies import a_company
from tests.builders.identity import a_user
from tests.builders.job_seekers import a_job_seeker
from tests.builders.prescribers import an_organisation, organisation_tenant

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]
AT_ONCE = 12


@dataclass(slots=True, frozen=True)
class Race:
    prescriber: Principal
    application: Application


@pytest.fixture
async def race(container: Container) -> Race:
    agency = await an_organisation(container)
    user = await a_user(container, kind=UserKind.PRESCRIBER, member_of=organisation_tenant(agency))
    job_seeker = await a_job_seeker(container, created_by=agency)
    company = await a_company(container)
    prescriber = Principal(
        kind=UserKind.PRESCRIBER,
        user_id=user.id,
        acting_for=ActingFor(tenant=organisation_tenant(agency), role=MembershipRole.ADMIN, habilitated=True),
    )
    return Race(prescriber, Application(company_id=company.id, job_seeker_id=job_seeker.id))


async def submit(container: Container, race: Race, idempotency: Idempotency | None = None) -> Submission:
    return await submit_candidature(
        uow=container.new_uow(),
        actor=race.prescriber,
        clock=container.clock,
        ids=container.ids,
        application=race.application,
        idempotency=idempotency,
    )


async def candidatures_in(container: Container) -> int:
    uow = container.new_uow()
    async with uow:
        everything = await uow.candidatures.page(
            readers=Readers(everything=True), filters=CandidatureFilters(), after=None, limit=100
        )
    return len(everything)


async def test_simultaneous_submissions_create_one_pending_candidature(container: Container, race: Race) -> None:
    outcomes = await asyncio.gather(*(submit(container, race) for _ in range(AT_ONCE)), return_exceptions=True)

    created = [o for o in outcomes if isinstance(o, Submission)]
    refused = [o for o in outcomes if isinstance(o, AlreadyPending)]
    assert (len(created), len(refused)) == (1, AT_ONCE - 1), outcomes
    assert await candidatures_in(container) == 1


async def test_simultaneous_retries_with_one_idempotency_key_create_one_candidature(
    container: Container, race: Race
) -> None:
    keyed = Idempotency(
        IdempotentRequest(caller=f"user:{race.prescriber.user_id}", key="retry-1", fingerprint="sha256:aaa"),
        respond=lambda candidature: StoredResponse(201, f'{{"id": "{candidature.id}"}}'),
    )

    outcomes = await asyncio.gather(*(submit(container, race, keyed) for _ in range(AT_ONCE)), return_exceptions=True)

    answers = {o.response for o in outcomes if isinstance(o, Submission)}
    unexpected = [o for o in outcomes if not isinstance(o, Submission | RequestInProgress)]
    assert unexpected == []
    assert len(answers) == 1  # the first answer, or its replay
    assert await candidatures_in(container) == 1
