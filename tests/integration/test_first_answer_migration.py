"""Revision 0011 gives every candidature stored before it the instant of its
first answer, read from its history: the same instant the aggregate records."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.db import migrations
from adapters.db.engine import make_engine
from domain.candidatures.candidatures import Candidature, RefusalReason, Stamp
from domain.companies.companies import CompanyKind
from tests.builders.candidatures import a_candidature_of, a_job_seeker_profile
from tests.integration.test_repository_contracts import an_insertion_company
from tests.sql_units import sql_unit_of_work

pytestmark = pytest.mark.anyio
SENT = datetime(2026, 1, 5, 9, 30, 15, 250_000, tzinfo=UTC)
BEFORE_IT = "0010_employee_records"


@pytest.fixture
async def engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    built = make_engine(fresh_database_url)
    yield built
    await built.dispose()


def on_day(day: float) -> Stamp:
    return Stamp(actor_id=None, at=SENT + timedelta(days=day), event_id=uuid4())


def answered_in_many_ways(company_id: UUID, other_company_id: UUID, people: list[UUID]) -> list[Candidature]:
    waiting, refused, transferred, obsolete = (
        a_candidature_of(job_seeker_id=p, company_id=company_id, at=SENT) for p in people
    )
    refused.process(on_day(3.5))
    refused.refuse(reason=RefusalReason.NO_POSITION, message="", company_kind=CompanyKind.EI, stamp=on_day(40))
    transferred.transfer(to_company_id=other_company_id, stamp=on_day(1))
    transferred.postpone(on_day(2))
    obsolete.render_obsolete(by_candidature_id=refused.id, stamp=on_day(0.25))
    obsolete.reset(on_day(5))
    obsolete.process(on_day(6))
    return [waiting, refused, transferred, obsolete]


async def first_answers(engine: AsyncEngine, ids: list[UUID]) -> list[datetime | None]:
    async with sql_unit_of_work(engine) as uow:
        found = [await uow.candidatures.get(i) for i in ids]
    return [c.first_answered_at if c else None for c in found]


async def test_the_backfill_finds_the_first_answer_the_aggregate_recorded(engine: AsyncEngine) -> None:
    await migrations.upgrade(engine)
    company, other = an_insertion_company(), an_insertion_company()
    people = [a_job_seeker_profile(at=SENT) for _ in range(4)]
    candidatures = answered_in_many_ways(company.id, other.id, [p.id for p in people])
    async with sql_unit_of_work(engine) as uow:
        for company_ in (company, other):
            await uow.companies.add(company_)
        for person in people:
            await uow.job_seekers.add(person)
        for candidature in candidatures:
            await uow.candidatures.add(candidature)
        await uow.commit()
    recorded = [c.first_answered_at for c in candidatures]
    ids = [c.id for c in candidatures]
    assert recorded == [None, SENT + timedelta(days=3.5), SENT + timedelta(days=1), SENT + timedelta(days=0.25)]
    assert await first_answers(engine, ids) == recorded

    await migrations.downgrade(engine, BEFORE_IT)
    await migrations.upgrade(engine)

    assert await first_answers(engine, ids) == recorded
