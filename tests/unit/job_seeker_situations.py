"""Unit-test situations around job seekers: who follows them, as which principal."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from adapters.referentials.communes import InMemoryCommuneReferential
from adapters.referentials.criteria import InMemoryCriteriaReferential
from adapters.referentials.rome import InMemoryRomeReferential
from domain.companies.companies import Company, CompanyKind
from domain.identity.memberships import MembershipRole
from domain.identity.principal import ActingFor, Principal
from domain.identity.scopes import ALL_SCOPES, Scope
from domain.identity.users import UserKind
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.job_seekers.sex import Sex
from domain.prescribers.organisations import Habilitation, OrganisationKind, PrescriberOrganisation
from domain.referentials.bundle import Referentials
from domain.referentials.communes import Commune
from domain.referentials.criteria import AdministrativeCriterion
from domain.referentials.rome import Appellation
from tests.unit.situations import World, a_company, a_user, an_organisation, stored, tenant_of


@dataclass(slots=True, frozen=True)
class Actor:
    """A person acting for a tenant: his principal and the tenant."""

    principal: Principal
    organisation: PrescriberOrganisation | None = None
    company: Company | None = None

    @property
    def creator(self) -> Creator:
        return Creator(
            user_id=self.principal.user_id,
            organisation_id=self.organisation.id if self.organisation else None,
            company_id=self.company.id if self.company else None,
        )


async def a_prescriber(
    world: World, *, habilitated: bool = True, scopes: frozenset[Scope] = ALL_SCOPES, client: bool = False
) -> Actor:
    """A member (or, with ``client``, a partner application) of an FT agency, or of an orienteur."""
    kind = OrganisationKind.FT if habilitated else OrganisationKind.ORIENTEUR
    organisation = await an_organisation(world, kind=kind)
    acting = ActingFor(
        tenant=tenant_of(organisation),
        role=MembershipRole.MEMBER,
        habilitated=organisation.habilitation is Habilitation.VALIDATED,
    )
    return Actor(await _principal(world, UserKind.PRESCRIBER, acting, scopes, client), organisation=organisation)


async def an_employer(
    world: World, *, kind: CompanyKind = CompanyKind.EI, scopes: frozenset[Scope] = ALL_SCOPES, client: bool = False
) -> Actor:
    company = await a_company(world, kind=kind)
    acting = ActingFor(tenant=tenant_of(company), role=MembershipRole.MEMBER, company_kind=kind)
    return Actor(await _principal(world, UserKind.EMPLOYER, acting, scopes, client), company=company)


async def _principal(
    world: World, kind: UserKind, acting: ActingFor, scopes: frozenset[Scope], client: bool
) -> Principal:
    if client:
        return Principal(kind=kind, client_id=world.ids.new_id(), acting_for=acting, scopes=scopes)
    user = await a_user(world, kind=kind)
    return Principal(kind=kind, user_id=user.id, acting_for=acting, scopes=scopes)


async def a_job_seeker_account(world: World) -> Principal:
    user = await a_user(world, kind=UserKind.JOB_SEEKER)
    return Principal(kind=UserKind.JOB_SEEKER, user_id=user.id)


def a_staff_principal() -> Principal:
    return Principal(kind=UserKind.STAFF, user_id=UUID(int=10**9))


def details(
    *,
    first_name: str = "Samir",
    last_name: str = "Bensaïd",
    birthdate: date | None = None,
    sex: Sex | None = None,
    email: str | None = None,
    phone: str | None = None,
    nir: str | None = None,
    commune: str | None = None,
    wished_rome_codes: tuple[str, ...] = (),
) -> JobSeekerDetails:
    return JobSeekerDetails(
        first_name=first_name,
        last_name=last_name,
        birthdate=birthdate,
        sex=sex,
        email=email,
        phone=phone,
        nir=nir,
        commune=commune,
        wished_rome_codes=wished_rome_codes,
    )


async def a_job_seeker(
    world: World,
    *,
    created_by: Actor | None = None,
    account: Principal | None = None,
    **fields: object,
) -> JobSeeker:
    """A profile created by ``created_by`` (by himself when he has an ``account``)."""
    creator = created_by.creator if created_by else Creator(user_id=account.user_id if account else None)
    job_seeker = JobSeeker.register(
        id=world.ids.new_id(),
        details=details(**fields),  # type: ignore[arg-type]
        created_by=creator,
        user_id=account.user_id if account else None,
        at=world.clock.now(),
        event_id=world.ids.new_id(),
    )
    await stored(world, job_seeker)
    return job_seeker


async def stored_job_seeker(world: World, job_seeker_id: UUID) -> JobSeeker | None:
    async with world.uow as uow:
        return await uow.job_seekers.get(job_seeker_id)


LEVEL_1 = ("RSA", "ASS", "AAH", "DETLD")
LEVEL_2 = (
    *("CAP_BEP", "SENIOR", "JEUNE", "ASE", "DELD", "TH", "PI", "PSH_PR"),
    *("REF_DA", "ZRR", "QPV", "DETENTION_MJ", "FLE", "PM"),
)


def small_referentials() -> Referentials:
    """Two communes, two ROME job families and every administrative criterion."""
    paris_11 = Commune("75111", "Paris 11e Arrondissement", "75", ("75011",), 48.8590, 2.3800, 147_000)
    montreuil = Commune("93048", "Montreuil", "93", ("93100",), 48.8637, 2.4490, 111_000)
    cook = Appellation("12345", "Commis de cuisine", "G1602", "Personnel de cuisine")
    gardener = Appellation("23456", "Jardinier", "A1203", "Aménagement et entretien des espaces verts")
    criteria = [AdministrativeCriterion(code, 1, code, "", "") for code in LEVEL_1]
    criteria += [AdministrativeCriterion(code, 2, code, "", "") for code in LEVEL_2]
    return Referentials(
        communes=InMemoryCommuneReferential([paris_11, montreuil]),
        rome=InMemoryRomeReferential([cook, gardener], {"G1602": cook.rome_name, "A1203": gardener.rome_name}),
        criteria=InMemoryCriteriaReferential(criteria),
    )
