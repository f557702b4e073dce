"""The SQL read side counts what the pure definitions count: the same
hand-built candidatures and exits, stored, give the same profiles."""

import dataclasses
import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from api.bootstrap import Container
from domain.candidatures.candidatures import Candidature, HistoryEntry, RefusalReason, Stamp
from domain.candidatures.state_machine import CandidatureState
from domain.exits.exits import Exit, ExitKind, FollowUp
from domain.indicators.candidature_figures import CandidatureProfile, answered_in_time
from domain.indicators.exit_rates import ExitRecord, profiles_of
from domain.indicators.reports import IndicatorScope, Period
from tests.builders.candidatures import a_candidature_of, a_job_seeker_profile
from tests.integration.test_repository_contracts import an_ft_agency, an_insertion_company

pytestmark = pytest.mark.anyio
S = CandidatureState
TODAY = date(2026, 3, 2)
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
FIRST_INSTANT = datetime(2024, 12, 31, 23, 0, tzinfo=UTC)  # midnight in Paris: the period's first instant
DELAYS = [None, timedelta(days=3), timedelta(days=30), timedelta(days=30, seconds=1), timedelta(days=45)]
STATES = [S.NEW, S.PROCESSING, S.REFUSED, S.ACCEPTED, S.CANCELLED]


@dataclass(slots=True)
class Stored:
    """What was stored, as the pure definitions see it, per company."""

    candidatures: dict[UUID, Counter[CandidatureProfile]]
    exits: dict[UUID, list[ExitRecord]]
    in_75: list[UUID]


def answer(candidature: Candidature, delay: timedelta | None, state: S) -> None:
    """Processed by the aggregate after ``delay`` (never without one), then put in ``state``."""
    if delay is not None:
        candidature.process(Stamp(None, candidature.created_at + delay, uuid4()))
        candidature.events.clear()
    candidature.state = state


def an_exit_of(candidature_id: UUID, rng: random.Random) -> Exit:
    at = datetime(2025, 1, 1, tzinfo=UTC)
    follow_ups = {h: FollowUp(h, rng.choice(list(ExitKind)), None, at) for h in (3, 6, 12) if rng.random() < 0.5}
    return Exit(
        candidature_id=candidature_id,
        exit_at=date(2024, 12, 20) + timedelta(days=rng.randrange(400)),
        hours_worked=rng.choice([0, 449, 450, 1200]),
        exit_kind=rng.choice(list(ExitKind)),
        recorded_by=None,
        recorded_at=at,
        updated_at=at,
        follow_ups=follow_ups,
    )


async def a_department(container: Container, rng: random.Random) -> Stored:
    companies = [an_insertion_company(), an_insertion_company()]
    elsewhere = dataclasses.replace(an_insertion_company(), department="69")
    agency = an_ft_agency()
    stored = Stored({}, {}, [c.id for c in companies])
    uow = container.new_uow()
    async with uow:
        for company in [*companies, elsewhere]:
            await uow.companies.add(company)
        await uow.organisations.add(agency)
        for n in range(120):
            company = [*companies, elsewhere][n % 3]
            created_at = FIRST_INSTANT + timedelta(hours=rng.randrange(-48, 24 * 370))
            state = rng.choice(STATES)
            person = a_job_seeker_profile(at=created_at, by_organisation_id=agency.id)
            await uow.job_seekers.add(person)
            candidature = a_candidature_of(
                job_seeker_id=person.id,
                company_id=company.id,
                at=created_at,
                sent_by_organisation_id=agency.id if rng.random() < 0.6 else None,
            )
            candidature.refusal_reason = rng.choice(list(RefusalReason)) if state is S.REFUSED else None
            answer(candidature, rng.choice(DELAYS), state)
            await uow.candidatures.add(candidature)
            _remember(stored, company.id, candidature)
            if state in (S.ACCEPTED, S.CANCELLED):
                exit_ = an_exit_of(candidature.id, rng)
                await uow.exits.add(exit_)
                if state is S.ACCEPTED:
                    record = ExitRecord(
                        exit_.exit_at,
                        exit_.hours_worked,
                        exit_.exit_kind,
                        {h: f.situation for h, f in exit_.follow_ups.items()},
                    )
                    stored.exits.setdefault(company.id, []).append(record)
        await uow.commit()
    return stored


def _remember(stored: Stored, company_id: UUID, candidature: Candidature) -> None:
    start, end = YEAR.instants()
    if not start <= candidature.created_at < end:
        return
    profile = CandidatureProfile(
        candidature.sender_kind,
        candidature.state,
        candidature.refusal_reason,
        answered_in_time(candidature.created_at, first_move_out_of_new(candidature.history)),
    )
    stored.candidatures.setdefault(company_id, Counter())[profile] += 1


def first_move_out_of_new(history: list[HistoryEntry]) -> datetime | None:
    return min((entry.at for entry in history if entry.from_state is S.NEW), default=None)


def in_year(records: list[ExitRecord]) -> list[ExitRecord]:
    return [r for r in records if YEAR.first <= r.exit_at <= YEAR.last]


async def test_a_company_counts_as_the_definitions_do(container: Container) -> None:
    stored = await a_department(container, random.Random(8))
    company_id = next(iter(stored.exits))
    found = await container.indicators.counts(
        scope=IndicatorScope(company_id=company_id), period=YEAR, min_hours=450, today=TODAY
    )
    assert Counter(found.candidatures) == stored.candidatures[company_id]
    expected = profiles_of(in_year(stored.exits[company_id]), min_hours=450, today=TODAY)
    assert Counter(found.exits) == expected


async def test_a_department_counts_its_companies_only(container: Container) -> None:
    stored = await a_department(container, random.Random(75))
    found = await container.indicators.counts(
        scope=IndicatorScope(department="75"), period=YEAR, min_hours=450, today=TODAY
    )
    assert Counter(found.candidatures) == sum((stored.candidatures[c] for c in stored.in_75), Counter())
    records = [r for c in stored.in_75 for r in stored.exits.get(c, [])]
    assert Counter(found.exits) == profiles_of(in_year(records), min_hours=450, today=TODAY)


async def test_the_hour_threshold_reaches_the_query(container: Container) -> None:
    stored = await a_department(container, random.Random(3))
    company_id = next(iter(stored.exits))
    found = await container.indicators.counts(
        scope=IndicatorScope(company_id=company_id), period=YEAR, min_hours=0, today=TODAY
    )
    assert all(profile.counted for profile in found.exits)


async def test_nothing_in_scope_gives_no_counts(container: Container) -> None:
    found = await container.indicators.counts(
        scope=IndicatorScope(company_id=uuid4()), period=YEAR, min_hours=450, today=TODAY
    )
    assert (dict(found.candidatures), dict(found.exits)) == ({}, {})
