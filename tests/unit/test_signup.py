import pytest

from domain.companies.companies import CompanyKind
from domain.errors import NotFound
from domain.identity.memberships import MembershipRole, MembershipStatus
from domain.identity.signup import (
    AmbiguousCompany,
    EmailTaken,
    Signup,
    signup_employer,
    signup_person,
    signup_prescriber,
)
from domain.identity.users import User, UserKind
from domain.prescribers.organisations import Habilitation, OrganisationKind, PrescriberOrganisation
from domain.prescribers.sirets import SiretTaken
from tests.unit.situations import (
    EI_SIRET,
    PASSWORD,
    World,
    a_company,
    a_member,
    a_user,
    an_account,
    memberships_in,
    tenant_of,
)

# Marked here, not only by the root conftest: anyio re-creates the items it
# marks late, and that drops the parametrisation of async tests.
pytestmark = pytest.mark.anyio
ML_SIRET = "77512430800013"


async def stored_user(world: World, email: str) -> User | None:
    async with world.uow as uow:
        return await uow.users.get_by_email(email)


async def organisations(world: World) -> list[PrescriberOrganisation]:
    async with world.uow as uow:
        return list(uow.organisations.rows.values())


async def a_prescriber_signup(
    world: World,
    email: str | None = None,
    *,
    siret: str = ML_SIRET,
    kind: OrganisationKind = OrganisationKind.ML,
    name: str = "Mission locale de Paris",
) -> Signup:
    return await signup_prescriber(
        services=world.services,
        account=an_account(email),
        siret=siret,
        organisation_kind=kind,
        organisation_name=name,
        ft_email_domains=frozenset({"francetravail.fr"}),
    )


# -- job seekers and staff ---------------------------------------------------------


async def test_a_job_seeker_signs_up_without_any_membership(world: World) -> None:
    signup = await signup_person(
        services=world.services, account=an_account("claire.dubois@example.org"), kind=UserKind.JOB_SEEKER
    )

    stored = await stored_user(world, "claire.dubois@example.org")
    assert stored is not None and (stored.id, stored.kind, stored.full_name) == (
        signup.user.id,
        UserKind.JOB_SEEKER,
        "Camille Martin",
    )
    assert signup.membership is None


async def test_the_password_is_stored_hashed(world: World) -> None:
    signup = await signup_person(services=world.services, account=an_account(), kind=UserKind.JOB_SEEKER)

    assert signup.user.password_hash != PASSWORD
    assert await world.hasher.verify(signup.user.password_hash, PASSWORD)


async def test_the_account_is_created_at_the_clock_instant(world: World) -> None:
    signup = await signup_person(services=world.services, account=an_account(), kind=UserKind.JOB_SEEKER)

    assert signup.user.created_at == world.clock.now()


async def test_the_email_is_stored_lower_case_and_trimmed(world: World) -> None:
    signup = await signup_person(
        services=world.services, account=an_account("  Claire.Dubois@Example.ORG "), kind=UserKind.JOB_SEEKER
    )

    assert signup.user.email == "claire.dubois@example.org"
    assert await stored_user(world, "claire.dubois@example.org") is not None


async def test_an_email_in_use_under_another_case_is_taken(world: World) -> None:
    await a_user(world, kind=UserKind.JOB_SEEKER, email="claire.dubois@example.org")

    with pytest.raises(EmailTaken):
        await signup_person(
            services=world.services, account=an_account("Claire.Dubois@example.org"), kind=UserKind.JOB_SEEKER
        )

    assert world.uow.commits == 1  # the seeding only


async def test_a_staff_account_is_created_with_the_staff_kind(world: World) -> None:
    signup = await signup_person(services=world.services, account=an_account(), kind=UserKind.STAFF)

    assert signup.user.kind is UserKind.STAFF


# -- prescribers ---------------------------------------------------------------------


