"""One contract, two implementations: the in-memory fakes of tests/fakes.py
and the SQL repositories must behave alike, so that unit tests written
against the fakes say something true about production."""

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import StatementError

from api.bootstrap import Container
from domain.companies.companies import Company, CompanyKind
from domain.errors import Conflict
from domain.identity.clients import ApiClient
from domain.identity.members import AlreadyMember
from domain.identity.memberships import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Tenant,
    TenantKind,
)
from domain.identity.scopes import Scope
from domain.identity.signup import EmailTaken
from domain.identity.throttle import ThrottleState
from domain.identity.users import User, UserKind
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    PrescriberOrganisation,
)
from tests.builders.companies import a_siret

# Marked here, not only by the root conftest: anyio re-creates the items it marks
# late, and that drops the fake/sql parametrisation.
pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NewUow = Callable[[], UnitOfWork]
_serial = itertools.count(1)


@pytest.fixture
def new_sql_uow(container: Container) -> NewUow:
    """For what only a database holds: column types on each engine."""
    return container.new_uow


def a_person(*, email: str | None = None, kind: UserKind = UserKind.JOB_SEEKER, at: datetime = NOW) -> User:
    return User(
        id=uuid4(),
        kind=kind,
        email=email or f"person.{next(_serial)}@example.org",
        first_name="Camille",
        last_name="Martin",
        password_hash="argon2-hash",
        created_at=at,
    )


def an_ft_agency(*, siret: str | None = None, kind: OrganisationKind = OrganisationKind.FT) -> PrescriberOrganisation:
    return PrescriberOrganisation(
        id=uuid4(),
        siret=siret or a_siret(),
        kind=kind,
        name="France Travail Paris 11e",
        habilitation=Habilitation.VALIDATED if kind is OrganisationKind.FT else Habilitation.PENDING,
        created_at=NOW,
    )


def an_insertion_company(*, siret: str | None = None, kind: CompanyKind = CompanyKind.EI) -> Company:
    return Company(
        id=uuid4(),
        siret=siret or a_siret(),
        kind=kind,
        name=f"Recyclerie {kind}",
        address_line="12 rue du Faubourg Saint-Antoine",
        postal_code="75011",
        commune="75111",
        city="Paris 11e Arrondissement",
        department="75",
        latitude=48.85297,
        longitude=2.37416,
        created_at=NOW,
        updated_at=NOW,
    )


def a_membership(user: User, tenant: Tenant, *, at: datetime = NOW) -> Membership:
    return Membership(
        id=uuid4(),
        user_id=user.id,
        tenant=tenant,
        role=MembershipRole.MEMBER,
        status=MembershipStatus.ACTIVE,
        created_at=at,
    )


def tenant_of(organisation: PrescriberOrganisation) -> Tenant:
    return Tenant(TenantKind.PRESCRIBER_ORGANISATION, organisation.id)


async def stored(new_uow: NewUow, *entities: object) -> None:
    """Adds the entities in one unit of work and commits."""
    uow = new_uow()
    async with uow:
        for entity in entities:
            repository = {
                User: uow.users,
                PrescriberOrganisation: uow.organisations,
                Company: uow.companies,
                Membership: uow.memberships,
                ApiClient: uow.clients,
            }[type(entity)]
            await repository.add(entity)  # type: ignore[attr-defined]
        await uow.commit()


async def a_stored_user(new_uow: NewUow) -> User:
    user = a_person()
    await stored(new_uow, user)
    return user


async def user_in_new_uow(new_uow: NewUow, user_id: UUID) -> User | None:
    uow = new_uow()
    async with uow:
        return await uow.users.get(user_id)


# -- users -----------------------------------------------------------------


