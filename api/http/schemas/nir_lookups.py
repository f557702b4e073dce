from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from domain.job_seekers.lookup_budget import SpentBudget, SpentBudgetReport


class SpentBudgetOut(BaseModel):
    """A person or a partner application refused NIR lookups in one hour."""

    id: UUID
    user_id: UUID | None = Field(description="The person; null for a partner application")
    client_id: UUID | None = Field(description="The partner application; null for a person")
    organisation_id: UUID | None = Field(description="The structure he acted for when first refused")
    company_id: UUID | None
    spent: SpentBudget = Field(description="The budget spent first: `lookups`, or `misses` (lookups finding nobody)")
    window_started_at: datetime
    window_ends_at: datetime
    first_refused_at: datetime
    last_refused_at: datetime
    refusals: int = Field(description="Lookups refused in the window", examples=[989])
    lookups: int = Field(description="Lookups made (answered) in the window", examples=[10])
    misses: int = Field(description="Of which found nobody", examples=[10])

    @classmethod
    def of(cls, report: SpentBudgetReport) -> "SpentBudgetOut":
        return cls(
            id=report.id,
            user_id=report.user_id,
            client_id=report.client_id,
            organisation_id=report.organisation_id,
            company_id=report.company_id,
            spent=report.spent,
            window_started_at=report.window_started_at,
            window_ends_at=report.window_ends_at,
            first_refused_at=report.first_refused_at,
            last_refused_at=report.last_refused_at,
            refusals=report.refusals,
            lookups=report.lookups,
            misses=report.misses,
        )


class SpentBudgetPage(BaseModel):
    items: list[SpentBudgetOut] = Field(description="Newest first refusal first.")
    next: str | None = None