async def test_the_first_prescriber_creates_the_organisation_of_his_siret_and_kind(world: World) -> None:
    signup = await a_prescriber_signup(world, siret=ML_SIRET, kind=OrganisationKind.ML, name="Mission locale de Paris")

    (organisation,) = await organisations(world)
    assert (organisation.siret, organisation.kind, organisation.name, organisation.created_at) == (
        ML_SIRET,
        OrganisationKind.ML,
        "Mission locale de Paris",
        world.clock.now(),
    )
    assert signup.membership is not None and signup.membership.tenant == tenant_of(organisation)


@pytest.mark.parametrize(
    ("kind", "habilitation"),
    [
        # DOMAIN.md "Onboarding and trust": ML and CAP_EMPLOI created at signup wait for staff too.
        (OrganisationKind.ML, Habilitation.PENDING),
        (OrganisationKind.CAP_EMPLOI, Habilitation.PENDING),
        (OrganisationKind.ORIENTEUR, Habilitation.NOT_REQUIRED),
        (OrganisationKind.CHRS, Habilitation.PENDING),
        (OrganisationKind.OTHER, Habilitation.PENDING),
    ],
)
async def test_a_new_organisation_starts_with_the_habilitation_of_its_kind(
    world: World, kind: OrganisationKind, habilitation: Habilitation
) -> None:
    await a_prescriber_signup(world, kind=kind)

    (organisation,) = await organisations(world)
    assert organisation.habilitation is habilitation


async def test_the_first_prescriber_of_an_organisation_is_its_active_admin(world: World) -> None:
    signup = await a_prescriber_signup(world)

    assert signup.membership is not None
    assert (signup.user.kind, signup.membership.role, signup.membership.status) == (
        UserKind.PRESCRIBER,
        MembershipRole.ADMIN,
        MembershipStatus.ACTIVE,
    )


async def test_a_second_prescriber_of_the_same_siret_and_kind_joins_the_organisation(world: World) -> None:
    first = await a_prescriber_signup(world)

    second = await a_prescriber_signup(world, name="Another name, ignored")

    (organisation,) = await organisations(world)
    assert organisation.name == "Mission locale de Paris"
    assert first.membership is not None and second.membership is not None
    assert second.membership.tenant == first.membership.tenant == tenant_of(organisation)


async def test_a_second_prescriber_of_an_organisation_waits_for_approval(world: World) -> None:
    await a_prescriber_signup(world)

    second = await a_prescriber_signup(world)

    assert second.membership is not None
    assert (second.membership.role, second.membership.status) == (MembershipRole.MEMBER, MembershipStatus.PENDING)


async def test_the_same_siret_under_another_kind_is_refused_naming_the_organisation(world: World) -> None:
    # DOMAIN.md "Onboarding and trust": one organisation per SIRET (it used to be one per SIRET and kind).
    first = await a_prescriber_signup(world, siret=ML_SIRET, kind=OrganisationKind.ML)

    with pytest.raises(SiretTaken) as refused:
        await a_prescriber_signup(world, siret=ML_SIRET, kind=OrganisationKind.PLIE)

    (organisation,) = await organisations(world)
    assert first.membership is not None and first.membership.tenant == tenant_of(organisation)
    assert refused.value.extra["existing_organisation"] == {
        "id": str(organisation.id),
        "name": "Mission locale de Paris",
        "kind": "ML",
    }


async def test_a_prescriber_with_a_taken_email_creates_no_organisation(world: World) -> None:
    await a_user(world, kind=UserKind.JOB_SEEKER, email="karim.benali@example.org")

    with pytest.raises(EmailTaken):
        await a_prescriber_signup(world, "karim.benali@example.org")

    assert await organisations(world) == []


# -- employers -----------------------------------------------------------------------


async def test_the_first_employer_of_a_company_waits_pending_as_its_admin_to_be(world: World) -> None:
    # He used to be its active admin at once: anyone knowing the public SIRET
    # could then read the company's candidatures. He now proves it first.
    company = await a_company(world, siret=EI_SIRET)

    signup = await signup_employer(services=world.services, account=an_account(), siret=EI_SIRET, company_kind=None)

    assert signup.membership is not None
    assert (signup.user.kind, signup.membership.tenant, signup.membership.role, signup.membership.status) == (
        UserKind.EMPLOYER,
        tenant_of(company),
        MembershipRole.ADMIN,
        MembershipStatus.PENDING,
    )


