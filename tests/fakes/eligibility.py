"""In-memory fake of the eligibility diagnoses repository."""

import uuid

from domain.eligibility.diagnoses import EligibilityDiagnosis


class FakeDiagnoses:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, EligibilityDiagnosis] = {}

    async def get(self, diagnosis_id: uuid.UUID) -> EligibilityDiagnosis | None:
        return self.rows.get(diagnosis_id)

    async def for_job_seeker(self, job_seeker_id: uuid.UUID) -> list[EligibilityDiagnosis]:
        mine = [d for d in self.rows.values() if d.job_seeker_id == job_seeker_id]
        return sorted(mine, key=lambda d: (d.created_at, d.id), reverse=True)

    async def add(self, diagnosis: EligibilityDiagnosis) -> None:
        self.rows[diagnosis.id] = diagnosis