async def test_an_added_user_is_read_back_by_id(new_uow: NewUow) -> None:
    user = a_person(email="claire.dubois@example.org")
    await stored(new_uow, user)

    found = await user_in_new_uow(new_uow, user.id)

    assert found is not None
    assert (found.email, found.kind, found.full_name, found.password_hash, found.created_at, found.is_active) == (
        "claire.dubois@example.org",
        UserKind.JOB_SEEKER,
        "Camille Martin",
        "argon2-hash",
        NOW,
        True,
    )


async def test_an_unknown_id_finds_no_user(new_uow: NewUow) -> None:
    await a_stored_user(new_uow)

    assert await user_in_new_uow(new_uow, uuid4()) is None


async def test_a_user_is_found_by_email(new_uow: NewUow) -> None:
    user = a_person(email="karim.benali@example.org")
    await stored(new_uow, a_person(), user)

    uow = new_uow()
    async with uow:
        found = await uow.users.get_by_email("karim.benali@example.org")

    assert found is not None and found.id == user.id


async def test_an_unknown_email_finds_no_user(new_uow: NewUow) -> None:
    await a_stored_user(new_uow)

    uow = new_uow()
    async with uow:
        assert await uow.users.get_by_email("nobody@example.org") is None


async def test_a_second_account_with_the_same_email_raises_email_taken(new_uow: NewUow) -> None:
    await stored(new_uow, a_person(email="sophie.leroy@example.org"))

    uow = new_uow()
    with pytest.raises(EmailTaken):
        async with uow:
            await uow.users.add(a_person(email="Sophie.Leroy@Example.org"))
            await uow.commit()


async def test_one_user_loaded_twice_in_a_unit_of_work_is_one_object(new_uow: NewUow) -> None:
    user = await a_stored_user(new_uow)

    uow = new_uow()
    async with uow:
        by_id = await uow.users.get(user.id)
        by_email = await uow.users.get_by_email(user.email)

    assert by_id is not None and by_id is by_email


# -- memberships -------------------------------------------------------------


async def test_memberships_of_a_user_are_his_own_only(new_uow: NewUow) -> None:
    claire, karim = a_person(), a_person()
    agency, other_agency = an_ft_agency(), an_ft_agency()
    claires = [a_membership(claire, tenant_of(agency)), a_membership(claire, tenant_of(other_agency))]
    await stored(new_uow, claire, karim, agency, other_agency, *claires, a_membership(karim, tenant_of(agency)))

    uow = new_uow()
    async with uow:
        found = await uow.memberships.for_user(claire.id)

    assert sorted(m.id for m in found) == sorted(m.id for m in claires)


async def test_a_membership_is_found_by_user_and_tenant(new_uow: NewUow) -> None:
    user, agency = a_person(), an_ft_agency()
    membership = replace(a_membership(user, tenant_of(agency)), role=MembershipRole.ADMIN)
    await stored(new_uow, user, agency, membership)

    uow = new_uow()
    async with uow:
        found = await uow.memberships.get(user_id=user.id, tenant=tenant_of(agency))

    assert found is not None
    assert (found.id, found.tenant, found.role, found.status) == (
        membership.id,
        tenant_of(agency),
        MembershipRole.ADMIN,
        MembershipStatus.ACTIVE,
    )


async def test_no_membership_is_found_in_a_tenant_the_user_has_not_joined(new_uow: NewUow) -> None:
    user, agency, other_agency = a_person(), an_ft_agency(), an_ft_agency()
    await stored(new_uow, user, agency, other_agency, a_membership(user, tenant_of(agency)))

    uow = new_uow()
    async with uow:
        assert await uow.memberships.get(user_id=user.id, tenant=tenant_of(other_agency)) is None


async def test_a_company_membership_keeps_its_company_tenant(new_uow: NewUow) -> None:
    user, company = a_person(kind=UserKind.EMPLOYER), an_insertion_company()
    tenant = Tenant(TenantKind.COMPANY, company.id)
    await stored(new_uow, user, company, a_membership(user, tenant))

    uow = new_uow()
    async with uow:
        (found,) = await uow.memberships.for_user(user.id)

    assert found.tenant == tenant


