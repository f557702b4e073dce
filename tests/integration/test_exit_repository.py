"""The SQL exit repository keeps follow-ups and the audit of corrections,
and refuses a second exit of one hire."""

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from api.bootstrap import Container
from domain.candidatures.state_machine import CandidatureState
from domain.exits.exits import Exit, ExitAlreadyRecorded, ExitFacts, ExitKind, Signature
from tests.builders.candidatures import a_candidature_of, a_job_seeker_profile
from tests.integration.test_repository_contracts import an_insertion_company

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SIGNED = Signature(by=uuid4(), at=NOW)
K = ExitKind


async def a_hire(container: Container) -> UUID:
    company, person = an_insertion_company(), a_job_seeker_profile(at=NOW)
    candidature = a_candidature_of(
        job_seeker_id=person.id, company_id=company.id, at=NOW, state=CandidatureState.ACCEPTED
    )
    uow = container.new_uow()
    async with uow:
        await uow.companies.add(company)
        await uow.job_seekers.add(person)
        await uow.candidatures.add(candidature)
        await uow.commit()
    return candidature.id


def an_exit(hire: UUID) -> Exit:
    facts = ExitFacts(date(2025, 6, 30), 812, K.TRANSITION_EMPLOYMENT)
    return Exit.record(
        candidature_id=hire, facts=facts, hiring_start_at=date(2025, 1, 6), today=NOW.date(), signed=SIGNED
    )


async def read(container: Container, hire: UUID) -> Exit:
    uow = container.new_uow()
    async with uow:
        found = await uow.exits.get(hire)
    assert found is not None
    return found


async def test_an_exit_its_follow_ups_and_corrections_are_read_back(container: Container) -> None:
    hire = await a_hire(container)
    uow = container.new_uow()
    async with uow:
        await uow.exits.add(an_exit(hire))
        await uow.commit()
    async with uow:
        exit_ = await uow.exits.get_for_update(hire)
        assert exit_ is not None
        exit_.record_follow_up(horizon_months=3, situation=K.INACTIVE, today=NOW.date(), signed=SIGNED)
        exit_.correct_follow_up(horizon_months=3, situation=K.POSITIVE_EXIT, signed=SIGNED, id=uuid4())
        exit_.correct(
            ExitFacts(date(2025, 6, 30), 900, K.TRANSITION_EMPLOYMENT),
            hiring_start_at=date(2025, 1, 6),
            today=NOW.date(),
            signed=SIGNED,
            ids=[uuid4() for _ in range(3)],
        )
        await uow.commit()
    found = await read(container, hire)
    assert (found.hours_worked, found.follow_ups[3].situation) == (900, K.POSITIVE_EXIT)
    assert {(c.field, c.previous, c.corrected) for c in found.corrections} == {
        ("situation", "inactive", "positive_exit"),
        ("hours_worked", "812", "900"),
    }


async def test_a_second_exit_of_one_hire_is_refused(container: Container) -> None:
    hire = await a_hire(container)
    uow = container.new_uow()
    async with uow:
        await uow.exits.add(an_exit(hire))
        await uow.commit()
    async with container.new_uow() as other:
        with pytest.raises(ExitAlreadyRecorded):
            await other.exits.add(an_exit(hire))
