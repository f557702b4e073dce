"""Who becomes a prescriber of which organisation at signup (DOMAIN.md,
"Onboarding and trust"): France Travail agencies of the referential, joined
with an agency address; any other organisation pending until staff decides."""

import pytest

from domain.identity.memberships import MembershipRole, MembershipStatus
from domain.identity.principals import resolve_principal
from domain.identity.signup import MissingOrganisationField, Signup, signup_prescriber
from domain.prescribers.france_travail import (
    FranceTravailAddressRequired,
    SafirCodeRequired,
    UnknownFranceTravailAgency,
)
from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    OrganisationSource,
    PrescriberOrganisation,
)
from domain.prescribers.sirets import SiretTaken
from tests.unit.situations import (
    World,
    a_membership,
    a_user,
    an_account,
    an_organisation,
    memberships_in,
    tenant_of,
    user_token,
)

pytestmark = pytest.mark.anyio

DOMAINS = frozenset({"francetravail.fr", "pole-emploi.fr"})
AGENCY_SIRET = "13000548101851"


async def signing_up(
    world: World,
    *,
    email: str = "claire.dubois@francetravail.fr",
    kind: OrganisationKind = OrganisationKind.FT,
    siret: str | None = AGENCY_SIRET,
    safir_code: str | None = None,
    name: str | None = None,
) -> Signup:
    return await signup_prescriber(
        services=world.services,
        account=an_account(email),
        siret=siret,
        organisation_kind=kind,
        organisation_name=name,
        ft_email_domains=DOMAINS,
        safir_code=safir_code,
    )


async def an_agency(world: World, *, safir_code: str = "75874", siret: str = AGENCY_SIRET) -> PrescriberOrganisation:
    return await an_organisation(world, kind=OrganisationKind.FT, siret=siret, safir_code=safir_code)


async def nothing_was_created(world: World) -> bool:
    async with world.uow as uow:
        return not uow.users.rows and not uow.memberships.rows


# -- France Travail ------------------------------------------------------------------


async def test_an_agent_with_an_agency_address_becomes_the_admin_of_the_agency_of_his_siret(world: World) -> None:
    agency = await an_agency(world)

    signup = await signing_up(world)

    assert signup.membership is not None
    assert (signup.membership.tenant, signup.membership.role, signup.membership.status) == (
        tenant_of(agency),
        MembershipRole.ADMIN,
        MembershipStatus.ACTIVE,
    )


async def test_an_agent_finds_his_agency_by_its_safir_code_alone(world: World) -> None:
    await an_agency(world, safir_code="75874")
    other = await an_agency(world, safir_code="93017", siret="13000548109300")

    signup = await signing_up(world, siret=None, safir_code="93017")

    assert signup.membership is not None and signup.membership.tenant == tenant_of(other)


@pytest.mark.parametrize("email", ["Claire.Dubois@FranceTravail.FR", "claire.dubois@pole-emploi.fr"])
async def test_any_configured_domain_counts_whatever_its_case(world: World, email: str) -> None:
    await an_agency(world)

    signup = await signing_up(world, email=email)

    assert signup.membership is not None and signup.membership.status is MembershipStatus.ACTIVE


@pytest.mark.parametrize(
    "email", ["claire.dubois@gmail.com", "claire@agence.francetravail.fr", "francetravail.fr@gmail.com"]
)
async def test_an_address_outside_the_agency_domains_is_refused_naming_them(world: World, email: str) -> None:
    await an_agency(world)

    with pytest.raises(FranceTravailAddressRequired) as refused:
        await signing_up(world, email=email)

    assert refused.value.extra == {"allowed_domains": ["francetravail.fr", "pole-emploi.fr"]}
    assert "inviter" in refused.value.detail
    assert await nothing_was_created(world)


async def test_a_siret_no_agency_of_the_referential_has_is_an_unknown_agency(world: World) -> None:
    await an_agency(world)

    with pytest.raises(UnknownFranceTravailAgency):
        await signing_up(world, siret="13000548109417")

    assert await nothing_was_created(world)


async def test_a_safir_code_of_another_siret_is_an_unknown_agency(world: World) -> None:
    await an_agency(world, safir_code="75874")

    with pytest.raises(UnknownFranceTravailAgency):
        await signing_up(world, siret="13000548109417", safir_code="75874")


async def test_an_agency_someone_created_at_signup_cannot_be_joined(world: World) -> None:
    # Before the referential, anyone could create an "agency" by declaring kind FT.
    await an_organisation(world, kind=OrganisationKind.FT, siret=AGENCY_SIRET, source=OrganisationSource.SIGNUP)

    with pytest.raises(UnknownFranceTravailAgency):
        await signing_up(world)


