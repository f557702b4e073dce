"""Importing the operator's referential of prescriber organisations (one file,
one transaction): France Travail agencies, and the other organisations the
operator knows (missions locales, Cap emploi…).

The file adapter checks each line's syntax (SIRET checksum, kind, SAFIR code);
this use case resolves communes and upserts: an agency by its SAFIR code, any
other organisation by its SIRET, one organisation per SIRET (France Travail
agencies may share one). A file that fails midway changes nothing, and the same
file applied twice changes nothing the second time.
"""

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from domain.ports.referentials import CommuneReferential
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import (
    OrganisationKind,
    OrganisationSource,
    PrescriberOrganisation,
    ReferentialEntry,
    initial_habilitation,
)
from domain.prescribers.sirets import holder_of_another_kind

BATCH_LINES = 500


@dataclass(slots=True, frozen=True)
class OrganisationRecord:
    line: int
    kind: OrganisationKind
    siret: str
    safir_code: str | None
    name: str
    commune: str
    email: str | None
    address_line: str
    postal_code: str

    @property
    def key(self) -> str:
        """What identifies the organisation in the file: an agency's SAFIR code, else the SIRET."""
        return f"SAFIR code {self.safir_code}" if self.safir_code else f"SIRET {self.siret}"


@dataclass(slots=True, frozen=True)
class Rejection:
    line: int
    reason: str


@dataclass(slots=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)


@dataclass(slots=True)
class _Known:
    """The organisations met so far, by SAFIR code and by SIRET."""

    by_safir: dict[str, PrescriberOrganisation] = field(default_factory=dict)
    by_siret: dict[str, list[PrescriberOrganisation]] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)  # key in the file -> its first line

    def remember(self, organisation: PrescriberOrganisation) -> None:
        if organisation.safir_code:
            self.by_safir[organisation.safir_code] = organisation
        holders = self.by_siret.setdefault(organisation.siret, [])
        if all(o is not organisation for o in holders):
            holders.append(organisation)

    def move(self, organisation: PrescriberOrganisation, *, from_siret: str) -> None:
        self.by_siret[from_siret] = [o for o in self.by_siret.get(from_siret, []) if o is not organisation]
        self.remember(organisation)

    def match(self, record: OrganisationRecord) -> PrescriberOrganisation | None:
        holders = self.by_siret.get(record.siret, [])
        if record.kind is not OrganisationKind.FT:
            return next((o for o in holders if o.kind is record.kind), None)
        if record.safir_code in self.by_safir:
            return self.by_safir[record.safir_code]
        # An agency created at signup before the referential existed: the referential adopts it.
        return next((o for o in holders if o.kind is OrganisationKind.FT and o.safir_code is None), None)


async def import_prescribers(
    *,
    uow: UnitOfWork,
    communes: CommuneReferential,
    clock: Clock,
    ids: IdGenerator,
    lines: Iterable[OrganisationRecord | Rejection],
    progress: Callable[[int], None] = lambda done: None,
) -> ImportReport:
    """Upsert prescriber organisations from parsed referential lines.

    - Operators only (the ``tremplin import prescribers`` command).
    - Rejected with their reason, the others still applying: an unknown commune,
      a second line for one SAFIR code (or one SIRET), a SIRET that belongs to an
      organisation of another kind.
    - Kinds habilitated by law (FT, ML, CAP_EMPLOI) are ``validated``: the
      referential is the proof; other kinds keep the habilitation staff decided
      (new ones start as their kind says: ``pending``, ORIENTEUR ``not_required``).
    - One transaction: an error anywhere (the file breaking off) changes nothing.
    """
    report, known = ImportReport(), _Known()
    now, done = clock.now(), 0
    async with uow:
        for batch in _batches(lines, BATCH_LINES):
            await _apply(uow, communes, ids, now, batch, report, known)
            done += len(batch)
            progress(done)
        await uow.commit()
    return report


async def _apply(
    uow: UnitOfWork,
    communes: CommuneReferential,
    ids: IdGenerator,
    now: datetime,
    batch: list[OrganisationRecord | Rejection],
    report: ImportReport,
    known: _Known,
) -> None:
    records = [line for line in batch if isinstance(line, OrganisationRecord)]
    sirets = {r.siret for r in records}
    safir_codes = {r.safir_code for r in records if r.safir_code}
    for organisation in await uow.organisations.for_referential(sirets=sirets, safir_codes=safir_codes):
        known.remember(organisation)
    created = []
    for line in batch:
        outcome = line if isinstance(line, Rejection) else _one(line, communes, ids, now, known)
        if isinstance(outcome, Rejection):
            report.rejected.append(outcome)
        elif isinstance(outcome, PrescriberOrganisation):
            created.append(outcome)
            report.created += 1
        elif outcome == "updated":
            report.updated += 1
        else:
            report.unchanged += 1
    await uow.organisations.add_all(created)


def _one(
    record: OrganisationRecord, communes: CommuneReferential, ids: IdGenerator, now: datetime, known: _Known
) -> PrescriberOrganisation | Rejection | str:
    """A new organisation, a rejection, or what became of a known one."""
    commune = communes.get(record.commune)
    if commune is None:
        return Rejection(record.line, f"unknown INSEE commune {record.commune}")
    if record.key in known.seen:
        return Rejection(record.line, f"same {record.key} as line {known.seen[record.key]}")
    existing = known.match(record)
    holders = [o for o in known.by_siret.get(record.siret, []) if o is not existing]
    if (other := holder_of_another_kind(holders, record.kind)) is not None:
        return Rejection(record.line, f"SIRET {record.siret} is already the one of '{other.name}' ({other.kind})")
    known.seen[record.key] = record.line
    entry = _entry(record, city=commune.name)
    if existing is None:
        organisation = _new_organisation(ids, now, entry)
        known.remember(organisation)
        return organisation
    siret_before = existing.siret
    outcome = existing.apply_referential(entry, at=now)
    known.move(existing, from_siret=siret_before)
    return outcome


def _entry(record: OrganisationRecord, *, city: str) -> ReferentialEntry:
    return ReferentialEntry(
        siret=record.siret,
        kind=record.kind,
        name=record.name,
        safir_code=record.safir_code,
        email=record.email,
        address_line=record.address_line,
        postal_code=record.postal_code,
        commune=record.commune,
        city=city,
    )


def _new_organisation(ids: IdGenerator, now: datetime, entry: ReferentialEntry) -> PrescriberOrganisation:
    organisation = PrescriberOrganisation(
        id=ids.new_id(),
        siret=entry.siret,
        kind=entry.kind,
        name=entry.name,
        habilitation=initial_habilitation(entry.kind),
        created_at=now,
        source=OrganisationSource.REFERENTIAL,
    )
    organisation.apply_referential(entry, at=now)
    return organisation


def _batches(
    lines: Iterable[OrganisationRecord | Rejection], size: int
) -> Iterator[list[OrganisationRecord | Rejection]]:
    iterator = iter(lines)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
