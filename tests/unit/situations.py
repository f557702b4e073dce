"""Builders of unit-test situations on the in-memory fakes: everything is
stored through the unit of work and committed, as a use case would."""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from domain.companies.companies import Company, CompanyKind
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.identity.clients import ApiClient
from domain.identity.memberships import Membership, MembershipRole, MembershipStatus, Tenant, TenantKind
from domain.identity.principal import ActingFor, Principal
from domain.identity.scopes import ALL_SCOPES, Scope
from domain.identity.signup import NewAccount, Services
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import JobSeeker
from domain.ports.system import AccessTokenClaims
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    OrganisationSource,
    PrescriberOrganisation,
    initial_habilitation,
    signup_habilitation,
)
from tests.fakes.system import FakeHasher, FixedClock, SequentialIds
from tests.fakes.unit_of_work import FakeUnitOfWork

PASSWORD = "correct horse battery"
FT_SIRET = "13000548100010"
EI_SIRET = "78000010500012"
_serial = itertools.count(1)


@dataclass(slots=True)
class World:
    """The fakes one test runs on."""

    uow: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)
    clock: FixedClock = field(default_factory=FixedClock)
    ids: SequentialIds = field(default_factory=SequentialIds)
    hasher: FakeHasher = field(default_factory=FakeHasher)

    @property
    def services(self) -> Services:
        return Services(uow=self.uow, hasher=self.hasher, clock=self.clock, ids=self.ids)


async def stored(world: World, *entities: object) -> None:
    async with world.uow as uow:
        for entity in entities:
            repository = {
                User: uow.users,
                Membership: uow.memberships,
                PrescriberOrganisation: uow.organisations,
                Company: uow.companies,
                ApiClient: uow.clients,
                JobSeeker: uow.job_seekers,
                EligibilityDiagnosis: uow.diagnoses,
            }[type(entity)]
            await repository.add(entity)  # type: ignore[attr-defined]
        await uow.commit()


def tenant_of(structure: Company | PrescriberOrganisation) -> Tenant:
    if isinstance(structure, Company):
        return Tenant(TenantKind.COMPANY, structure.id)
    return Tenant(TenantKind.PRESCRIBER_ORGANISATION, structure.id)


def an_account(email: str | None = None, *, password: str = PASSWORD) -> NewAccount:
    return NewAccount(
        email=email or f"person.{next(_serial)}@example.org",
        password=password,
        first_name="Camille",
        last_name="Martin",
    )


async def an_organisation(
    world: World,
    *,
    kind: OrganisationKind = OrganisationKind.FT,
    habilitation: Habilitation | None = None,
    siret: str | None = None,
    source: OrganisationSource = OrganisationSource.REFERENTIAL,
    safir_code: str | None = None,
) -> PrescriberOrganisation:
    """An organisation of the operator's referential, or one created at signup (``source``)."""
    by_its_kind = initial_habilitation if source is OrganisationSource.REFERENTIAL else signup_habilitation
    organisation = PrescriberOrganisation(
        id=world.ids.new_id(),
        siret=siret or f"130{next(_serial):011d}",
        kind=kind,
        name=f"Organisation {kind} {next(_serial)}",
        habilitation=habilitation or by_its_kind(kind),
        created_at=world.clock.now(),
        source=source,
        safir_code=safir_code,
    )
    await stored(world, organisation)
    return organisation


async def a_company(
    world: World,
    *,
    kind: CompanyKind = CompanyKind.EI,
    siret: str | None = None,
    active: bool = True,
    auth_email: str | None = None,
) -> Company:
    now = world.clock.now()
    company = Company(
        id=world.ids.new_id(),
        siret=siret or f"780{next(_serial):011d}",
        kind=kind,
        name=f"Recyclerie {kind} {next(_serial)}",
        address_line="12 rue du Faubourg Saint-Antoine",
        postal_code="75011",
        commune="75111",
        city="Paris 11e Arrondissement",
        department="75",
        latitude=48.85297,
        longitude=2.37416,
        created_at=now,
        updated_at=now,
        is_active=active,
        auth_email=auth_email,
    )
    await stored(world, company)
    return company


