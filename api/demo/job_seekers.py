"""Demo job seekers and an eligibility diagnosis, part of ``tremplin seed --demo``.

The NIRs are made up (valid keys, consistent with the birthdates)."""

from dataclasses import dataclass
from datetime import date

from api.bootstrap import Container
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.identity.memberships import Tenant, TenantKind
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.ports.unit_of_work import UnitOfWork

DOMAIN = "demo.tremplin.fr"
FT_SIRET = "78000010500012"
EI_SIRET = "89000001100019"


@dataclass(frozen=True)
class DemoJobSeeker:
    details: JobSeekerDetails
    account: str | None = None  # the local part of his own demo account
    created_by_siret: str | None = None  # else he created his profile himself


JOB_SEEKERS = [
    DemoJobSeeker(
        JobSeekerDetails(
            first_name="Samir",
            last_name="Bensaïd",
            birthdate=date(1992, 7, 3),
            email=f"jobseeker@{DOMAIN}",
            phone="06 11 22 33 44",
            nir="192077511104251",
            commune="75111",
            wished_rome_codes=("K2204", "N1103"),
        ),
        account="jobseeker",
    ),
    DemoJobSeeker(
        JobSeekerDetails(
            first_name="Léa",
            last_name="Martin",
            email=f"jobseeker2@{DOMAIN}",
            commune="93048",
            wished_rome_codes=("G1602",),
        ),
        account="jobseeker2",
    ),
    DemoJobSeeker(
        JobSeekerDetails(
            first_name="Moussa",
            last_name="Diop",
            birthdate=date(1970, 2, 11),
            nir="170029935001746",
            france_travail_id="4567890B",
            commune="75118",
            wished_rome_codes=("A1203",),
        ),
        created_by_siret=FT_SIRET,
    ),
    DemoJobSeeker(
        JobSeekerDetails(
            first_name="Julie",
            last_name="Petit",
            birthdate=date(1998, 1, 20),
            email=f"julie.petit@{DOMAIN}",
            nir="298016938302371",
            commune="69383",
            wished_rome_codes=("G1602", "H2102"),
        ),
        created_by_siret=EI_SIRET,
    ),
]


async def seed_job_seekers(uow: UnitOfWork, c: Container, tenants: dict[str, Tenant]) -> int:
    """Create the demo job seekers that are missing, and France Travail's
    diagnosis of Samir (RSA); returns how many records were created."""
    created = 0
    profiles = {}
    for demo in JOB_SEEKERS:
        profiles[demo.details.first_name], added = await _job_seeker(uow, c, demo, tenants)
        created += added
    samir = profiles["Samir"]
    if not await uow.diagnoses.for_job_seeker(samir.id):
        await uow.diagnoses.add(
            EligibilityDiagnosis.by_prescriber(
                id=c.ids.new_id(),
                job_seeker_id=samir.id,
                author_user_id=None,
                organisation_id=tenants[FT_SIRET].id,
                criteria=("RSA",),
                at=c.clock.now(),
                event_id=c.ids.new_id(),
            )
        )
        created += 1
    return created


async def _job_seeker(
    uow: UnitOfWork, c: Container, demo: DemoJobSeeker, tenants: dict[str, Tenant]
) -> tuple[JobSeeker, int]:
    existing = await uow.job_seekers.get_by_nir(demo.details.nir) if demo.details.nir else None
    existing = existing or (await uow.job_seekers.get_by_email(demo.details.email) if demo.details.email else None)
    if existing is not None:
        return existing, 0
    account = await uow.users.get_by_email(f"{demo.account}@{DOMAIN}") if demo.account else None
    tenant = tenants[demo.created_by_siret] if demo.created_by_siret else None
    creator = Creator(
        user_id=account.id if account else None,
        organisation_id=tenant.id if tenant and tenant.kind is TenantKind.PRESCRIBER_ORGANISATION else None,
        company_id=tenant.id if tenant and tenant.kind is TenantKind.COMPANY else None,
    )
    job_seeker = JobSeeker.register(
        id=c.ids.new_id(),
        details=demo.details,
        created_by=creator,
        user_id=account.id if account else None,
        at=c.clock.now(),
        event_id=c.ids.new_id(),
    )
    await uow.job_seekers.add(job_seeker)
    return job_seeker, 1
