from datetime import date

import pytest

from domain.errors import Forbidden
from domain.identity.me import describe_me
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.identity.signup import signup_person
from domain.identity.users import UserKind
from domain.job_seekers.events import JobSeekerRegistered
from domain.job_seekers.job_seekers import (
    ImplausibleBirthdate,
    JobSeekerCard,
    JobSeekerEmailTaken,
    NirBirthdateMismatch,
    NirSexMismatch,
    NirTaken,
)
from domain.job_seekers.registration import InvalidJobSeeker, register_job_seeker
from domain.job_seekers.sex import Sex
from tests.nirs import a_nir
from tests.unit.job_seeker_situations import (
    Actor,
    a_job_seeker,
    a_job_seeker_account,
    a_prescriber,
    a_staff_principal,
    an_employer,
    details,
    small_referentials,
    stored_job_seeker,
)
from tests.unit.situations import World, an_account

pytestmark = pytest.mark.anyio


async def register(world: World, actor: Actor, **fields: object) -> JobSeekerCard:
    return await register_job_seeker(
        uow=world.uow,
        actor=actor.principal,
        clock=world.clock,
        ids=world.ids,
        referentials=small_referentials(),
        details=details(**fields),  # type: ignore[arg-type]
    )


async def test_a_prescriber_registers_a_job_seeker_created_by_his_organisation(world: World) -> None:
    prescriber = await a_prescriber(world)

    card = await register(world, prescriber, birthdate=date(1990, 4, 2), commune="75111")

    stored = await stored_job_seeker(world, card.job_seeker.id)
    assert stored is not None
    assert (stored.first_name, stored.birthdate, stored.commune, stored.user_id) == (
        "Samir",
        date(1990, 4, 2),
        "75111",
        None,
    )
    assert (stored.created_by_user_id, stored.created_by_organisation_id, stored.created_by_company_id) == (
        prescriber.principal.user_id,
        prescriber.organisation.id if prescriber.organisation else None,
        None,
    )


async def test_an_orienteur_registers_a_job_seeker_too(world: World) -> None:
    orienteur = await a_prescriber(world, habilitated=False)

    card = await register(world, orienteur)

    assert await stored_job_seeker(world, card.job_seeker.id) is not None


async def test_an_employer_registers_a_job_seeker_created_by_his_company(world: World) -> None:
    employer = await an_employer(world)

    card = await register(world, employer)

    assert employer.company is not None
    assert card.job_seeker.created_by_company_id == employer.company.id


async def test_a_job_seeker_may_not_register_someone(world: World) -> None:
    account = await a_job_seeker_account(world)

    with pytest.raises(Forbidden):
        await register(world, Actor(account))


async def test_staff_does_not_register_job_seekers(world: World) -> None:
    with pytest.raises(Forbidden):
        await register(world, Actor(a_staff_principal()))


async def test_a_partner_application_needs_the_job_seekers_write_scope(world: World) -> None:
    partner = await a_prescriber(world, client=True, scopes=frozenset({Scope.JOB_SEEKERS_READ}))

    with pytest.raises(Forbidden):
        await register(world, partner)


async def test_a_partner_application_with_the_scope_registers_without_a_user(world: World) -> None:
    partner = await a_prescriber(world, client=True, scopes=frozenset({Scope.JOB_SEEKERS_WRITE}))

    card = await register(world, partner)

    assert card.job_seeker.created_by_user_id is None
    assert card.job_seeker.created_by_organisation_id is not None


async def test_an_unknown_commune_is_refused_naming_the_field(world: World) -> None:
    with pytest.raises(InvalidJobSeeker) as refused:
        await register(world, await a_prescriber(world), commune="99999")

    assert [e.pointer for e in refused.value.errors] == ["/commune"]


async def test_an_unknown_rome_code_is_refused_naming_its_index(world: World) -> None:
    with pytest.raises(InvalidJobSeeker) as refused:
        await register(world, await a_prescriber(world), wished_rome_codes=("G1602", "Z9999"))

    assert [e.pointer for e in refused.value.errors] == ["/wished_rome_codes/1"]


async def test_a_nir_whose_birth_month_is_not_the_birthdate_s_is_refused(world: World) -> None:
    with pytest.raises(NirBirthdateMismatch):
        await register(world, await a_prescriber(world), nir=a_nir(born=date(1985, 5, 1)), birthdate=date(1985, 6, 1))


async def test_a_nir_whose_birth_year_is_not_the_birthdate_s_is_refused(world: World) -> None:
    with pytest.raises(NirBirthdateMismatch):
        await register(world, await a_prescriber(world), nir=a_nir(born=date(1985, 5, 1)), birthdate=date(1986, 5, 1))


async def test_a_nir_with_an_unknown_birth_month_matches_on_the_year_only(world: World) -> None:
    unknown_month = a_nir(born=date(1985, 1, 1)).replace("18501", "18530", 1)
    unknown_month = unknown_month[:13] + f"{97 - int(unknown_month[:13]) % 97:02d}"

    card = await register(world, await a_prescriber(world), nir=unknown_month, birthdate=date(1985, 7, 9))

    assert card.job_seeker.nir == unknown_month


async def test_a_woman_s_nir_given_for_a_man_is_refused_naming_both_fields(world: World) -> None:
    with pytest.raises(NirSexMismatch) as refused:
        await register(world, await a_prescriber(world), nir=a_nir(sex=2), sex=Sex.MALE)

    assert [e.pointer for e in refused.value.errors] == ["/nir", "/sex"]


