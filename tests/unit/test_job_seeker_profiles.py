from datetime import date

import pytest

from domain.companies.companies import CompanyKind
from domain.eligibility.diagnoses import EligibilityDiagnosis
from domain.errors import Forbidden
from domain.identity.principal import Principal
from domain.identity.scopes import Scope
from domain.job_seekers.events import JobSeekerProfileRevised
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerCard, NirBirthdateMismatch, NirSexMismatch, NirTaken
from domain.job_seekers.profiles import get_job_seeker, revise_job_seeker
from domain.job_seekers.registration import InvalidJobSeeker
from domain.job_seekers.sex import Sex
from domain.job_seekers.visibility import JobSeekerNotFound
from tests.nirs import a_nir
from tests.unit.job_seeker_situations import (
    Actor,
    a_job_seeker,
    a_job_seeker_account,
    a_prescriber,
    a_staff_principal,
    an_employer,
    small_referentials,
    stored_job_seeker,
)
from tests.unit.situations import World, stored

pytestmark = pytest.mark.anyio

NIR = "185057511100115"
MASKED = "1 85 05 ** *** *** **"


async def read(world: World, principal: Principal, job_seeker: JobSeeker) -> JobSeekerCard:
    return await get_job_seeker(uow=world.uow, actor=principal, job_seeker_id=job_seeker.id)


async def revise(world: World, principal: Principal, job_seeker: JobSeeker, **changes: object) -> JobSeekerCard:
    return await revise_job_seeker(
        uow=world.uow,
        actor=principal,
        clock=world.clock,
        ids=world.ids,
        referentials=small_referentials(),
        job_seeker_id=job_seeker.id,
        changes=changes,
    )


async def diagnosed_by(world: World, actor: Actor, job_seeker: JobSeeker) -> None:
    common = {"id": world.ids.new_id(), "job_seeker_id": job_seeker.id, "author_user_id": actor.principal.user_id}
    if actor.organisation is not None:
        diagnosis = EligibilityDiagnosis.by_prescriber(
            **common,
            organisation_id=actor.organisation.id,
            criteria=(),
            at=world.clock.now(),
            event_id=world.ids.new_id(),
        )
    else:
        assert actor.company is not None
        diagnosis = EligibilityDiagnosis.by_employer(
            **common, company_id=actor.company.id, criteria=("RSA",), at=world.clock.now(), event_id=world.ids.new_id()
        )
    await stored(world, diagnosis)


# -- who sees him ------------------------------------------------------------------


async def test_members_of_the_organisation_that_created_him_see_him(world: World) -> None:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber)

    card = await read(world, prescriber.principal, job_seeker)

    assert card.job_seeker.id == job_seeker.id


async def test_another_organisation_is_told_he_does_not_exist(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world))

    with pytest.raises(JobSeekerNotFound):
        await read(world, (await a_prescriber(world)).principal, job_seeker)


async def test_the_company_that_created_him_sees_him_and_another_does_not(world: World) -> None:
    employer = await an_employer(world)
    job_seeker = await a_job_seeker(world, created_by=employer)

    assert (await read(world, employer.principal, job_seeker)).job_seeker.id == job_seeker.id
    with pytest.raises(JobSeekerNotFound):
        await read(world, (await an_employer(world)).principal, job_seeker)


async def test_an_organisation_that_diagnosed_him_sees_him(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world))
    prescriber = await a_prescriber(world)
    await diagnosed_by(world, prescriber, job_seeker)

    assert (await read(world, prescriber.principal, job_seeker)).job_seeker.id == job_seeker.id


async def test_a_company_that_diagnosed_him_sees_him(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world))
    employer = await an_employer(world)
    await diagnosed_by(world, employer, job_seeker)

    assert (await read(world, employer.principal, job_seeker)).job_seeker.id == job_seeker.id


async def test_he_sees_his_own_profile(world: World) -> None:
    account = await a_job_seeker_account(world)
    job_seeker = await a_job_seeker(world, account=account)

    assert (await read(world, account, job_seeker)).job_seeker.id == job_seeker.id


async def test_another_job_seeker_does_not_see_him(world: World) -> None:
    job_seeker = await a_job_seeker(world, account=await a_job_seeker_account(world))

    with pytest.raises(JobSeekerNotFound):
        await read(world, await a_job_seeker_account(world), job_seeker)


async def test_staff_sees_everyone(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world))

    assert (await read(world, a_staff_principal(), job_seeker)).job_seeker.id == job_seeker.id


async def test_an_unknown_id_is_not_found(world: World) -> None:
    ghost = await a_job_seeker(world, created_by=await a_prescriber(world))
    async with world.uow as uow:
        uow.job_seekers.rows.clear()
        await uow.commit()

    with pytest.raises(JobSeekerNotFound):
        await read(world, a_staff_principal(), ghost)


async def test_a_partner_application_needs_the_job_seekers_read_scope(world: World) -> None:
    partner = await a_prescriber(world, client=True, scopes=frozenset({Scope.CANDIDATURES_READ}))
    job_seeker = await a_job_seeker(world, created_by=partner)

    with pytest.raises(Forbidden):
        await read(world, partner.principal, job_seeker)


# -- the NIR in clear or masked ----------------------------------------------------


async def test_a_habilitated_prescriber_reads_the_nir_in_clear(world: World) -> None:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber, nir=NIR)

    assert (await read(world, prescriber.principal, job_seeker)).nir == NIR


