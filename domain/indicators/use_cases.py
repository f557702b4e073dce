"""Reading indicators of a company or of a department."""

from dataclasses import dataclass
from uuid import UUID

from domain.approvals.business_dates import paris_date
from domain.errors import Forbidden, NotFound
from domain.identity.memberships import Tenant, TenantKind
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.indicators.reports import Indicators, IndicatorScope, Period, indicators_of
from domain.ports.indicators import IndicatorsQuery
from domain.ports.system import Clock
from domain.ports.unit_of_work import UnitOfWork


@dataclass(slots=True, frozen=True)
class IndicatorSources:
    """The read side, the clock ("today" decides which horizons have come),
    and the hours a person must have worked to count in the exit rates."""

    query: IndicatorsQuery
    clock: Clock
    min_hours: int


async def company_indicators(
    *, uow: UnitOfWork, sources: IndicatorSources, actor: Principal, company_id: UUID, period: Period
) -> Indicators:
    """Indicators of one company over a period.

    - Members of the company acting for it, staff, partner applications with
      ``indicators:read`` (403 for anyone else); 404 for an unknown company.
    """
    async with uow:
        if await uow.companies.get(company_id) is None:
            raise NotFound("Structure introuvable.")
    if not (actor.is_staff or actor.acts_for(Tenant(TenantKind.COMPANY, company_id)) or _partner_reader(actor)):
        raise Forbidden("Les indicateurs d'une structure sont réservés à ses membres, à l'équipe et aux partenaires.")
    if not actor.has_scope(Scope.INDICATORS_READ):
        raise Forbidden("Cette application n'a pas le droit indicators:read.")
    return await _report(sources, IndicatorScope(company_id=company_id), period)


async def department_indicators(
    *, sources: IndicatorSources, actor: Principal, department: str, period: Period
) -> Indicators:
    """Indicators of every company of a department over a period.

    - Staff and partner applications with ``indicators:read`` (403 otherwise).
    - A department code is ``01``…``95``, ``2A``, ``2B`` or ``971``…``976`` (422
      ``invalid-department``).
    """
    scope = IndicatorScope.of_department(department)
    if not (actor.is_staff or _partner_reader(actor)):
        raise Forbidden("Les indicateurs d'un département sont réservés à l'équipe et aux partenaires habilités.")
    return await _report(sources, scope, period)


def _partner_reader(actor: Principal) -> bool:
    return actor.is_client and actor.has_scope(Scope.INDICATORS_READ)


async def _report(sources: IndicatorSources, scope: IndicatorScope, period: Period) -> Indicators:
    counts = await sources.query.counts(
        scope=scope, period=period, min_hours=sources.min_hours, today=paris_date(sources.clock.now())
    )
    return indicators_of(counts, scope=scope, period=period, min_hours=sources.min_hours)
