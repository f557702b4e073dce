"""Who may change which fields of a profile, and the history every change leaves."""

from datetime import date, timedelta

import pytest

from domain.candidatures.candidatures import CandidatureState
from domain.identity.principal import Principal
from domain.job_seekers.changes import JobSeekerChange
from domain.job_seekers.editing import DetailsLocked, IdentityLocked
from domain.job_seekers.history import job_seeker_history
from domain.job_seekers.job_seekers import JobSeeker, JobSeekerCard
from domain.job_seekers.profiles import revise_job_seeker
from domain.job_seekers.visibility import JobSeekerNotFound
from tests.nirs import a_nir
from tests.unit.approval_situations import a_diagnosis, hired
from tests.unit.candidature_situations import a_candidature
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
from tests.unit.situations import World

pytestmark = pytest.mark.anyio


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


async def with_an_account(world: World) -> tuple[JobSeeker, Actor]:
    """A person who signed up himself, and an agency that sent a candidature for him."""
    account = await a_job_seeker_account(world)
    job_seeker = await a_job_seeker(world, account=account)
    agency, employer = await a_prescriber(world), await an_employer(world)
    assert agency.organisation is not None and employer.company is not None
    await a_candidature(world, job_seeker=job_seeker, company=employer.company, sent_by=agency.organisation)
    return job_seeker, agency


async def history(world: World, job_seeker: JobSeeker, actor: Actor | None = None) -> list[JobSeekerChange]:
    reader = actor.principal if actor else a_staff_principal()
    return await job_seeker_history(uow=world.uow, actor=reader, job_seeker_id=job_seeker.id, after=None, limit=50)


# -- his identity ------------------------------------------------------------------


async def test_nobody_but_himself_rewrites_the_identity_of_a_person_with_an_account(world: World) -> None:
    job_seeker, agency = await with_an_account(world)

    with pytest.raises(IdentityLocked) as refused:
        await revise(world, agency.principal, job_seeker, email="other@example.org", first_name="Samy")

    assert [e.pointer for e in refused.value.errors] == ["/email", "/first_name"]
    stored = await stored_job_seeker(world, job_seeker.id)
    assert stored is not None and (stored.email, stored.first_name) == (None, "Samir")
    assert await history(world, job_seeker) == []


async def test_he_rewrites_his_own_identity(world: World) -> None:
    account = await a_job_seeker_account(world)
    job_seeker = await a_job_seeker(world, account=account)

    card = await revise(world, account, job_seeker, email="samir@example.org", last_name="Bensaid")

    assert (card.job_seeker.email, card.job_seeker.last_name) == ("samir@example.org", "Bensaid")


async def test_staff_corrects_an_identity_and_the_history_says_so(world: World) -> None:
    job_seeker, _ = await with_an_account(world)

    await revise(world, a_staff_principal(), job_seeker, birthdate=date(1990, 5, 17))

    [change] = await history(world, job_seeker)
    assert (change.field, change.old_value, change.new_value, change.by.kind) == (
        "birthdate",
        None,
        "1990-05-17",
        "staff",
    )


async def test_the_structure_that_registered_him_corrects_his_identity_until_a_pass_iae(world: World) -> None:
    agency = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=agency)
    assert agency.organisation is not None
    await revise(world, agency.principal, job_seeker, first_name="Sami")
    await a_diagnosis(world, job_seeker, by=agency.organisation)
    employer = await an_employer(world)
    assert employer.company is not None
    await hired(world, job_seeker, employer.company)

    with pytest.raises(IdentityLocked):
        await revise(world, agency.principal, job_seeker, first_name="Samy")

    stored = await stored_job_seeker(world, job_seeker.id)
    assert stored is not None and stored.first_name == "Sami"


async def test_a_structure_that_did_not_register_him_does_not_touch_his_identity(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world))
    employer = await an_employer(world)
    assert employer.company is not None
    await a_candidature(world, job_seeker=job_seeker, company=employer.company, state=CandidatureState.REFUSED)

    with pytest.raises(IdentityLocked):
        await revise(world, employer.principal, job_seeker, email="elsewhere@example.org")


