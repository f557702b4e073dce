"""Test data builders, named for the situation they set up."""

import itertools
from uuid import UUID

from api.container import Container
from domain.companies.companies import Company, CompanyKind
from domain.companies.job_postings import ContractType, JobPosting
from domain.identity.memberships import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Tenant,
    TenantKind,
)
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    PrescriberOrganisation,
    initial_habilitation,
)
from domain.referentials.communes import Commune

PASSWORD = "correct horse battery"
_serial = itertools.count(1)


def a_siret() -> str:
    """A fresh SIRET whose SIREN and whole number both pass the Luhn check."""
    siren = _with_check_digit(f"9{next(_serial):07d}")
    return _with_check_digit(siren + "0001")


def _with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if _luhn(body + d))


def _luhn(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def company_tenant(company: Company) -> Tenant:
    return Tenant(TenantKind.COMPANY, company.id)


def organisation_tenant(organisation: PrescriberOrganisation) -> Tenant:
    return Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id)


async def a_company(
    container: Container,
    *,
    kind: CompanyKind = CompanyKind.EI,
    siret: str | None = None,
    active: bool = True,
    commune: str = "75111",
) -> Company:
    now = container.clock.now()
    place = _commune(container, commune)
    company = Company(
        id=container.ids.new_id(),
        siret=siret or a_siret(),
        kind=kind,
        name=f"Structure {kind} {next(_serial)}",
        address_line="1 rue de la Paix",
        postal_code=place.postal_codes[0],
        commune=place.insee_code,
        city=place.name,
        department=place.department,
        latitude=place.latitude,
        longitude=place.longitude,
        created_at=now,
        updated_at=now,
        is_active=active,
    )
    uow = container.new_uow()
    async with uow:
        await uow.companies.add(company)
        await uow.commit()
    return company


def _commune(container: Container, insee_code: str) -> Commune:
    commune = container.referentials.communes.get(insee_code)
    assert commune is not None, f"no commune {insee_code} in the referential"
    return commune


async def a_job_posting(
    container: Container,
    company: Company,
    *,
    commune: str | None = None,
    appellation_code: str = "11573",
    contract_type: ContractType = ContractType.FIXED_TERM_I,
    open_positions: int = 1,
    is_active: bool = True,
) -> JobPosting:
    """A posting stored as it would be published; its place is the company's unless given."""
    place = _commune(container, commune or company.commune)
    appellation = container.referentials.rome.appellation(appellation_code)
    assert appellation is not None, f"no appellation {appellation_code} in the referential"
    now = container.clock.now()
    posting = JobPosting(
        id=container.ids.new_id(),
        company_id=company.id,
        appellation_code=appellation_code,
        rome_code=appellation.rome_code,
        title="",
        description="",
        contract_type=contract_type,
        hours_per_week=None,
        commune=place.insee_code,
        city=place.name,
        department=place.department,
        latitude=place.latitude,
        longitude=place.longitude,
        open_positions=open_positions,
        is_active=is_active,
        created_at=now,
        updated_at=now,
    )
    uow = container.new_uow()
    async with uow:
        await uow.job_postings.add(posting)
        await uow.commit()
    return posting


async def an_organisation(
    container: Container,
    *,
    kind: OrganisationKind = OrganisationKind.FT,
    habilitation: Habilitation | None = None,
) -> PrescriberOrganisation:
    organisation = PrescriberOrganisation(
        id=container.ids.new_id(),
        siret=a_siret(),
        kind=kind,
        name=f"Organisation {kind} {next(_serial)}",
        habilitation=habilitation or initial_habilitation(kind),
        created_at=container.clock.now(),
    )
    uow = container.new_uow()
    async with uow:
        await uow.organisations.add(organisation)
        await uow.commit()
    return organisation


_hashes: dict[str, str] = {}


async def _hash_of(container: Container, password: str) -> str:
    """Argon2 is slow on purpose; one real hash per password serves every test."""
    if password not in _hashes:
        _hashes[password] = await container.hasher.hash(password)
    return _hashes[password]


async def a_user(
    container: Container,
    *,
    kind: UserKind,
    email: str | None = None,
    password: str = PASSWORD,
    member_of: Tenant | None = None,
    role: MembershipRole = MembershipRole.ADMIN,
    status: MembershipStatus = MembershipStatus.ACTIVE,
    active: bool = True,
) -> User:
    user = User(
        id=container.ids.new_id(),
        kind=kind,
        email=email or f"{kind}.{next(_serial)}@example.org",
        first_name="Camille",
        last_name="Martin",
        password_hash=await _hash_of(container, password),
        created_at=container.clock.now(),
        is_active=active,
    )
    uow = container.new_uow()
    async with uow:
        await uow.users.add(user)
        if member_of is not None:
            await uow.memberships.add(
                Membership(
                    id=container.ids.new_id(),
                    user_id=user.id,
                    tenant=member_of,
                    role=role,
                    status=status,
                    created_at=container.clock.now(),
                )
            )
        await uow.commit()
    return user


async def join(
    container: Container,
    user: User,
    tenant: Tenant,
    *,
    role: MembershipRole = MembershipRole.MEMBER,
    status: MembershipStatus = MembershipStatus.ACTIVE,
) -> None:
    uow = container.new_uow()
    async with uow:
        await uow.memberships.add(
            Membership(
                id=container.ids.new_id(),
                user_id=user.id,
                tenant=tenant,
                role=role,
                status=status,
                created_at=container.clock.now(),
            )
        )
        await uow.commit()


async def a_job_seeker(
    container: Container,
    *,
    created_by: Company | PrescriberOrganisation | User,
    **fields: object,
) -> JobSeeker:
    """A profile registered by a company's or an organisation's member, or by a
    job seeker's account for himself (then linked to it)."""
    own_account = created_by if isinstance(created_by, User) else None
    creator = Creator(
        user_id=own_account.id if own_account else None,
        organisation_id=created_by.id if isinstance(created_by, PrescriberOrganisation) else None,
        company_id=created_by.id if isinstance(created_by, Company) else None,
    )
    values: dict[str, object] = {"first_name": "Samir", "last_name": "Bensaïd", **fields}
    job_seeker = JobSeeker.register(
        id=container.ids.new_id(),
        details=JobSeekerDetails(**values),  # type: ignore[arg-type]
        created_by=creator,
        user_id=own_account.id if own_account else None,
        at=container.clock.now(),
        event_id=container.ids.new_id(),
    )
    uow = container.new_uow()
    async with uow:
        await uow.job_seekers.add(job_seeker)
        await uow.commit()
    return job_seeker


def bearer(container: Container, user: User, *, act_as: UUID | None = None, scope: str = "") -> dict[str, str]:
    """Headers of a request made by ``user`` with a real signed token."""
    token = container.tokens.issue(subject=str(user.id), subject_type="user", scope=scope)
    headers = {"Authorization": f"Bearer {token}"}
    if act_as is not None:
        headers["Tremplin-Act-As"] = str(act_as)
    return headers
