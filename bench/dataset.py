"""A national-scale dataset for the search benchmark: SIAE spread over France by
commune population, their job postings, job seekers to match, loaded with COPY.

Everything is drawn from one seeded ``random.Random``, so two runs load the same
rows. Entities are built as the domain builds them and turned into rows by the
SQL repositories' own mapping, so the geo columns the search relies on are
filled exactly as the app fills them.
"""

import random
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

import psycopg
from psycopg.types.json import Json
from stdnum import luhn

from adapters.db.repositories.companies import SqlCompanyRepository
from adapters.db.repositories.identity import SqlUserRepository
from adapters.db.repositories.job_postings import SqlJobPostingRepository
from adapters.db.repositories.job_seekers import SqlJobSeekerRepository
from adapters.referentials.package_data import read_appellations, read_communes
from domain.companies.companies import Company, CompanyKind
from domain.companies.job_postings import ContractType, JobPosting
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.referentials.communes import Commune
from domain.referentials.rome import Appellation

SEED = 20261123
REFERENCE_TIME = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# Their arrondissements are communes of the referential too: counting both
# would put these three cities' inhabitants in the draw twice.
CITIES_WITH_ARRONDISSEMENTS = frozenset({"75056", "69123", "13055"})
KIND_WEIGHTS = {
    CompanyKind.ACI: 40,
    CompanyKind.EI: 20,
    CompanyKind.AI: 12,
    CompanyKind.ETTI: 10,
    CompanyKind.EA: 8,
    CompanyKind.GEIQ: 5,
    CompanyKind.EITI: 3,
    CompanyKind.EATT: 1,
    CompanyKind.OPCS: 1,
}
CONTRACT_WEIGHTS = {
    ContractType.FIXED_TERM_I: 45,
    ContractType.TEMPORARY_I: 15,
    ContractType.FIXED_TERM: 12,
    ContractType.PERMANENT: 10,
    ContractType.APPRENTICESHIP: 5,
    ContractType.PROFESSIONALISATION: 5,
    ContractType.TEMPORARY: 4,
    ContractType.FIXED_TERM_USAGE: 2,
    ContractType.OTHER: 2,
}


class PopulationDraw:
    """Communes drawn at random with a probability proportional to their population."""

    def __init__(self, communes: Iterable[Commune]) -> None:
        self.communes = [c for c in communes if c.insee_code not in CITIES_WITH_ARRONDISSEMENTS and c.population]
        self._cumulative = list(accumulate(commune.population for commune in self.communes))

    def draw(self, rng: random.Random, count: int) -> list[Commune]:
        return rng.choices(self.communes, cum_weights=self._cumulative, k=count)


@dataclass(frozen=True)
class Dataset:
    companies: list[Company]
    postings: list[JobPosting]
    staff: User
    job_seekers: list[JobSeeker]


def build(*, companies: int, postings: int, job_seekers: int, seed: int = SEED) -> Dataset:
    """Job seekers are registered by one staff account, who may read them all."""
    rng = random.Random(seed)
    draw = PopulationDraw(read_communes())
    siae = [_company(rng, commune) for commune in draw.draw(rng, companies)]
    appellations = read_appellations()
    employers = rng.choices(siae, k=postings)
    offers = [_posting(rng, company, rng.choice(appellations)) for company in employers]
    staff = User(
        id=_uuid(rng),
        kind=UserKind.STAFF,
        email="bench-staff@tremplin.localhost",
        first_name="Banc",
        last_name="D'essai",
        password_hash=None,
        created_at=REFERENCE_TIME,
    )
    rome_codes = sorted({posting.rome_code for posting in offers})
    seekers = [_job_seeker(rng, staff, commune, rome_codes) for commune in draw.draw(rng, job_seekers)]
    return Dataset(siae, offers, staff, seekers)


def query_communes(*, count: int, seed: int = SEED) -> list[str]:
    """INSEE codes searched around, drawn by population like the companies."""
    return [commune.insee_code for commune in PopulationDraw(read_communes()).draw(random.Random(seed + 1), count)]


