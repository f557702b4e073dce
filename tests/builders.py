"""Test data builders, named for the situation they set up."""

import itertools
from uuid import UUID

from api.container import Container
from domain.companies.companies import Company, CompanyKind
from domain.identity.memberships import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Tenant,
    TenantKind,
)
from domain.identity.users import User, UserKind
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    PrescriberOrganisation,
    initial_habilitation,
)

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
    container: Container, *, kind: CompanyKind = CompanyKind.EI, siret: str | None = None, active: bool = True
) -> Company:
    now = container.clock.now()
    company = Company(
        id=container.ids.new_id(),
        siret=siret or a_siret(),
        kind=kind,
        name=f"Structure {kind} {next(_serial)}",
        address_line="1 rue de la Paix",
        postal_code="75011",
        commune="75111",
        city="Paris 11e Arrondissement",
        department="75",
        latitude=48.86007,
        longitude=2.38156,
        created_at=now,
        updated_at=now,
        is_active=active,
    )
    uow = container.new_uow()
    async with uow:
        await uow.companies.add(company)
        await uow.commit()
    return company


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
        password_hash=await container.hasher.hash(password),
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


def bearer(container: Container, user: User, *, act_as: UUID | None = None, scope: str = "") -> dict[str, str]:
    """Headers of a request made by ``user`` with a real signed token."""
    token = container.tokens.issue(subject=str(user.id), subject_type="user", scope=scope)
    headers = {"Authorization": f"Bearer {token}"}
    if act_as is not None:
        headers["Tremplin-Act-As"] = str(act_as)
    return headers
