"""The people and candidatures of the candidature write benchmark, on top of
the national dataset of bench/dataset.py (its SIAE and postings).

Habilitated prescriber organisations (France Travail agencies) with members;
one employer per SIAE that takes part; job seekers registered by an agency,
with a valid NIR, an email and the agency's eligibility diagnosis, so that an
acceptance issues a PASS IAE. Two disjoint groups of job seekers: those the
prescribers propose (each request a distinct person, so each is a creation)
and those whose candidature, already sent, the employers accept (each also
has a second pending candidature elsewhere, which the hire makes obsolete).
Rows are built as domain entities and written with the SQL repositories' own
mapping, loaded with COPY.
"""

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dataset import copy_tables
from stdnum.fr import nir

from adapters.db.repositories.candidatures import SqlCandidatureRepository
from adapters.db.repositories.diagnoses import SqlDiagnosisRepository
from adapters.db.repositories.identity import SqlMembershipRepository, SqlUserRepository
from adapters.db.repositories.job_seekers import SqlJobSeekerRepository
from adapters.db.repositories.organisations import SqlPrescriberOrganisationRepository
from domain.candidatures.candidatures import Candidature, SenderKind, Stamp
from domain.companies.companies import SUBJECT_TO_ELIGIBILITY, Company
from domain.companies.job_postings import JobPosting
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.identity.memberships import Membership, MembershipRole, MembershipStatus, Tenant, TenantKind
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.job_seekers.sex import Sex
from domain.prescribers.organisations import Habilitation, OrganisationKind, PrescriberOrganisation

SEED = 20261124
# Diagnoses are a few weeks old: valid (6 months) on the day of the run.
DIAGNOSED_DAYS_AGO = 20


@dataclass(frozen=True)
class Proposal:
    """A candidature a prescriber will send: a distinct person each time."""

    prescriber: User
    job_seeker: JobSeeker
    company: Company
    posting: JobPosting


@dataclass(frozen=True)
class Pending:
    """A candidature already sent, that the company's employer will accept."""

    employer: User
    candidature: Candidature


@dataclass
class People:
    users: list[User]
    organisations: list[PrescriberOrganisation]
    memberships: list[Membership]
    job_seekers: list[JobSeeker]
    diagnoses: list[EligibilityDiagnosis]
    candidatures: list[Candidature]
    proposals: list[Proposal]
    pendings: list[Pending]


def hiring_companies(
    companies: Sequence[Company], postings: Sequence[JobPosting], *, count: int
) -> list[tuple[Company, JobPosting]]:
    """``count`` SIAE open to candidatures and subject to eligibility, each with
    its first active posting."""
    first: dict[uuid.UUID, JobPosting] = {}
    for posting in postings:
        if posting.is_active:
            first.setdefault(posting.company_id, posting)
    hiring = [
        (c, first[c.id])
        for c in companies
        if c.is_active and not c.block_candidatures and c.kind in SUBJECT_TO_ELIGIBILITY and c.id in first
    ]
    return hiring[:count]


def build(
    *, hiring: Sequence[tuple[Company, JobPosting]], agencies: int, proposals: int, pendings: int, now: datetime
) -> People:
    """Four prescribers per agency, one employer per SIAE."""
    rng = random.Random(SEED)
    people = People([], [], [], [], [], [], [], [])
    organisations = [_agency(rng, people, now) for _ in range(agencies)]
    prescribers = {o.id: [_member(rng, people, o, UserKind.PRESCRIBER, now) for _ in range(4)] for o in organisations}
    employers = {c.id: _member(rng, people, c, UserKind.EMPLOYER, now) for c, _ in hiring}
    for _ in range(proposals):
        agency = rng.choice(organisations)
        company, posting = rng.choice(hiring)
        person = _diagnosed(rng, people, agency, now)
        people.proposals.append(Proposal(rng.choice(prescribers[agency.id]), person, company, posting))
    for _ in range(pendings):
        agency = rng.choice(organisations)
        person = _diagnosed(rng, people, agency, now)
        (company, posting), elsewhere = rng.sample(hiring, 2)
        sent = _sent(rng, people, person, agency, company, posting, now)
        _sent(rng, people, person, agency, *elsewhere, now)
        people.pendings.append(Pending(employers[company.id], sent))
    return people


def load(conninfo: str, people: People) -> None:
    """COPY the rows into a database that holds the national dataset, then ANALYZE."""
    copy_tables(
        conninfo,
        [
            ("users", people.users, SqlUserRepository),
            ("prescriber_organisations", people.organisations, SqlPrescriberOrganisationRepository),
            ("memberships", people.memberships, SqlMembershipRepository),
            ("job_seekers", people.job_seekers, SqlJobSeekerRepository),
            ("eligibility_diagnoses", people.diagnoses, SqlDiagnosisRepository),
            ("candidatures", people.candidatures, SqlCandidatureRepository),
        ],
    )


