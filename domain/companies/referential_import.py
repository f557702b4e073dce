"""Importing the SIAE referential the ASP publishes (one file, one transaction).

The file adapter parses and checks each line's syntax (SIRET checksum, kind,
flags); this use case resolves communes and upserts by (SIRET, kind). The
whole file is applied in one transaction: a file that fails midway changes
nothing, and running the same file twice changes nothing the second time.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from domain.companies.companies import Company, CompanyKind
from domain.ports import Clock, CommuneReferential, IdGenerator, UnitOfWork


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
    """
    report = ImportReport()
    now = clock.now()
    async with uow:
        for done, line in enumerate(lines, start=1):
            if isinstance(line, Rejection):
                report.rejected.append(line)
            else:
                await _apply(uow, communes, ids, now, line, report)
            progress(done)
        await uow.commit()
    return report


async def _apply(uow, communes, ids, now, record: CompanyRecord, report: ImportReport) -> None:  # type: ignore[no-untyped-def]
    commune = communes.get(record.commune)
    if commune is None:
        report.rejected.append(Rejection(record.line, f"unknown INSEE commune {record.commune}"))
        return
    place = {
        "address_line": record.address_line,
        "postal_code": record.postal_code,
        "commune": commune.insee_code,
        "city": commune.name,
        "department": commune.department,
    }
    existing = next((c for c in await uow.companies.by_siret(record.siret) if c.kind is record.kind), None)
    if existing is None:
        if not record.active:
            report.unchanged += 1
            return
        await uow.companies.add(
            Company(
                id=ids.new_id(),
                siret=record.siret,
                kind=record.kind,
                name=record.name,
                latitude=commune.latitude,
                longitude=commune.longitude,
                created_at=now,
                updated_at=now,
                asp_id=record.asp_id,
                **place,
            )
        )
        report.created += 1
        return
    outcome = existing.apply_referential(
        name=record.name,
        asp_id=record.asp_id,
        active=record.active,
        latitude=commune.latitude,
        longitude=commune.longitude,
        at=now,
        **place,
    )
    if outcome == "deactivated":
        report.deactivated += 1
    elif outcome == "updated":
        report.updated += 1
    else:
        report.unchanged += 1