# -- organisations and companies ---------------------------------------------


async def test_an_organisation_is_found_by_siret_and_kind(new_uow: NewUow) -> None:
    agency = an_ft_agency(siret="78000010500012")
    await stored(new_uow, an_ft_agency(), agency)

    uow = new_uow()
    async with uow:
        found = await uow.organisations.get_by_siret(siret="78000010500012", kind=OrganisationKind.FT)

    assert found is not None
    assert (found.id, found.kind, found.habilitation) == (agency.id, OrganisationKind.FT, Habilitation.VALIDATED)


async def test_an_organisation_is_not_found_under_another_kind(new_uow: NewUow) -> None:
    await stored(new_uow, an_ft_agency(siret="78000010500012"))

    uow = new_uow()
    async with uow:
        assert await uow.organisations.get_by_siret(siret="78000010500012", kind=OrganisationKind.CHRS) is None


async def test_companies_by_siret_are_every_kind_with_that_siret(new_uow: NewUow) -> None:
    siret = a_siret()
    ei = an_insertion_company(siret=siret, kind=CompanyKind.EI)
    aci = an_insertion_company(siret=siret, kind=CompanyKind.ACI)
    await stored(new_uow, ei, aci, an_insertion_company())

    uow = new_uow()
    async with uow:
        found = await uow.companies.by_siret(siret)

    assert sorted((c.id, c.kind) for c in found) == sorted([(ei.id, CompanyKind.EI), (aci.id, CompanyKind.ACI)])


async def test_an_unknown_siret_finds_no_company(new_uow: NewUow) -> None:
    await stored(new_uow, an_insertion_company())

    uow = new_uow()
    async with uow:
        assert list(await uow.companies.by_siret(a_siret())) == []


async def test_companies_by_sirets_are_those_of_any_of_the_sirets(new_uow: NewUow) -> None:
    first, second = an_insertion_company(), an_insertion_company(kind=CompanyKind.ACI)
    await stored(new_uow, first, second, an_insertion_company())

    uow = new_uow()
    async with uow:
        found = await uow.companies.by_sirets({first.siret, second.siret, a_siret()})

    assert sorted(c.id for c in found) == sorted([first.id, second.id])


async def test_companies_added_together_are_all_stored(new_uow: NewUow) -> None:
    companies = [an_insertion_company() for _ in range(3)]

    uow = new_uow()
    async with uow:
        await uow.companies.add_all(companies)
        await uow.commit()

    async with uow:
        found = await uow.companies.by_sirets({c.siret for c in companies})
    assert sorted(c.id for c in found) == sorted(c.id for c in companies)


async def test_companies_added_together_refuse_a_taken_siret_and_kind(new_uow: NewUow) -> None:
    taken = an_insertion_company()
    await stored(new_uow, taken)

    uow = new_uow()
    with pytest.raises(Conflict):
        async with uow:
            await uow.companies.add_all([an_insertion_company(), an_insertion_company(siret=taken.siret)])
            await uow.commit()


# -- partner applications ------------------------------------------------------


async def test_a_client_is_found_by_its_public_client_id(new_uow: NewUow) -> None:
    agency = an_ft_agency()
    client = ApiClient(
        id=uuid4(),
        client_id="tpl_0123456789abcdef",
        name="Logiciel partenaire",
        secret_hash="argon2-hash",
        tenant=tenant_of(agency),
        scopes=frozenset({Scope.CANDIDATURES_READ, Scope.JOB_SEEKERS_READ}),
        created_at=NOW,
    )
    await stored(new_uow, agency, client)

    uow = new_uow()
    async with uow:
        found = await uow.clients.get_by_client_id("tpl_0123456789abcdef")
        unknown = await uow.clients.get_by_client_id("tpl_unknown")

    assert found is not None and unknown is None
    assert (found.id, found.tenant, found.scopes) == (client.id, tenant_of(agency), client.scopes)


