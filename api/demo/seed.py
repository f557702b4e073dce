"""Demo data for ``tremplin seed --demo``: idempotent, documented in the README.

Every account has the password ``demo-password``. Coordinates are the commune
centres of the shipped INSEE referential."""

from dataclasses import dataclass

from api.bootstrap import Container
from api.demo.candidatures import seed_candidatures
from api.demo.hires import seed_hires
from api.demo.job_seekers import seed_job_seekers
from api.demo.postings import seed_postings
from domain.companies.companies import Company, CompanyKind
from domain.identity.memberships import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Tenant,
    TenantKind,
)
from domain.identity.users import User, UserKind
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import (
    OrganisationKind,
    OrganisationSource,
    PrescriberOrganisation,
    signup_habilitation,
)
from domain.prescribers.referential_import import OrganisationRecord, import_prescribers

DEMO_PASSWORD = "demo-password"  # noqa: S105 - public demo accounts, documented in the README
DOMAIN = "demo.tremplin.fr"


@dataclass(frozen=True)
class DemoCompany:
    siret: str
    kind: CompanyKind
    name: str
    address_line: str
    postal_code: str
    commune: str
    city: str
    latitude: float
    longitude: float


COMPANIES = [
    DemoCompany(
        "89000001100019",
        CompanyKind.EI,
        "Recyclerie du Faubourg",
        "12 rue de la Roquette",
        "75011",
        "75111",
        "Paris 11e Arrondissement",
        48.86007,
        2.38156,
    ),
    DemoCompany(
        "89000002900011",
        CompanyKind.AI,
        "Coup de Main Montreuil",
        "4 rue de Paris",
        "93100",
        "93048",
        "Montreuil",
        48.86375,
        2.44906,
    ),
    DemoCompany(
        "89000003700014",
        CompanyKind.ACI,
        "Les Jardins de Vitry",
        "30 avenue Rouget de Lisle",
        "94400",
        "94081",
        "Vitry-sur-Seine",
        48.78926,
        2.3951,
    ),
    DemoCompany(
        "89000004500017",
        CompanyKind.ETTI,
        "Intérim Solidaire Nanterre",
        "8 boulevard du Midi",
        "92000",
        "92050",
        "Nanterre",
        48.89742,
        2.20181,
    ),
    DemoCompany(
        "89000005200013",
        CompanyKind.EITI,
        "Indépendants Solidaires Saint-Denis",
        "2 rue Gabriel Péri",
        "93200",
        "93066",
        "Saint-Denis",
        48.9268,
        2.3657,
    ),
    DemoCompany(
        "89000006000016",
        CompanyKind.GEIQ,
        "GEIQ BTP Val-de-Marne",
        "1 place Salvador Allende",
        "94000",
        "94028",
        "Créteil",
        48.78454,
        2.45233,
    ),
    DemoCompany(
        "89000007800018",
        CompanyKind.EI,
        "Cuisines Partagées Lyon",
        "15 cours Lafayette",
        "69003",
        "69383",
        "Lyon 3e Arrondissement",
        45.75141,
        4.86848,
    ),
    DemoCompany(
        "89000008600011",
        CompanyKind.ACI,
        "Chantier Nord Lille",
        "5 rue Nationale",
        "59000",
        "59350",
        "Lille",
        50.63108,
        3.04702,
    ),
    DemoCompany(
        "89000009400015",
        CompanyKind.AI,
        "Entraide Vieux-Port",
        "3 quai du Port",
        "13001",
        "13201",
        "Marseille 1er Arrondissement",
        43.30018,
        5.38276,
    ),
]

ORGANISATIONS = [
    ("78000010500012", OrganisationKind.FT, "France Travail Paris 11e"),
    ("78000011300016", OrganisationKind.ORIENTEUR, "Association Accueil Solidaire"),
    ("78000012100019", OrganisationKind.CHRS, "CHRS Les Tilleuls"),
]
# France Travail agencies come from the operator's referential only: the demo's goes through its import.
FRANCE_TRAVAIL_SAFIR = "75041"

# (email local part, kind, first name, last name, SIRETs of the tenants joined as admin)
ACCOUNTS = [
    ("prescriber", UserKind.PRESCRIBER, "Claire", "Dubois", ["78000010500012"]),
    ("orienteur", UserKind.PRESCRIBER, "Karim", "Benali", ["78000011300016"]),
    ("chrs", UserKind.PRESCRIBER, "Sophie", "Leroy", ["78000012100019"]),
    ("employer.ei", UserKind.EMPLOYER, "Julien", "Moreau", ["89000001100019"]),
    ("employer.ai", UserKind.EMPLOYER, "Nadia", "Haddad", ["89000002900011"]),
    ("employer.aci", UserKind.EMPLOYER, "Paul", "Girard", ["89000003700014"]),
    ("employer.etti", UserKind.EMPLOYER, "Inès", "Lambert", ["89000004500017"]),
    ("employer.eiti", UserKind.EMPLOYER, "Marc", "Fontaine", ["89000005200013"]),
    ("employer.geiq", UserKind.EMPLOYER, "Aïcha", "Diallo", ["89000006000016"]),
    (
        "employer.multi",
        UserKind.EMPLOYER,
        "Hélène",
        "Roux",
        ["89000007800018", "89000008600011", "89000009400015"],
    ),
    ("jobseeker", UserKind.JOB_SEEKER, "Samir", "Bensaïd", []),
    ("jobseeker2", UserKind.JOB_SEEKER, "Léa", "Martin", []),
    ("staff", UserKind.STAFF, "Camille", "Durand", []),
]


