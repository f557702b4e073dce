import dataclasses
from typing import Any
from uuid import UUID

from sqlmodel import col, select

from adapters.db.repositories.tracking import TrackingRepository
from adapters.db.tables import EligibilityDiagnosisRow
from domain.eligibility.diagnoses import AuthorKind, EligibilityDiagnosis

_FIELDS = [field.name for field in dataclasses.fields(EligibilityDiagnosis) if field.name != "events"]


class SqlDiagnosisRepository(TrackingRepository[EligibilityDiagnosis, EligibilityDiagnosisRow]):
    row_type = EligibilityDiagnosisRow

    async def get(self, diagnosis_id: UUID) -> EligibilityDiagnosis | None:
        return self._track(await self._session.get(EligibilityDiagnosisRow, diagnosis_id))

    async def for_job_seeker(self, job_seeker_id: UUID) -> list[EligibilityDiagnosis]:
        query = (
            select(EligibilityDiagnosisRow)
            .where(EligibilityDiagnosisRow.job_seeker_id == job_seeker_id)
            .order_by(col(EligibilityDiagnosisRow.created_at).desc(), col(EligibilityDiagnosisRow.id).desc())
        )
        return self._track_all(await self._session.exec(query))

    async def add(self, diagnosis: EligibilityDiagnosis) -> None:
        await self._insert(diagnosis)

    def _to_domain(self, row: EligibilityDiagnosisRow) -> EligibilityDiagnosis:
        values = {name: getattr(row, name) for name in _FIELDS}
        return EligibilityDiagnosis(
            **{**values, "author_kind": AuthorKind(row.author_kind), "criteria": tuple(row.criteria)}
        )

    def _columns(self, diagnosis: EligibilityDiagnosis) -> dict[str, Any]:
        values = {name: getattr(diagnosis, name) for name in _FIELDS}
        return {**values, "author_kind": str(diagnosis.author_kind), "criteria": list(diagnosis.criteria)}
