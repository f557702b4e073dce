"""Job seekers, their links and their diagnoses: one contract for the fake and
SQL repositories, and the uniqueness the business relies on, under concurrency."""

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text

from api.bootstrap import Container
from domain.companies.companies import Company, CompanyKind
from domain.eligibility.diagnoses import AuthorKind, EligibilityDiagnosis
from domain.errors import Conflict
from domain.identity.memberships import MembershipRole, Tenant, TenantKind
from domain.identity.principal import ActingFor, Principal
from domain.identity.users import User, UserKind
from domain.job_seekers.job_seekers import (
    Creator,
    JobSeeker,
    JobSeekerDetails,
    JobSeekerEmailTaken,
    JobSeekerLinks,
    NirLookup,
    NirTaken,
)
from domain.job_seekers.registration import register_job_seeker
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.organisations import Habilitation, OrganisationKind, PrescriberOrganisation
from tests.builders.companies import a_siret
from tests.nirs import a_nir

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NewUow = Callable[[], UnitOfWork]
_serial = itertools.count(1)


def a_prescriber_account() -> User:
    return User(uuid4(), UserKind.PRESCRIBER, f"conseil.{next(_serial)}@example.org", "Claire", "Dubois", None, NOW)


def an_agency() -> PrescriberOrganisation:
    return PrescriberOrganisation(
        uuid4(), a_siret(), OrganisationKind.FT, "France Travail", Habilitation.VALIDATED, NOW
    )


def a_company() -> Company:
    return Company(
        id=uuid4(),
        siret=a_siret(),
        kind=CompanyKind.ACI,
        name="Les Jardins de Vitry",
        address_line="30 avenue Rouget de Lisle",
        postal_code="94400",
        commune="94081",
        city="Vitry-sur-Seine",
        department="94",
        latitude=48.78926,
        longitude=2.3951,
        created_at=NOW,
        updated_at=NOW,
    )


def a_job_seeker(*, by: PrescriberOrganisation | Company | None = None, **fields: object) -> JobSeeker:
    values: dict[str, object] = {"first_name": "Samir", "last_name": "Bensaïd", **fields}
    creator = Creator(
        user_id=None,
        organisation_id=by.id if isinstance(by, PrescriberOrganisation) else None,
        company_id=by.id if isinstance(by, Company) else None,
    )
    return JobSeeker.register(
        id=uuid4(),
        details=JobSeekerDetails(**values),  # type: ignore[arg-type]
        created_by=creator,
        at=NOW,
        event_id=uuid4(),
    )


def a_diagnosis(
    job_seeker: JobSeeker, *, by: PrescriberOrganisation | Company, at: datetime = NOW
) -> EligibilityDiagnosis:
    if isinstance(by, PrescriberOrganisation):
        return EligibilityDiagnosis.by_prescriber(
            id=uuid4(),
            job_seeker_id=job_seeker.id,
            author_user_id=None,
            organisation_id=by.id,
            criteria=("RSA", "QPV"),
            at=at,
            event_id=uuid4(),
        )
    return EligibilityDiagnosis.by_employer(
        id=uuid4(),
        job_seeker_id=job_seeker.id,
        author_user_id=None,
        company_id=by.id,
        criteria=("AAH",),
        at=at,
        event_id=uuid4(),
    )


async def stored(new_uow: NewUow, *entities: object) -> None:
    uow = new_uow()
    async with uow:
        for entity in entities:
            repository = {
                User: uow.users,
                PrescriberOrganisation: uow.organisations,
                Company: uow.companies,
                JobSeeker: uow.job_seekers,
                EligibilityDiagnosis: uow.diagnoses,
            }[type(entity)]
            await repository.add(entity)  # type: ignore[attr-defined]
        await uow.commit()


async def links_of(new_uow: NewUow, job_seeker: JobSeeker) -> JobSeekerLinks:
    uow = new_uow()
    async with uow:
        return await uow.job_seekers.links(job_seeker.id)


async def job_seeker_in_new_uow(new_uow: NewUow, job_seeker_id: UUID) -> JobSeeker | None:
    uow = new_uow()
    async with uow:
        return await uow.job_seekers.get(job_seeker_id)


# -- job seekers --------------------------------------------------------------------


async def test_an_added_job_seeker_is_read_back_with_every_field(new_uow: NewUow) -> None:
    account, agency = a_prescriber_account(), an_agency()
    job_seeker = replace(
        a_job_seeker(
            by=agency,
            birthdate=date(1985, 5, 14),
            email="samir@example.org",
            phone="06 12 34 56 78",
            nir="185057511100115",
            france_travail_id="1234567A",
            commune="75111",
            wished_rome_codes=("K2204", "G1602"),
        ),
        user_id=account.id,
        created_by_user_id=account.id,
    )
    await stored(new_uow, account, agency, job_seeker)

    found = await job_seeker_in_new_uow(new_uow, job_seeker.id)

    assert found is not None
    assert found == job_seeker
    assert (found.created_at.tzinfo, found.wished_rome_codes) == (UTC, ("K2204", "G1602"))