async def test_an_orienteur_reads_the_nir_masked(world: World) -> None:
    orienteur = await a_prescriber(world, habilitated=False)
    job_seeker = await a_job_seeker(world, created_by=orienteur, nir=NIR)

    assert (await read(world, orienteur.principal, job_seeker)).nir == MASKED


async def test_an_siae_employer_reads_the_nir_in_clear(world: World) -> None:
    employer = await an_employer(world, kind=CompanyKind.ACI)
    job_seeker = await a_job_seeker(world, created_by=employer, nir=NIR)

    assert (await read(world, employer.principal, job_seeker)).nir == NIR


async def test_a_geiq_employer_reads_the_nir_masked(world: World) -> None:
    employer = await an_employer(world, kind=CompanyKind.GEIQ)
    job_seeker = await a_job_seeker(world, created_by=employer, nir=NIR)

    assert (await read(world, employer.principal, job_seeker)).nir == MASKED


async def test_staff_reads_the_nir_masked(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world), nir=NIR)

    assert (await read(world, a_staff_principal(), job_seeker)).nir == MASKED


async def test_he_reads_his_own_nir_in_clear(world: World) -> None:
    account = await a_job_seeker_account(world)
    job_seeker = await a_job_seeker(world, account=account, nir=NIR)

    assert (await read(world, account, job_seeker)).nir == NIR


# -- editing -------------------------------------------------------------------------


async def test_whoever_follows_him_edits_his_profile(world: World) -> None:
    employer = await an_employer(world)
    job_seeker = await a_job_seeker(world, created_by=employer)

    await revise(world, employer.principal, job_seeker, phone="06 12 34 56 78", wished_rome_codes=("A1203",))

    stored = await stored_job_seeker(world, job_seeker.id)
    assert stored is not None and (stored.phone, stored.wished_rome_codes) == ("06 12 34 56 78", ("A1203",))


async def test_he_edits_his_own_profile(world: World) -> None:
    account = await a_job_seeker_account(world)
    job_seeker = await a_job_seeker(world, account=account)

    await revise(world, account, job_seeker, commune="93048")

    stored = await stored_job_seeker(world, job_seeker.id)
    assert stored is not None and stored.commune == "93048"


async def test_null_clears_an_optional_field(world: World) -> None:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber, email="lea@example.org")

    await revise(world, prescriber.principal, job_seeker, email=None)

    stored = await stored_job_seeker(world, job_seeker.id)
    assert stored is not None and stored.email is None


async def test_staff_may_not_edit_a_profile(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world))

    with pytest.raises(Forbidden):
        await revise(world, a_staff_principal(), job_seeker, phone="0612345678")


async def test_whoever_may_not_see_him_may_not_edit_him(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world))

    with pytest.raises(JobSeekerNotFound):
        await revise(world, (await an_employer(world)).principal, job_seeker, phone="0612345678")


async def test_an_edit_contradicting_the_nir_is_refused_and_nothing_changes(world: World) -> None:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber, nir=NIR, birthdate=date(1985, 5, 14))

    with pytest.raises(NirBirthdateMismatch):
        await revise(world, prescriber.principal, job_seeker, birthdate=date(1985, 6, 14), phone="0612345678")

    stored = await stored_job_seeker(world, job_seeker.id)
    assert stored is not None and (stored.birthdate, stored.phone) == (date(1985, 5, 14), None)


async def test_an_edit_of_the_sex_contradicting_the_nir_is_refused_and_nothing_changes(world: World) -> None:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber, nir=NIR, sex=Sex.MALE)

    with pytest.raises(NirSexMismatch):
        await revise(world, prescriber.principal, job_seeker, sex=Sex.FEMALE)

    stored = await stored_job_seeker(world, job_seeker.id)
    assert stored is not None and stored.sex is Sex.MALE


async def test_an_edit_of_the_nir_contradicting_the_recorded_sex_is_refused(world: World) -> None:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber, sex=Sex.FEMALE)

    with pytest.raises(NirSexMismatch):
        await revise(world, prescriber.principal, job_seeker, nir=a_nir(sex=1))


async def test_an_edit_to_another_person_s_nir_is_409(world: World) -> None:
    prescriber = await a_prescriber(world)
    other = await a_job_seeker(world, created_by=prescriber, nir=a_nir())
    job_seeker = await a_job_seeker(world, created_by=prescriber)

    with pytest.raises(NirTaken) as refused:
        await revise(world, prescriber.principal, job_seeker, nir=other.nir)

    assert refused.value.extra == {"existing_id": str(other.id)}


async def test_keeping_his_own_nir_is_no_conflict(world: World) -> None:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber, nir=NIR)

    card = await revise(world, prescriber.principal, job_seeker, nir=NIR, first_name="Sami")

    assert card.job_seeker.first_name == "Sami"


async def test_an_edit_to_an_unknown_commune_is_refused_naming_the_field(world: World) -> None:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber)

    with pytest.raises(InvalidJobSeeker) as refused:
        await revise(world, prescriber.principal, job_seeker, commune="00000")

    assert [e.pointer for e in refused.value.errors] == ["/commune"]


async def test_an_edit_records_which_fields_changed_not_their_values(world: World) -> None:
    prescriber = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=prescriber)
    world.clock.advance(date(2026, 3, 3) - date(2026, 3, 2))

    card = await revise(world, prescriber.principal, job_seeker, phone="0612345678", email="a@example.org")

    event = card.job_seeker.events[-1]
    assert isinstance(event, JobSeekerProfileRevised)
    assert (event.fields, event.occurred_at) == (("email", "phone"), world.clock.now())
    assert card.job_seeker.updated_at == world.clock.now()