def demo_email(local: str) -> str:
    return f"{local}@{DOMAIN}"


async def seed_demo(container: Container) -> int:
    """Create what is missing of the demo data; returns how many records were created."""
    created = await _france_travail_agency(container)
    uow = container.new_uow()
    async with uow:
        tenants: dict[str, Tenant] = {}
        for company in COMPANIES:
            tenants[company.siret], added = await _company(uow, container, company)
            created += added
        for siret, kind, name in ORGANISATIONS:
            tenants[siret], added = await _organisation(uow, container, siret, kind, name)
            created += added
        password_hash = await container.hasher.hash(DEMO_PASSWORD)
        for local, kind, first, last, sirets in ACCOUNTS:
            created += await _account(
                uow, container, local, kind, first, last, password_hash, [tenants[s] for s in sirets]
            )
        created += await seed_postings(uow, container, tenants)
        created += await seed_job_seekers(uow, container, tenants)
        created += await seed_candidatures(uow, container, tenants)
        await uow.commit()
    return created + await seed_hires(container, tenants)


async def _company(uow: UnitOfWork, c: Container, demo: DemoCompany) -> tuple[Tenant, int]:
    existing = [x for x in await uow.companies.by_siret(demo.siret) if x.kind is demo.kind]
    if existing:
        return Tenant(TenantKind.COMPANY, existing[0].id), 0
    now = c.clock.now()
    company = Company(
        id=c.ids.new_id(),
        siret=demo.siret,
        kind=demo.kind,
        name=demo.name,
        address_line=demo.address_line,
        postal_code=demo.postal_code,
        commune=demo.commune,
        city=demo.city,
        department=demo.postal_code[:2],
        latitude=demo.latitude,
        longitude=demo.longitude,
        created_at=now,
        updated_at=now,
        description=f"{demo.name} : structure de démonstration de Tremplin.",
        email=f"contact+{demo.siret}@{DOMAIN}",
    )
    await uow.companies.add(company)
    return Tenant(TenantKind.COMPANY, company.id), 1


async def _france_travail_agency(c: Container) -> int:
    siret, kind, name = ORGANISATIONS[0]
    record = OrganisationRecord(
        line=1,
        kind=kind,
        siret=siret,
        safir_code=FRANCE_TRAVAIL_SAFIR,
        name=name,
        commune="75111",
        email=f"agence.paris11@{DOMAIN}",
        address_line="7 rue de la Roquette",
        postal_code="75011",
    )
    report = await import_prescribers(
        uow=c.new_uow(), communes=c.referentials.communes, clock=c.clock, ids=c.ids, lines=[record]
    )
    return report.created


async def _organisation(
    uow: UnitOfWork, c: Container, siret: str, kind: OrganisationKind, name: str
) -> tuple[Tenant, int]:
    existing = await uow.organisations.get_by_siret(siret=siret, kind=kind)
    if existing:
        return Tenant(TenantKind.PRESCRIBER_ORGANISATION, existing.id), 0
    # The others were created by their admins signing up: the CHRS waits for staff, the orienteur needs nothing.
    organisation = PrescriberOrganisation(
        id=c.ids.new_id(),
        siret=siret,
        kind=kind,
        name=name,
        habilitation=signup_habilitation(kind),
        created_at=c.clock.now(),
        source=OrganisationSource.SIGNUP,
    )
    await uow.organisations.add(organisation)
    return Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id), 1


async def _account(
    uow: UnitOfWork,
    c: Container,
    local: str,
    kind: UserKind,
    first: str,
    last: str,
    password_hash: str,
    tenants: list[Tenant],
) -> int:
    if await uow.users.get_by_email(demo_email(local)) is not None:
        return 0
    user = User(
        id=c.ids.new_id(),
        kind=kind,
        email=demo_email(local),
        first_name=first,
        last_name=last,
        password_hash=password_hash,
        created_at=c.clock.now(),
        email_confirmed_at=c.clock.now(),  # public demo accounts: nobody reads their mailboxes
    )
    await uow.users.add(user)
    for tenant in tenants:
        await uow.memberships.add(
            Membership(
                id=c.ids.new_id(),
                user_id=user.id,
                tenant=tenant,
                role=MembershipRole.ADMIN,
                status=MembershipStatus.ACTIVE,
                created_at=c.clock.now(),
            )
        )
    return 1 + len(tenants)
