"""Demo hires with a PASS IAE, part of ``tremplin seed --demo``: Moussa at the
ACI and Julie at the EI are hired through the real use cases, so that a
partner exploring the demo finds an employee record to complete (Moussa's,
``new``) and one ready for the next ASP export (Julie's, ``ready``).

Each hire is made once: a candidature already accepted is left alone."""

from dataclasses import dataclass
from uuid import UUID

from api.bootstrap import Container
from api.demo.candidatures import DOMAIN, FT_SIRET
from domain.candidatures.candidatures import Hiring
from domain.candidatures.hiring import accept_candidature
from domain.candidatures.listing import CandidatureFilters, Readers
from domain.candidatures.state_machine import CandidatureState
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.employee_records.asp_fields import AspFields, Situation, Title
from domain.employee_records.use_cases import make_record_ready, revise_employee_record
from domain.identity.memberships import MembershipRole, Tenant, TenantKind
from domain.identity.principal import ActingFor, Principal
from domain.identity.users import UserKind
from domain.job_seekers.ages import paris_day
from domain.ports.unit_of_work import UnitOfWork

JULIE_FIELDS = AspFields(
    title=Title.MRS,
    birth_commune="69383",
    lane_number="24",
    lane_type="RUE",
    lane_name="de la République",
    address_commune="69383",
    address_postal_code="69003",
    education_level="40",
    situation=Situation(france_travail_registered=True, france_travail_since="02"),
)


@dataclass(frozen=True)
class DemoHire:
    nir: str
    company_siret: str
    employer: str  # local part of the demo account who hires
    fields: AspFields | None = None  # filled in and made ready when given


HIRES = [
    DemoHire("170029935001746", "89000003700014", "employer.aci"),
    DemoHire("298016938302371", "89000001100019", "employer.ei", JULIE_FIELDS),
]


async def seed_hires(c: Container, tenants: dict[str, Tenant]) -> int:
    """Hire the demo job seekers not hired yet (after the rest of the demo is
    committed); returns how many hires were made."""
    hired = 0
    for demo in HIRES:
        found = await _to_hire(c, demo, tenants)
        if found is None:
            continue
        candidature_id, employer = found
        common = {"uow": c.new_uow(), "actor": employer, "clock": c.clock, "ids": c.ids}
        hiring = Hiring(paris_day(c.clock.now()))
        view = await accept_candidature(
            **common,
            candidature_id=candidature_id,
            hiring=hiring,
            message="",
            pass_prefix=c.settings.asp.pass_iae_prefix,
        )
        if demo.fields is not None:
            await _ready(c, employer, view.candidature.id, demo.fields)
        hired += 1
    return hired


async def _to_hire(c: Container, demo: DemoHire, tenants: dict[str, Tenant]) -> tuple[UUID, Principal] | None:
    """The candidature to accept and the employer who accepts it, after giving
    the job seeker France Travail's diagnosis; None once hired."""
    uow = c.new_uow()
    async with uow:
        job_seeker = await uow.job_seekers.get_by_nir(demo.nir)
        company = await uow.companies.get(tenants[demo.company_siret].id)
        user = await uow.users.get_by_email(f"{demo.employer}@{DOMAIN}")
        if job_seeker is None or company is None or user is None:
            return None
        [candidature] = await uow.candidatures.page(
            readers=Readers(job_seeker_id=job_seeker.id),
            filters=CandidatureFilters(company_id=company.id),
            after=None,
            limit=1,
        )
        if candidature.state is CandidatureState.ACCEPTED:
            return None
        await _diagnosis(uow, c, job_seeker.id, agency_id=tenants[FT_SIRET].id)
        await uow.commit()
    acting = ActingFor(Tenant(TenantKind.COMPANY, company.id), MembershipRole.ADMIN, company_kind=company.kind)
    return candidature.id, Principal(kind=UserKind.EMPLOYER, user_id=user.id, acting_for=acting)


async def _diagnosis(uow: UnitOfWork, c: Container, job_seeker_id: UUID, *, agency_id: UUID) -> None:
    if await uow.diagnoses.for_job_seeker(job_seeker_id):
        return
    diagnosis = EligibilityDiagnosis.by_prescriber(
        id=c.ids.new_id(),
        job_seeker_id=job_seeker_id,
        author_user_id=None,
        organisation_id=agency_id,
        criteria=("RSA",),
        at=c.clock.now(),
        event_id=c.ids.new_id(),
    )
    await uow.diagnoses.add(diagnosis)


async def _ready(c: Container, employer: Principal, candidature_id: UUID, fields: AspFields) -> None:
    uow = c.new_uow()
    async with uow:
        [record] = await uow.employee_records.of_candidature(candidature_id)
    common = {"uow": c.new_uow(), "actor": employer, "clock": c.clock, "referentials": c.asp_referentials}
    changes = {name: getattr(fields, name) for name in AspFields.__dataclass_fields__ if getattr(fields, name)}
    await revise_employee_record(**common, record_id=record.id, changes=changes)
    await make_record_ready(**common, record_id=record.id)