def load(conninfo: str, dataset: Dataset) -> None:
    """COPY the dataset into a migrated, empty database, then VACUUM ANALYZE it."""
    copy_tables(
        conninfo,
        [
            ("users", [dataset.staff], SqlUserRepository),
            ("companies", dataset.companies, SqlCompanyRepository),
            ("job_postings", dataset.postings, SqlJobPostingRepository),
            ("job_seekers", dataset.job_seekers, SqlJobSeekerRepository),
        ],
    )


def copy_tables(conninfo: str, tables: Sequence[tuple[str, Sequence[Any], Callable[..., Any]]]) -> None:
    """COPY each table's entities, in one transaction, as their SQL repository
    writes them, then VACUUM ANALYZE the tables."""
    with psycopg.connect(conninfo, autocommit=True) as connection:
        with connection.transaction():
            for table, entities, repository in tables:
                _copy(connection, table, entities, repository(session=None)._columns)
        connection.execute(f"VACUUM (ANALYZE) {', '.join(table for table, _, _ in tables)}")


def _copy(connection: psycopg.Connection, table: str, entities: Sequence[Any], columns: Callable[[Any], dict]) -> None:
    names = list(columns(entities[0]))
    with connection.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        for entity in entities:
            values = columns(entity)
            # JSON columns come as lists, which psycopg would send as arrays.
            copy.write_row([Json(values[name]) if isinstance(values[name], list) else values[name] for name in names])


def _company(rng: random.Random, commune: Commune) -> Company:
    created = REFERENCE_TIME - timedelta(days=rng.randrange(1, 3000))
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    return Company(
        id=_uuid(rng),
        siret=_siret(rng),
        kind=kind,
        name=f"{kind} {commune.name} {rng.randrange(1, 1000)}",
        address_line=f"{rng.randrange(1, 200)} rue de la République",
        postal_code=commune.postal_codes[0] if commune.postal_codes else "",
        commune=commune.insee_code,
        city=commune.name,
        department=commune.department,
        latitude=commune.latitude,
        longitude=commune.longitude,
        created_at=created,
        updated_at=created,
        block_candidatures=rng.random() < 0.05,
        is_active=rng.random() < 0.97,
    )


def _posting(rng: random.Random, company: Company, appellation: Appellation) -> JobPosting:
    created = REFERENCE_TIME - timedelta(days=rng.randrange(0, 365), minutes=rng.randrange(0, 1440))
    return JobPosting(
        id=_uuid(rng),
        company_id=company.id,
        appellation_code=appellation.code,
        rome_code=appellation.rome_code,
        title="",
        description=f"Poste de {appellation.name.lower()} en parcours d'insertion, accompagnement renforcé.",
        contract_type=rng.choices(list(CONTRACT_WEIGHTS), weights=list(CONTRACT_WEIGHTS.values()))[0],
        hours_per_week=rng.choice((None, 20, 24, 26, 30, 35)),
        commune=company.commune,
        city=company.city,
        department=company.department,
        latitude=company.latitude,
        longitude=company.longitude,
        open_positions=rng.choice((0, 1, 1, 1, 2, 2, 3, 5)),
        is_active=rng.random() < 0.85,
        created_at=created,
        updated_at=created,
    )


def _job_seeker(rng: random.Random, staff: User, commune: Commune, rome_codes: Sequence[str]) -> JobSeeker:
    wished = tuple(rng.sample(rome_codes, k=rng.choice((0, 1, 1, 2, 3))))
    return JobSeeker.register(
        id=_uuid(rng),
        details=JobSeekerDetails(
            first_name="Camille", last_name="Martin", commune=commune.insee_code, wished_rome_codes=wished
        ),
        created_by=Creator(user_id=staff.id),
        at=REFERENCE_TIME - timedelta(days=rng.randrange(0, 700)),
        event_id=_uuid(rng),
    )


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _siret(rng: random.Random) -> str:
    """A SIRET whose SIREN and whole number pass the Luhn check, as INSEE's do."""
    siren = f"{rng.randrange(10**7, 10**8)}"
    siren += luhn.calc_check_digit(siren)
    establishment = f"{siren}{rng.randrange(1, 10**4):04d}"
    return establishment + luhn.calc_check_digit(establishment)