async def test_a_siret_two_agencies_share_needs_the_safir_code(world: World) -> None:
    await an_agency(world, safir_code="75874")
    pyrenees = await an_agency(world, safir_code="75885")

    with pytest.raises(SafirCodeRequired) as ambiguous:
        await signing_up(world)
    signup = await signing_up(world, safir_code="75885")

    assert ambiguous.value.extra == {"safir_codes": ["75874", "75885"]}
    assert signup.membership is not None and signup.membership.tenant == tenant_of(pyrenees)


async def test_neither_siret_nor_safir_code_is_refused_naming_both(world: World) -> None:
    with pytest.raises(MissingOrganisationField) as refused:
        await signing_up(world, siret=None)

    assert [e.pointer for e in refused.value.errors] == ["/organisation_siret", "/organisation_safir_code"]


async def test_an_agent_joining_an_agency_that_has_an_admin_waits_for_him(world: World) -> None:
    agency = await an_agency(world)
    admin = await a_user(world)
    await a_membership(world, admin, tenant_of(agency), role=MembershipRole.ADMIN)

    signup = await signing_up(world)

    assert signup.membership is not None
    assert (signup.membership.role, signup.membership.status) == (MembershipRole.MEMBER, MembershipStatus.PENDING)


async def test_an_agency_address_makes_an_admin_of_an_agency_whose_members_have_none(world: World) -> None:
    agency = await an_agency(world)
    await a_membership(world, await a_user(world), tenant_of(agency), role=MembershipRole.MEMBER)

    signup = await signing_up(world)

    assert signup.membership is not None and signup.membership.is_active_admin


async def test_the_siret_of_another_kind_of_organisation_is_409_naming_it(world: World) -> None:
    chrs = await an_organisation(world, kind=OrganisationKind.CHRS, siret=AGENCY_SIRET)

    with pytest.raises(SiretTaken) as taken:
        await signing_up(world)

    assert taken.value.extra["existing_organisation"] == {"id": str(chrs.id), "name": chrs.name, "kind": "CHRS"}


# -- every other kind ----------------------------------------------------------------


@pytest.mark.parametrize("kind", [OrganisationKind.ML, OrganisationKind.CAP_EMPLOI, OrganisationKind.CHRS])
async def test_a_new_organisation_waits_for_staff_whatever_its_kind(world: World, kind: OrganisationKind) -> None:
    signup = await signing_up(world, email="lea@example.org", kind=kind, siret="77512430800013", name="Structure")

    async with world.uow as uow:
        (organisation,) = uow.organisations.rows.values()
    assert (organisation.habilitation, organisation.source) == (Habilitation.PENDING, OrganisationSource.SIGNUP)
    assert signup.membership is not None and signup.membership.is_active_admin


async def test_a_member_of_a_pending_organisation_acts_as_an_orienteur(world: World) -> None:
    signup = await signing_up(world, email="lea@example.org", kind=OrganisationKind.ML, name="Mission locale")

    principal = await resolve_principal(uow=world.uow, claims=user_token(signup.user, world=world), act_as=None)

    assert principal.organisation_id is not None and not principal.is_habilitated_prescriber


async def test_joining_an_organisation_of_the_referential_without_members_waits_for_staff(world: World) -> None:
    ml = await an_organisation(world, kind=OrganisationKind.ML, siret="77512430800013")

    signup = await signing_up(world, email="lea@example.org", kind=OrganisationKind.ML, siret=ml.siret)

    assert signup.membership is not None
    assert (signup.membership.tenant, signup.membership.status) == (tenant_of(ml), MembershipStatus.PENDING)
    assert [m.status for m in await memberships_in(world, tenant_of(ml))] == [MembershipStatus.PENDING]


async def test_creating_an_organisation_needs_its_name(world: World) -> None:
    with pytest.raises(MissingOrganisationField) as refused:
        await signing_up(world, email="lea@example.org", kind=OrganisationKind.CHRS, name=None)

    assert [e.pointer for e in refused.value.errors] == ["/organisation_name"]
    assert await nothing_was_created(world)


async def test_another_kind_of_organisation_needs_a_siret(world: World) -> None:
    with pytest.raises(MissingOrganisationField):
        await signing_up(world, email="lea@example.org", kind=OrganisationKind.CHRS, siret=None, name="CHRS")


async def test_an_agency_address_proves_nothing_about_another_kind_of_organisation(world: World) -> None:
    chrs = await an_organisation(world, kind=OrganisationKind.CHRS, siret="77512430800013")

    signup = await signing_up(world, kind=OrganisationKind.CHRS, siret=chrs.siret)

    assert signup.membership is not None and signup.membership.status is MembershipStatus.PENDING
