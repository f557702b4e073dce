"""Importing the SIAE referential the ASP publishes (one file, one transaction).

The file adapter parses and checks each line's syntax (SIRET checksum, kind,
flags); this use case resolves communes and upserts by (SIRET, kind). The
whole file is applied in one transaction: a file that fails midway changes
nothing, and running the same file twice changes nothing the second time.
"""

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.companies.companies import Company, CompanyKind
from domain.ports.referentials import CommuneReferential
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork
from domain.referentials.communes import Commune

# Lines handled together: one query finds their known companies, one insert adds the new ones.
BATCH_LINES = 500


@dataclass(slots=True, frozen=True)
class CompanyRecord:
    line: int
    siret: str
    kind: CompanyKind
    name: str
    address_line: str
    postal_code: str
    commune: str
    asp_id: str | None
    active: bool
    auth_email: str | None = None


@dataclass(slots=True, frozen=True)
class Rejection:
    line: int
    reason: str


@dataclass(slots=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def tally(self, outcome: str) -> None:
        """Count what ``Company.apply_referential`` did to a known company."""
        if outcome == "deactivated":
            self.deactivated += 1
        elif outcome == "updated":
            self.updated += 1
        else:
            self.unchanged += 1


async def import_companies(
    *,
    uow: UnitOfWork,
    communes: CommuneReferential,
    clock: Clock,
    ids: IdGenerator,
    lines: Iterable[CompanyRecord | Rejection],
    progress: Callable[[int], None] = lambda done: None,
) -> ImportReport:
    """Upsert companies by (SIRET, kind) from parsed referential lines.

    - Operators only (the ``tremplin import companies`` command).
    - A line with an unknown commune is rejected with its reason; other lines still apply.
    - ``active`` false deactivates a known company (its history stays); profiles
      edited by members (description, contact) are never overwritten.
    - One transaction: an error anywhere (the file breaking off) changes nothing.
    """
    report = ImportReport()
    now = clock.now()
    done = 0
    async with uow:
        for batch in _batches(lines, BATCH_LINES):
            await _apply(uow, communes, ids, now, batch, report)
            done += len(batch)
            progress(done)
        await uow.commit()
    return report


async def _apply(
    uow: UnitOfWork,
    communes: CommuneReferential,
    ids: IdGenerator,
    now: datetime,
    batch: list[CompanyRecord | Rejection],
    report: ImportReport,
) -> None:
    sirets = {line.siret for line in batch if isinstance(line, CompanyRecord)}
    known = {(c.siret, c.kind): c for c in await uow.companies.by_sirets(sirets)}
    created = []
    for line in batch:
        commune = communes.get(line.commune) if isinstance(line, CompanyRecord) else None
        if isinstance(line, Rejection):
            report.rejected.append(line)
        elif commune is None:
            report.rejected.append(Rejection(line.line, f"unknown INSEE commune {line.commune}"))
        elif (existing := known.get((line.siret, line.kind))) is not None:
            report.tally(_update(existing, now, line, commune))
        elif line.active:
            known[(line.siret, line.kind)] = company = _new_company(ids.new_id(), now, line, commune)
            created.append(company)
            report.created += 1
        else:
            report.unchanged += 1
    await uow.companies.add_all(created)


def _batches(lines: Iterable[CompanyRecord | Rejection], size: int) -> Iterator[list[CompanyRecord | Rejection]]:
    iterator = iter(lines)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _update(company: Company, now: datetime, record: CompanyRecord, commune: Commune) -> str:
    return company.apply_referential(
        name=record.name,
        asp_id=record.asp_id,
        active=record.active,
        auth_email=record.auth_email,
        latitude=commune.latitude,
        longitude=commune.longitude,
        at=now,
        **_place(record, commune),
    )


def _new_company(company_id: UUID, now: datetime, record: CompanyRecord, commune: Commune) -> Company:
    return Company(
        id=company_id,
        siret=record.siret,
        kind=record.kind,
        name=record.name,
        latitude=commune.latitude,
        longitude=commune.longitude,
        created_at=now,
        updated_at=now,
        asp_id=record.asp_id,
        auth_email=record.auth_email,
        **_place(record, commune),
    )


def _place(record: CompanyRecord, commune: Commune) -> dict[str, str]:
    return {
        "address_line": record.address_line,
        "postal_code": record.postal_code,
        "commune": commune.insee_code,
        "city": commune.name,
        "department": commune.department,
    }
