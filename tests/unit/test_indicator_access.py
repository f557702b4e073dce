from collections import Counter
from datetime import date
from uuid import UUID

import pytest

from domain.approvals.business_dates import InvalidPeriod
from domain.errors import Forbidden, NotFound
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.indicators.reports import IndicatorCounts, IndicatorScope, InvalidDepartment, Period
from domain.indicators.use_cases import IndicatorSources, company_indicators, department_indicators
from tests.unit.candidature_situations import a_scene, an_employer
from tests.unit.situations import World, a_client, a_company, a_partner, a_staff_member, tenant_of

pytestmark = pytest.mark.anyio
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


class RecordingQuery:
    """Answers empty counts and remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[IndicatorScope, int, date]] = []

    async def counts(self, *, scope: IndicatorScope, period: Period, min_hours: int, today: date) -> IndicatorCounts:
        self.asked.append((scope, min_hours, today))
        return IndicatorCounts(candidatures=Counter(), exits=Counter())


def sources_for(world: World, query: RecordingQuery) -> IndicatorSources:
    return IndicatorSources(query=query, clock=world.clock, min_hours=450)


async def of_company(world: World, actor: Principal, company_id: UUID) -> RecordingQuery:
    query = RecordingQuery()
    await company_indicators(
        uow=world.uow, sources=sources_for(world, query), actor=actor, company_id=company_id, period=YEAR
    )
    return query


async def of_department(world: World, actor: Principal, code: str = "75") -> RecordingQuery:
    query = RecordingQuery()
    await department_indicators(sources=sources_for(world, query), actor=actor, department=code, period=YEAR)
    return query


async def test_an_employer_reads_the_indicators_of_his_company(world: World) -> None:
    scene = await a_scene(world)
    query = await of_company(world, scene.employer, scene.company.id)
    assert query.asked == [(IndicatorScope(company_id=scene.company.id), 450, date(2026, 3, 2))]


async def test_an_employer_may_not_read_another_company(world: World) -> None:
    scene = await a_scene(world)
    other = await a_company(world)
    with pytest.raises(Forbidden):
        await of_company(world, scene.employer, other.id)


async def test_a_prescriber_may_not_read_a_company(world: World) -> None:
    scene = await a_scene(world)
    with pytest.raises(Forbidden):
        await of_company(world, scene.prescriber, scene.company.id)


async def test_staff_reads_any_company(world: World) -> None:
    company = await a_company(world)
    assert len((await of_company(world, a_staff_member(), company.id)).asked) == 1


async def test_the_indicators_of_an_unknown_company_are_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await of_company(world, a_staff_member(), UUID(int=123_456))


async def test_a_partner_with_indicators_read_reads_a_company(world: World) -> None:
    company, other = await a_company(world), await a_company(world)
    client = await a_client(world, tenant_of(other), scopes=frozenset({Scope.INDICATORS_READ}))
    assert len((await of_company(world, a_partner(client, scopes=client.scopes), company.id)).asked) == 1


async def test_a_partner_of_the_company_without_indicators_read_may_not(world: World) -> None:
    company = await a_company(world)
    client = await a_client(world, tenant_of(company), scopes=frozenset({Scope.CANDIDATURES_READ}))
    with pytest.raises(Forbidden):
        await of_company(world, a_partner(client, scopes=client.scopes), company.id)


async def test_staff_reads_a_department(world: World) -> None:
    query = await of_department(world, a_staff_member(), "2A")
    assert query.asked[0][0] == IndicatorScope(department="2A")


async def test_a_partner_with_indicators_read_reads_a_department(world: World) -> None:
    company = await a_company(world)
    client = await a_client(world, tenant_of(company), scopes=frozenset({Scope.INDICATORS_READ}))
    assert len((await of_department(world, a_partner(client, scopes=client.scopes))).asked) == 1


async def test_an_employer_may_not_read_a_department(world: World) -> None:
    company = await a_company(world)
    with pytest.raises(Forbidden):
        await of_department(world, await an_employer(world, company))


async def test_a_department_code_is_checked(world: World) -> None:
    with pytest.raises(InvalidDepartment):
        await of_department(world, a_staff_member(), "99")


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidPeriod) as refused:
        Period(date(2026, 2, 1), date(2026, 1, 31))
    assert [e.pointer for e in refused.value.errors] == ["/to"]