# -- throttles -------------------------------------------------------------------


async def test_a_throttle_counter_is_stored_and_read_back(new_uow: NewUow) -> None:
    state = ThrottleState(
        key="ip:203.0.113.7", failures=6, last_failure_at=NOW, locked_until=NOW + timedelta(seconds=4)
    )
    uow = new_uow()
    async with uow:
        await uow.throttles.put(state)
        await uow.commit()

    uow = new_uow()
    async with uow:
        found = await uow.throttles.get("ip:203.0.113.7")

    assert found == state


async def test_putting_a_throttle_counter_again_replaces_it(new_uow: NewUow) -> None:
    for failures in (1, 2):
        uow = new_uow()
        async with uow:
            await uow.throttles.put(ThrottleState(key="ip:203.0.113.7", failures=failures, last_failure_at=NOW))
            await uow.commit()

    uow = new_uow()
    async with uow:
        found = await uow.throttles.get("ip:203.0.113.7")

    assert found is not None and found.failures == 2


async def test_a_deleted_throttle_counter_is_forgotten(new_uow: NewUow) -> None:
    uow = new_uow()
    async with uow:
        await uow.throttles.put(ThrottleState(key="ip:203.0.113.7", failures=1, last_failure_at=NOW))
        await uow.commit()

    uow = new_uow()
    async with uow:
        await uow.throttles.delete("ip:203.0.113.7")
        await uow.throttles.delete("ip:198.51.100.1")  # never counted: not an error
        await uow.commit()

    uow = new_uow()
    async with uow:
        assert await uow.throttles.get("ip:203.0.113.7") is None


# -- changes to loaded entities --------------------------------------------------


async def test_changes_to_a_loaded_user_are_saved_at_commit(new_uow: NewUow) -> None:
    user = await a_stored_user(new_uow)

    uow = new_uow()
    async with uow:
        loaded = await uow.users.get(user.id)
        assert loaded is not None
        loaded.is_active = False
        loaded.last_name = "Dubois"
        await uow.commit()

    found = await user_in_new_uow(new_uow, user.id)
    assert found is not None and (found.is_active, found.last_name) == (False, "Dubois")


async def test_a_habilitation_decided_on_a_loaded_organisation_is_saved_at_commit(new_uow: NewUow) -> None:
    chrs = an_ft_agency(kind=OrganisationKind.CHRS)
    await stored(new_uow, chrs)
    decided_at = NOW + timedelta(days=1)

    uow = new_uow()
    async with uow:
        loaded = await uow.organisations.get(chrs.id)
        assert loaded is not None
        loaded.decide_habilitation(Habilitation.VALIDATED, at=decided_at)
        await uow.commit()

    uow = new_uow()
    async with uow:
        found = await uow.organisations.get(chrs.id)
    assert found is not None and (found.habilitation, found.habilitation_decided_at) == (
        Habilitation.VALIDATED,
        decided_at,
    )


async def test_changes_to_a_loaded_membership_are_saved_at_commit(new_uow: NewUow) -> None:
    user, agency = a_person(), an_ft_agency()
    await stored(new_uow, user, agency, a_membership(user, tenant_of(agency)))

    uow = new_uow()
    async with uow:
        (loaded,) = await uow.memberships.for_tenant(tenant_of(agency))
        loaded.status = MembershipStatus.REVOKED
        await uow.commit()

    uow = new_uow()
    async with uow:
        found = await uow.memberships.get(user_id=user.id, tenant=tenant_of(agency))
    assert found is not None and found.status is MembershipStatus.REVOKED


# -- ordering, uniqueness and rollback ------------------------------------------