def _agency(rng: random.Random, people: People, now: datetime) -> PrescriberOrganisation:
    organisation = PrescriberOrganisation(
        id=_uuid(rng),
        siret=f"{rng.randrange(10**13, 10**14)}",
        kind=OrganisationKind.FT,
        name=f"France Travail agence {len(people.organisations) + 1}",
        habilitation=Habilitation.VALIDATED,
        created_at=now - timedelta(days=900),
    )
    people.organisations.append(organisation)
    return organisation


def _member(
    rng: random.Random, people: People, tenant: Company | PrescriberOrganisation, kind: UserKind, now: datetime
) -> User:
    serial = len(people.users) + 1
    user = User(
        id=_uuid(rng),
        kind=kind,
        email=f"{kind}.{serial}@bench.tremplin.localhost",
        first_name="Dominique",
        last_name=f"Banc {serial}",
        password_hash=None,  # they never log in: their tokens are issued by the bench
        created_at=now - timedelta(days=400),
    )
    tenant_kind = TenantKind.COMPANY if kind is UserKind.EMPLOYER else TenantKind.PRESCRIBER_ORGANISATION
    membership = Membership(
        id=_uuid(rng),
        user_id=user.id,
        tenant=Tenant(tenant_kind, tenant.id),
        role=MembershipRole.MEMBER,
        status=MembershipStatus.ACTIVE,
        created_at=user.created_at,
    )
    people.users.append(user)
    people.memberships.append(membership)
    return user


def _diagnosed(rng: random.Random, people: People, agency: PrescriberOrganisation, now: datetime) -> JobSeeker:
    registered = now - timedelta(days=DIAGNOSED_DAYS_AGO + rng.randrange(0, 60))
    born = date(rng.randrange(1960, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
    sex = rng.choice((Sex.MALE, Sex.FEMALE))
    serial = len(people.job_seekers) + 1
    details = JobSeekerDetails(
        first_name="Camille",
        last_name=f"Martin {serial}",
        birthdate=born,
        sex=sex,
        email=f"candidat.{serial}@bench.tremplin.localhost",
        nir=_nir(rng, born, sex, serial),
    )
    person = JobSeeker.register(
        id=_uuid(rng),
        details=details,
        created_by=Creator(user_id=None, organisation_id=agency.id),
        at=registered,
        event_id=_uuid(rng),
    )
    diagnosis = EligibilityDiagnosis.by_prescriber(
        id=_uuid(rng),
        job_seeker_id=person.id,
        author_user_id=None,
        organisation_id=agency.id,
        criteria=("RSA",),
        at=now - timedelta(days=DIAGNOSED_DAYS_AGO),
        event_id=_uuid(rng),
    )
    people.job_seekers.append(person)
    people.diagnoses.append(diagnosis)
    return person


def _sent(
    rng: random.Random,
    people: People,
    person: JobSeeker,
    agency: PrescriberOrganisation,
    company: Company,
    posting: JobPosting,
    now: datetime,
) -> Candidature:
    at = now - timedelta(days=rng.randrange(1, DIAGNOSED_DAYS_AGO), minutes=rng.randrange(0, 1440))
    candidature = Candidature.submit(
        id=_uuid(rng),
        job_seeker_id=person.id,
        company_id=company.id,
        job_posting_ids=(posting.id,),
        sender_kind=SenderKind.PRESCRIBER,
        sender_organisation_id=agency.id,
        sender_company_id=None,
        message="Je vous propose cette personne, disponible rapidement.",
        stamp=Stamp(actor_id=None, at=at, event_id=_uuid(rng)),
    )
    people.candidatures.append(candidature)
    return candidature


def _nir(rng: random.Random, born: date, sex: Sex, serial: int) -> str:
    """Sex, year and month of birth as the NIR writes them, a department of
    metropolitan France (Corsica's are 2A and 2B), then a commune and an order
    number taken from ``serial`` so that no two people share a NIR; and its key."""
    department = rng.choice([d for d in range(1, 96) if d != 20])
    commune, order = divmod(serial, 999)
    body = f"{1 if sex is Sex.MALE else 2}{born.year % 100:02d}{born.month:02d}{department:02d}"
    body += f"{commune + 1:03d}{order + 1:03d}"
    return body + nir.calc_check_digits(body)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)