async def test_a_job_seeker_is_found_by_account_nir_and_email(new_uow: NewUow) -> None:
    account = a_prescriber_account()
    job_seeker = replace(a_job_seeker(nir="185057511100115", email="lea@example.org"), user_id=account.id)
    await stored(new_uow, account, a_job_seeker(), job_seeker)

    uow = new_uow()
    async with uow:
        found = [
            await uow.job_seekers.get_by_user(account.id),
            await uow.job_seekers.get_by_nir("185057511100115"),
            await uow.job_seekers.get_by_email("lea@example.org"),
        ]

    assert [j.id if j else None for j in found] == [job_seeker.id] * 3


async def test_unknown_account_nir_and_email_find_nobody(new_uow: NewUow) -> None:
    await stored(new_uow, a_job_seeker(nir=a_nir(), email="lea@example.org"))

    uow = new_uow()
    async with uow:
        found = [
            await uow.job_seekers.get(uuid4()),
            await uow.job_seekers.get_by_user(uuid4()),
            await uow.job_seekers.get_by_nir(a_nir()),
            await uow.job_seekers.get_by_email("nobody@example.org"),
        ]

    assert found == [None] * 4


async def test_a_second_job_seeker_with_the_same_nir_raises_nir_taken(new_uow: NewUow) -> None:
    nir = a_nir()
    await stored(new_uow, a_job_seeker(nir=nir))

    with pytest.raises(NirTaken):
        await stored(new_uow, a_job_seeker(nir=nir))


async def test_a_second_job_seeker_with_the_same_email_raises_email_taken(new_uow: NewUow) -> None:
    await stored(new_uow, a_job_seeker(email="lea@example.org"))

    with pytest.raises(JobSeekerEmailTaken):
        await stored(new_uow, a_job_seeker(email="LEA@example.org"))


async def test_many_job_seekers_have_neither_nir_nor_email(new_uow: NewUow) -> None:
    first, second = a_job_seeker(), a_job_seeker()
    await stored(new_uow, first, second)

    assert await job_seeker_in_new_uow(new_uow, second.id) is not None


async def test_one_account_has_one_profile(new_uow: NewUow) -> None:
    account = a_prescriber_account()
    await stored(new_uow, account, replace(a_job_seeker(), user_id=account.id))

    with pytest.raises(Conflict):
        await stored(new_uow, replace(a_job_seeker(), user_id=account.id))


async def test_changes_to_a_loaded_job_seeker_are_saved_at_commit(new_uow: NewUow) -> None:
    job_seeker = a_job_seeker()
    await stored(new_uow, job_seeker)
    later = NOW + timedelta(days=1)

    uow = new_uow()
    async with uow:
        loaded = await uow.job_seekers.get(job_seeker.id)
        assert loaded is not None
        loaded.revise({"phone": "0612345678", "wished_rome_codes": ("A1203",)}, at=later, event_id=uuid4())
        await uow.commit()

    found = await job_seeker_in_new_uow(new_uow, job_seeker.id)
    assert found is not None
    assert (found.phone, found.wished_rome_codes, found.updated_at) == ("0612345678", ("A1203",), later)


async def test_changes_not_committed_are_lost(new_uow: NewUow) -> None:
    job_seeker = a_job_seeker()
    await stored(new_uow, job_seeker)

    uow = new_uow()
    async with uow:
        loaded = await uow.job_seekers.get(job_seeker.id)
        assert loaded is not None
        loaded.revise({"phone": "0612345678"}, at=NOW, event_id=uuid4())

    found = await job_seeker_in_new_uow(new_uow, job_seeker.id)
    assert found is not None and found.phone is None


# -- links ---------------------------------------------------------------------------


async def test_the_creator_s_organisation_is_linked(new_uow: NewUow) -> None:
    agency = an_agency()
    job_seeker = a_job_seeker(by=agency)
    await stored(new_uow, agency, job_seeker)

    assert await links_of(new_uow, job_seeker) == JobSeekerLinks(frozenset({agency.id}), frozenset())


async def test_the_creator_s_company_is_linked(new_uow: NewUow) -> None:
    company = a_company()
    job_seeker = a_job_seeker(by=company)
    await stored(new_uow, company, job_seeker)

    assert await links_of(new_uow, job_seeker) == JobSeekerLinks(frozenset(), frozenset({company.id}))