async def test_a_value_given_again_is_no_change_and_needs_no_right(world: World) -> None:
    job_seeker, agency = await with_an_account(world)

    card = await revise(world, agency.principal, job_seeker, first_name="Samir", phone="0612345678")

    assert card.job_seeker.phone == "0612345678"
    assert [change.field for change in await history(world, job_seeker)] == ["phone"]


# -- his other details ---------------------------------------------------------------


async def test_a_structure_with_a_candidature_for_him_updates_his_contact_details(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await a_prescriber(world))
    employer = await an_employer(world)
    assert employer.company is not None
    await a_candidature(world, job_seeker=job_seeker, company=employer.company, state=CandidatureState.REFUSED)

    await revise(world, employer.principal, job_seeker, phone="0612345678", commune="93048")

    stored = await stored_job_seeker(world, job_seeker.id)
    assert stored is not None and (stored.phone, stored.commune) == ("0612345678", "93048")


async def test_a_structure_that_only_diagnosed_him_does_not_update_his_details(world: World) -> None:
    job_seeker = await a_job_seeker(world, created_by=await an_employer(world))
    agency = await a_prescriber(world)
    assert agency.organisation is not None
    await a_diagnosis(world, job_seeker, by=agency.organisation)

    with pytest.raises(DetailsLocked):
        await revise(world, agency.principal, job_seeker, phone="0612345678")


async def test_staff_does_not_update_contact_details(world: World) -> None:
    job_seeker, _ = await with_an_account(world)

    with pytest.raises(DetailsLocked):
        await revise(world, a_staff_principal(), job_seeker, wished_rome_codes=("G1602",))


# -- the history ---------------------------------------------------------------------


async def test_each_change_is_kept_with_its_author_and_values_but_the_nir_only_as_changed(world: World) -> None:
    agency = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=agency, nir=a_nir(), phone="0102030405")
    world.clock.advance(timedelta(hours=1))

    await revise(world, agency.principal, job_seeker, nir=a_nir(), phone=None, wished_rome_codes=("G1602", "A1203"))

    kept = {c.field: (c.old_value, c.new_value, c.values_kept) for c in await history(world, job_seeker, agency)}
    assert kept == {
        "nir": (None, None, False),
        "phone": ("0102030405", None, True),
        "wished_rome_codes": (None, "G1602,A1203", True),
    }
    authors = {(c.at, c.by.user_id, c.by.organisation_id) for c in await history(world, job_seeker)}
    assert authors == {
        (world.clock.now(), agency.principal.user_id, agency.organisation.id if agency.organisation else None)
    }


async def test_the_history_is_newest_first_and_paginated(world: World) -> None:
    agency = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=agency)
    for phone in ("0600000001", "0600000002", "0600000003"):
        world.clock.advance(timedelta(minutes=1))
        await revise(world, agency.principal, job_seeker, phone=phone)

    first = await job_seeker_history(
        uow=world.uow, actor=agency.principal, job_seeker_id=job_seeker.id, after=None, limit=2
    )
    rest = await job_seeker_history(
        uow=world.uow, actor=agency.principal, job_seeker_id=job_seeker.id, after=(first[-1].at, first[-1].id), limit=2
    )

    assert [c.new_value for c in first + rest] == ["0600000003", "0600000002", "0600000001"]


async def test_he_reads_his_own_history(world: World) -> None:
    account = await a_job_seeker_account(world)
    job_seeker = await a_job_seeker(world, account=account)
    await revise(world, account, job_seeker, phone="0612345678")

    changes = await job_seeker_history(uow=world.uow, actor=account, job_seeker_id=job_seeker.id, after=None, limit=5)

    assert [c.by.kind for c in changes] == ["job_seeker"]


async def test_a_structure_that_does_not_see_him_is_told_he_does_not_exist(world: World) -> None:
    agency = await a_prescriber(world)
    job_seeker = await a_job_seeker(world, created_by=agency)
    await revise(world, agency.principal, job_seeker, phone="0612345678")

    with pytest.raises(JobSeekerNotFound):
        await history(world, job_seeker, await an_employer(world))
