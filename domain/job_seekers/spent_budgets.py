"""Staff's view of the NIR lookup budgets: who ran out."""

from datetime import datetime
from uuid import UUID

from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.job_seekers.lookup_budget import SpentBudgetReport
from domain.ports.unit_of_work import UnitOfWork


async def list_spent_budgets(
    *, uow: UnitOfWork, actor: Principal, after: tuple[datetime, UUID] | None, limit: int
) -> list[SpentBudgetReport]:
    """Who ran out of NIR lookups, newest first: each person or partner
    application refused in an hour, for which structure, when, how many
    times, and his lookups and misses in that hour.

    - Staff only (403).
    """
    if not actor.is_staff:
        raise Forbidden("Seule l'équipe Tremplin consulte les budgets de recherche par NIR.")
    async with uow:
        return await uow.nir_lookup_refusals.spent_budgets(after=after, limit=limit)