async def test_memberships_of_a_tenant_are_listed_oldest_first(new_uow: NewUow) -> None:
    agency, other_agency = an_ft_agency(), an_ft_agency()
    newer_user, older_user, outsider = a_person(), a_person(), a_person()
    newer = a_membership(newer_user, tenant_of(agency), at=NOW)
    older = a_membership(older_user, tenant_of(agency), at=NOW - timedelta(days=30))
    elsewhere = a_membership(outsider, tenant_of(other_agency))
    await stored(new_uow, agency, other_agency, newer_user, older_user, outsider, newer, older, elsewhere)

    uow = new_uow()
    async with uow:
        found = await uow.memberships.for_tenant(tenant_of(agency))

    assert [m.id for m in found] == [older.id, newer.id]


async def test_joining_a_tenant_twice_raises_already_member(new_uow: NewUow) -> None:
    user, agency = a_person(), an_ft_agency()
    await stored(new_uow, user, agency, a_membership(user, tenant_of(agency)))

    uow = new_uow()
    with pytest.raises(AlreadyMember):
        async with uow:
            await uow.memberships.add(a_membership(user, tenant_of(agency)))
            await uow.commit()


async def test_changes_to_a_loaded_user_are_not_saved_without_commit(new_uow: NewUow) -> None:
    user = await a_stored_user(new_uow)

    uow = new_uow()
    async with uow:
        loaded = await uow.users.get(user.id)
        assert loaded is not None
        loaded.is_active = False

    found = await user_in_new_uow(new_uow, user.id)
    assert found is not None and found.is_active is True


async def test_changes_are_not_saved_when_the_block_raises(new_uow: NewUow) -> None:
    user = await a_stored_user(new_uow)

    uow = new_uow()
    with pytest.raises(RuntimeError):
        async with uow:
            loaded = await uow.users.get(user.id)
            assert loaded is not None
            loaded.last_name = "Dubois"
            raise RuntimeError("the use case failed half-way")

    found = await user_in_new_uow(new_uow, user.id)
    assert found is not None and found.last_name == "Martin"


async def test_a_user_added_without_commit_is_not_saved(new_uow: NewUow) -> None:
    user = a_person()
    uow = new_uow()
    async with uow:
        await uow.users.add(user)

    assert await user_in_new_uow(new_uow, user.id) is None


# -- instants on both engines ------------------------------------------------------


async def test_instants_come_back_timezone_aware_in_utc(new_sql_uow: NewUow) -> None:
    in_paris = datetime(2026, 7, 14, 11, 30, tzinfo=ZoneInfo("Europe/Paris"))
    user = a_person(at=in_paris)
    await stored(new_sql_uow, user)

    found = await user_in_new_uow(new_sql_uow, user.id)

    assert found is not None
    assert found.created_at.utcoffset() == timedelta(0)
    assert found.created_at == datetime(2026, 7, 14, 9, 30, tzinfo=UTC)


async def test_an_optional_instant_comes_back_in_utc(new_sql_uow: NewUow) -> None:
    locked_until = datetime(2026, 1, 5, 23, 15, tzinfo=ZoneInfo("Europe/Paris"))
    uow = new_sql_uow()
    async with uow:
        await uow.throttles.put(
            ThrottleState(key="ip:203.0.113.7", failures=9, last_failure_at=NOW, locked_until=locked_until)
        )
        await uow.commit()

    uow = new_sql_uow()
    async with uow:
        found = await uow.throttles.get("ip:203.0.113.7")

    assert found is not None and found.locked_until is not None
    assert (found.locked_until.utcoffset(), found.locked_until) == (timedelta(0), locked_until)


async def test_a_naive_datetime_is_refused_rather_than_guessed(new_sql_uow: NewUow) -> None:
    uow = new_sql_uow()
    with pytest.raises(StatementError) as raised:
        async with uow:
            await uow.users.add(a_person(at=datetime(2026, 3, 2, 9, 0)))  # naive on purpose
            await uow.commit()

    assert isinstance(raised.value.orig, ValueError)
    assert "naive datetime" in str(raised.value.orig)