async def a_user(
    world: World,
    *,
    kind: UserKind = UserKind.PRESCRIBER,
    email: str | None = None,
    password: str = PASSWORD,
    active: bool = True,
    confirmed: bool = True,
) -> User:
    user = User(
        id=world.ids.new_id(),
        kind=kind,
        email=email or f"{kind}.{next(_serial)}@example.org",
        first_name="Camille",
        last_name="Martin",
        password_hash=await world.hasher.hash(password),
        created_at=world.clock.now(),
        is_active=active,
        email_confirmed_at=world.clock.now() if confirmed else None,
    )
    await stored(world, user)
    return user


async def a_membership(
    world: World,
    user: User,
    tenant: Tenant,
    *,
    role: MembershipRole = MembershipRole.MEMBER,
    status: MembershipStatus = MembershipStatus.ACTIVE,
) -> Membership:
    # Later memberships are younger, as they would be in real life.
    world.clock.advance(timedelta(minutes=1))
    membership = Membership(
        id=world.ids.new_id(),
        user_id=user.id,
        tenant=tenant,
        role=role,
        status=status,
        created_at=world.clock.now(),
    )
    await stored(world, membership)
    return membership


async def a_member(
    world: World,
    tenant: Tenant,
    *,
    role: MembershipRole = MembershipRole.MEMBER,
    status: MembershipStatus = MembershipStatus.ACTIVE,
    email: str | None = None,
) -> User:
    """A person of the tenant's kind (employer or prescriber) with a membership in it."""
    kind = UserKind.EMPLOYER if tenant.kind is TenantKind.COMPANY else UserKind.PRESCRIBER
    user = await a_user(world, kind=kind, email=email)
    await a_membership(world, user, tenant, role=role, status=status)
    return user


async def a_client(
    world: World,
    tenant: Tenant,
    *,
    scopes: frozenset[Scope] = ALL_SCOPES,
    secret: str = "s3cret-of-the-partner",
    active: bool = True,
) -> ApiClient:
    client = ApiClient(
        id=world.ids.new_id(),
        client_id=f"tpl_{next(_serial):016d}",
        name="Logiciel partenaire",
        secret_hash=await world.hasher.hash(secret),
        tenant=tenant,
        scopes=scopes,
        created_at=world.clock.now(),
        is_active=active,
    )
    await stored(world, client)
    return client


def acting_as(user: User, tenant: Tenant, *, role: MembershipRole = MembershipRole.MEMBER) -> Principal:
    """The principal of a person acting for one of his tenants."""
    return Principal(kind=user.kind, user_id=user.id, acting_for=ActingFor(tenant=tenant, role=role))


def acting_for_nobody(user: User) -> Principal:
    return Principal(kind=user.kind, user_id=user.id)


def a_staff_member() -> Principal:
    return Principal(kind=UserKind.STAFF, user_id=UUID(int=10**9))


def a_partner(client: ApiClient, *, scopes: frozenset[Scope]) -> Principal:
    kind = UserKind.EMPLOYER if client.tenant.kind is TenantKind.COMPANY else UserKind.PRESCRIBER
    return Principal(
        kind=kind,
        client_id=client.id,
        acting_for=ActingFor(tenant=client.tenant, role=MembershipRole.MEMBER),
        scopes=scopes,
    )


def user_token(user: User, *, scope: str = "", world: World) -> AccessTokenClaims:
    return AccessTokenClaims(
        subject=str(user.id), subject_type="user", scope=scope, expires_at=world.clock.now() + timedelta(hours=1)
    )


def client_token(client: ApiClient, *, scope: str, world: World) -> AccessTokenClaims:
    return AccessTokenClaims(
        subject=str(client.id), subject_type="client", scope=scope, expires_at=world.clock.now() + timedelta(hours=1)
    )


async def membership_of(world: World, user: User, tenant: Tenant) -> Membership | None:
    """What is committed, read in a fresh unit of work."""
    async with world.uow as uow:
        return await uow.memberships.get(user_id=user.id, tenant=tenant)


async def memberships_in(world: World, tenant: Tenant) -> list[Membership]:
    async with world.uow as uow:
        return list(await uow.memberships.for_tenant(tenant))
