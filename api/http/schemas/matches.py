from pydantic import BaseModel, Field

from api.http.schemas.job_postings import JobPostingHitOut


class MatchOut(JobPostingHitOut):
    score: float = Field(ge=0, le=1, description="How well the posting suits the job seeker, 1 at best")
    reasons: list[str] = Field(examples=[["Métier recherché", "À 3 km"]])


class MatchPage(BaseModel):
    """The best matches, on one page (``next`` is always null)."""

    items: list[MatchOut]
    next: None = None