async def test_a_man_s_nir_given_for_a_woman_is_refused(world: World) -> None:
    with pytest.raises(NirSexMismatch):
        await register(world, await a_prescriber(world), nir=a_nir(sex=1), sex=Sex.FEMALE)


async def test_a_sex_given_without_a_nir_is_recorded(world: World) -> None:
    card = await register(world, await a_prescriber(world), sex=Sex.FEMALE)

    stored = await stored_job_seeker(world, card.job_seeker.id)
    assert stored is not None and stored.sex is Sex.FEMALE


async def test_a_person_younger_than_16_is_refused(world: World) -> None:
    # The clock says 2 March 2026: born 3 March 2010, he is still 15.
    with pytest.raises(ImplausibleBirthdate) as refused:
        await register(world, await a_prescriber(world), birthdate=date(2010, 3, 3))

    assert [e.pointer for e in refused.value.errors] == ["/birthdate"]


async def test_a_person_who_turned_16_today_is_accepted(world: World) -> None:
    card = await register(world, await a_prescriber(world), birthdate=date(2010, 3, 2))

    assert card.job_seeker.birthdate == date(2010, 3, 2)


async def test_a_birthdate_in_the_future_is_refused(world: World) -> None:
    with pytest.raises(ImplausibleBirthdate):
        await register(world, await a_prescriber(world), birthdate=date(2027, 1, 1))


async def test_a_nir_already_registered_is_409_with_the_id_for_whoever_follows_him(world: World) -> None:
    prescriber = await a_prescriber(world)
    nir = a_nir()
    existing = await a_job_seeker(world, created_by=prescriber, nir=nir)

    with pytest.raises(NirTaken) as refused:
        await register(world, prescriber, nir=nir)

    assert refused.value.extra == {"existing_id": str(existing.id)}


async def test_a_nir_registered_by_someone_else_is_409_without_the_id(world: World) -> None:
    nir = a_nir()
    await a_job_seeker(world, created_by=await a_prescriber(world), nir=nir)

    with pytest.raises(NirTaken) as refused:
        await register(world, await an_employer(world), nir=nir)

    assert "existing_id" not in refused.value.extra


async def test_an_email_already_registered_is_409_whatever_its_case(world: World) -> None:
    prescriber = await a_prescriber(world)
    existing = await a_job_seeker(world, created_by=prescriber, email="samir.bensaid@example.org")

    with pytest.raises(JobSeekerEmailTaken) as refused:
        await register(world, prescriber, email="Samir.Bensaid@Example.org")

    assert refused.value.extra == {"existing_id": str(existing.id)}


async def test_the_email_is_kept_lower_case(world: World) -> None:
    card = await register(world, await a_prescriber(world), email="Lea.Martin@Example.org")

    assert card.job_seeker.email == "lea.martin@example.org"


async def test_a_refused_registration_stores_nothing(world: World) -> None:
    prescriber = await a_prescriber(world)
    nir = a_nir()
    await a_job_seeker(world, created_by=prescriber, nir=nir)

    with pytest.raises(NirTaken):
        await register(world, prescriber, nir=nir, first_name="Doublon")

    async with world.uow as uow:
        assert [j.first_name for j in uow.job_seekers.rows.values()] == ["Samir"]


async def test_registering_records_who_registered_him(world: World) -> None:
    employer = await an_employer(world)

    card = await register(world, employer)

    [event] = card.job_seeker.events
    assert isinstance(event, JobSeekerRegistered)
    assert (event.job_seeker_id, event.by_user_id, event.by_company_id, event.occurred_at) == (
        card.job_seeker.id,
        employer.principal.user_id,
        employer.company.id if employer.company else None,
        world.clock.now(),
    )


# -- his own signup --------------------------------------------------------------


async def test_a_job_seeker_who_signs_up_gets_his_own_profile(world: World) -> None:
    signup = await signup_person(
        services=world.services, account=an_account("lea.martin@example.org"), kind=UserKind.JOB_SEEKER
    )

    async with world.uow as uow:
        profile = await uow.job_seekers.get_by_user(signup.user.id)
    assert profile is not None
    assert (profile.email, profile.first_name, profile.created_by_user_id) == (
        "lea.martin@example.org",
        "Camille",
        signup.user.id,
    )


async def test_staff_signing_up_gets_no_job_seeker_profile(world: World) -> None:
    signup = await signup_person(services=world.services, account=an_account(), kind=UserKind.STAFF)

    async with world.uow as uow:
        assert await uow.job_seekers.get_by_user(signup.user.id) is None


async def test_signing_up_with_the_email_of_a_profile_made_by_a_prescriber_is_409(world: World) -> None:
    await a_job_seeker(world, created_by=await a_prescriber(world), email="lea.martin@example.org")

    with pytest.raises(JobSeekerEmailTaken):
        await signup_person(
            services=world.services, account=an_account("lea.martin@example.org"), kind=UserKind.JOB_SEEKER
        )

    async with world.uow as uow:
        assert await uow.users.get_by_email("lea.martin@example.org") is None


async def test_me_gives_a_job_seeker_the_id_of_his_profile(world: World) -> None:
    signup = await signup_person(services=world.services, account=an_account(), kind=UserKind.JOB_SEEKER)

    me = await describe_me(uow=world.uow, actor=Principal(kind=UserKind.JOB_SEEKER, user_id=signup.user.id))

    async with world.uow as uow:
        profile = await uow.job_seekers.get_by_user(signup.user.id)
    assert profile is not None and me.job_seeker_id == profile.id