async def test_a_second_employer_of_a_company_waits_for_approval(world: World) -> None:
    company = await a_company(world, siret=EI_SIRET)
    await a_member(world, tenant_of(company), role=MembershipRole.ADMIN)

    second = await signup_employer(services=world.services, account=an_account(), siret=EI_SIRET, company_kind=None)

    assert second.membership is not None
    assert (second.membership.tenant, second.membership.role, second.membership.status) == (
        tenant_of(company),
        MembershipRole.MEMBER,
        MembershipStatus.PENDING,
    )
    assert second.company_proof_sent_to is None


async def test_an_employer_of_an_unknown_siret_is_not_found(world: World) -> None:
    await a_company(world, siret=EI_SIRET)

    with pytest.raises(NotFound):
        await signup_employer(
            services=world.services, account=an_account("lea@example.org"), siret="44306184100047", company_kind=None
        )

    assert await stored_user(world, "lea@example.org") is None


async def test_an_employer_naming_a_kind_the_siret_does_not_have_is_not_found(world: World) -> None:
    await a_company(world, siret=EI_SIRET, kind=CompanyKind.EI)

    with pytest.raises(NotFound):
        await signup_employer(
            services=world.services, account=an_account(), siret=EI_SIRET, company_kind=CompanyKind.ACI
        )


async def test_a_siret_shared_by_several_companies_needs_a_kind(world: World) -> None:
    await a_company(world, siret=EI_SIRET, kind=CompanyKind.EI)
    await a_company(world, siret=EI_SIRET, kind=CompanyKind.ACI)

    with pytest.raises(AmbiguousCompany) as raised:
        await signup_employer(
            services=world.services, account=an_account("lea@example.org"), siret=EI_SIRET, company_kind=None
        )

    assert raised.value.extra["kinds"] == ["ACI", "EI"]
    assert await stored_user(world, "lea@example.org") is None


async def test_the_kind_picks_one_of_the_companies_sharing_a_siret(world: World) -> None:
    await a_company(world, siret=EI_SIRET, kind=CompanyKind.EI)
    aci = await a_company(world, siret=EI_SIRET, kind=CompanyKind.ACI)

    signup = await signup_employer(
        services=world.services, account=an_account(), siret=EI_SIRET, company_kind=CompanyKind.ACI
    )

    assert signup.membership is not None and signup.membership.tenant == tenant_of(aci)


async def test_an_inactive_company_cannot_be_joined(world: World) -> None:
    company = await a_company(world, siret=EI_SIRET, active=False)

    with pytest.raises(NotFound):
        await signup_employer(services=world.services, account=an_account(), siret=EI_SIRET, company_kind=None)

    assert await memberships_in(world, tenant_of(company)) == []


async def test_an_inactive_company_does_not_make_its_siret_ambiguous(world: World) -> None:
    await a_company(world, siret=EI_SIRET, kind=CompanyKind.EI, active=False)
    aci = await a_company(world, siret=EI_SIRET, kind=CompanyKind.ACI)

    signup = await signup_employer(services=world.services, account=an_account(), siret=EI_SIRET, company_kind=None)

    assert signup.membership is not None and signup.membership.tenant == tenant_of(aci)


async def test_an_employer_with_a_taken_email_joins_no_company(world: World) -> None:
    company = await a_company(world, siret=EI_SIRET)
    await a_user(world, kind=UserKind.EMPLOYER, email="lea@example.org")

    with pytest.raises(EmailTaken):
        await signup_employer(
            services=world.services, account=an_account("LEA@example.org"), siret=EI_SIRET, company_kind=None
        )

    assert await memberships_in(world, tenant_of(company)) == []


async def test_an_employer_signup_email_is_stored_lower_case(world: World) -> None:
    await a_company(world, siret=EI_SIRET)

    signup = await signup_employer(
        services=world.services, account=an_account("Lea.Petit@Example.org"), siret=EI_SIRET, company_kind=None
    )

    assert signup.user.email == "lea.petit@example.org"
