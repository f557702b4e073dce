"""Ports of the eligibility area."""

from typing import Protocol
from uuid import UUID

from domain.eligibility.diagnoses import EligibilityDiagnosis


class DiagnosisRepository(Protocol):
    async def get(self, diagnosis_id: UUID) -> EligibilityDiagnosis | None:
        """The diagnosis with this id, or None."""
        ...

    async def for_job_seeker(self, job_seeker_id: UUID) -> list[EligibilityDiagnosis]:
        """Every diagnosis of a person, expired or not, newest first."""
        ...

    async def add(self, diagnosis: EligibilityDiagnosis) -> None:
        """Store a new diagnosis."""
        ...