async def test_organisations_and_companies_that_diagnosed_him_are_linked(new_uow: NewUow) -> None:
    creator, diagnosing_agency, diagnosing_company = an_agency(), an_agency(), a_company()
    job_seeker, someone_else = a_job_seeker(by=creator), a_job_seeker()
    await stored(new_uow, creator, diagnosing_agency, diagnosing_company, job_seeker, someone_else)
    other_agency = an_agency()
    await stored(
        new_uow,
        other_agency,
        a_diagnosis(job_seeker, by=diagnosing_agency),
        a_diagnosis(job_seeker, by=diagnosing_company),
        a_diagnosis(someone_else, by=other_agency),
    )

    assert await links_of(new_uow, job_seeker) == JobSeekerLinks(
        frozenset({creator.id, diagnosing_agency.id}), frozenset({diagnosing_company.id})
    )


async def test_a_tenant_that_found_him_by_his_nir_is_not_linked_but_known_to_have_found_him(
    new_uow: NewUow,
) -> None:
    company, agency = a_company(), an_agency()
    job_seeker = a_job_seeker()
    await stored(new_uow, company, agency, job_seeker)

    uow = new_uow()
    async with uow:
        for tenant_columns, found in [
            ({"company_id": company.id, "organisation_id": None}, job_seeker.id),
            ({"company_id": None, "organisation_id": agency.id}, None),
        ]:
            await uow.job_seekers.record_lookup(
                NirLookup(id=uuid4(), at=NOW, user_id=None, client_id=None, found_job_seeker_id=found, **tenant_columns)
            )
        await uow.commit()

    assert await links_of(new_uow, job_seeker) == JobSeekerLinks()
    uow = new_uow()
    async with uow:
        found = [
            await uow.job_seekers.was_found_by(job_seeker.id, organisation_id=None, company_id=company.id),
            await uow.job_seekers.was_found_by(job_seeker.id, organisation_id=agency.id, company_id=None),
            await uow.job_seekers.was_found_by(job_seeker.id, organisation_id=None, company_id=None),
        ]
    assert found == [True, False, False]


async def test_an_unknown_job_seeker_has_no_links(new_uow: NewUow) -> None:
    await stored(new_uow, a_job_seeker())

    assert await links_of(new_uow, a_job_seeker()) == JobSeekerLinks()


# -- diagnoses -------------------------------------------------------------------------


async def test_a_diagnosis_is_read_back_with_every_field(new_uow: NewUow) -> None:
    company, job_seeker = a_company(), a_job_seeker()
    diagnosis = a_diagnosis(job_seeker, by=company)
    await stored(new_uow, company, job_seeker, diagnosis)

    uow = new_uow()
    async with uow:
        found = await uow.diagnoses.get(diagnosis.id)
        missing = await uow.diagnoses.get(uuid4())

    assert found == diagnosis and missing is None
    assert found is not None and (found.author_kind, found.criteria) == (AuthorKind.EMPLOYER, ("AAH",))


async def test_diagnoses_of_a_job_seeker_are_his_only_newest_first(new_uow: NewUow) -> None:
    agency, job_seeker, someone_else = an_agency(), a_job_seeker(), a_job_seeker()
    older = a_diagnosis(job_seeker, by=agency, at=NOW - timedelta(days=30))
    newer = a_diagnosis(job_seeker, by=agency, at=NOW)
    await stored(new_uow, agency, job_seeker, someone_else, older, newer, a_diagnosis(someone_else, by=agency))

    uow = new_uow()
    async with uow:
        found = await uow.diagnoses.for_job_seeker(job_seeker.id)

    assert [d.id for d in found] == [newer.id, older.id]


# -- SQL only ----------------------------------------------------------------------------


async def test_the_lookup_audit_keeps_no_nir(container: Container) -> None:
    uow = container.new_uow()
    async with uow:
        columns = (await uow.session.exec(text("SELECT * FROM job_seeker_lookups"))).keys()  # type: ignore[attr-defined]

    assert not {name for name in columns if "nir" in name}


def a_prescriber_principal(agency: PrescriberOrganisation) -> Principal:
    tenant = Tenant(TenantKind.PRESCRIBER_ORGANISATION, agency.id)
    return Principal(
        kind=UserKind.PRESCRIBER,
        user_id=None,
        client_id=uuid4(),
        acting_for=ActingFor(tenant=tenant, role=MembershipRole.MEMBER, habilitated=True),
    )


@pytest.mark.postgres
@pytest.mark.parametrize("field", ["nir", "email"])
async def test_two_simultaneous_registrations_of_one_person_make_one_profile(container: Container, field: str) -> None:
    agency = an_agency()
    await stored(container.new_uow, agency)
    value = a_nir() if field == "nir" else "same.person@example.org"

    async def register(first_name: str) -> object:
        return await register_job_seeker(
            uow=container.new_uow(),
            actor=a_prescriber_principal(agency),
            clock=container.clock,
            ids=container.ids,
            referentials=container.referentials,
            details=JobSeekerDetails(first_name=first_name, last_name="Bensaïd", **{field: value}),
        )

    outcomes = await asyncio.gather(*(register(f"Samir {n}") for n in range(8)), return_exceptions=True)

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 7
    assert all(isinstance(o, NirTaken if field == "nir" else JobSeekerEmailTaken) for o in refused)
