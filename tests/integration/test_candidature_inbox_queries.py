"""The inbox's queries on both stores: filters by sender kind and posting,
counts per state, a company's postings."""

from datetime import datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.candidatures.candidatures import SenderKind
from domain.candidatures.listing import CandidatureFilters, Readers
from domain.candidatures.state_machine import CandidatureState
from domain.companies.job_postings import ContractType, JobPosting
from tests.integration.test_candidature_repository import NOW, NewUow, Place, a_page, a_place, one, stored

pytestmark = pytest.mark.anyio
S = CandidatureState


@pytest.fixture
async def place(new_uow: NewUow) -> Place:
    return await a_place(new_uow)


async def test_a_page_is_filtered_by_sender_kind_and_by_posting(new_uow: NewUow, place: Place) -> None:
    posting, other_posting = uuid4(), uuid4()
    from_agency = one(place, minutes=1, sent_by_organisation_id=place.agency_id, job_posting_ids=(posting,))
    by_himself = one(place, minutes=2, state=S.REFUSED, job_posting_ids=(other_posting, posting))
    spontaneous = one(place, minutes=3, state=S.REFUSED)
    await stored(new_uow, from_agency, by_himself, spontaneous)
    readers = Readers(company_id=place.company_id)

    prescribed = await a_page(new_uow, readers, CandidatureFilters(sender_kind=SenderKind.PRESCRIBER))
    for_posting = await a_page(new_uow, readers, CandidatureFilters(job_posting_id=posting))
    for_other = await a_page(new_uow, readers, CandidatureFilters(job_posting_id=other_posting))

    assert prescribed == [from_agency.id]
    assert for_posting == [by_himself.id, from_agency.id]
    assert for_other == [by_himself.id]


async def test_candidatures_are_counted_per_state_for_their_readers(new_uow: NewUow, place: Place) -> None:
    elsewhere = one(place, minutes=4)
    elsewhere.company_id = place.other_company_id
    await stored(
        new_uow,
        one(place, minutes=1, sent_by_organisation_id=place.agency_id),
        one(place, minutes=2, state=S.REFUSED),
        one(place, minutes=3, state=S.REFUSED),
        elsewhere,
    )

    async with new_uow() as uow:
        counts = await uow.candidatures.count_by_state(
            readers=Readers(company_id=place.company_id), filters=CandidatureFilters()
        )
        prescribed = await uow.candidatures.count_by_state(
            readers=Readers(company_id=place.company_id), filters=CandidatureFilters(sender_kind=SenderKind.PRESCRIBER)
        )

    assert counts == {S.NEW: 1, S.REFUSED: 2}
    assert prescribed == {S.NEW: 1}


def a_posting(company_id: UUID, *, at: datetime, is_active: bool = True) -> JobPosting:
    return JobPosting(
        id=uuid4(),
        company_id=company_id,
        appellation_code="11573",
        rome_code="K2204",
        title="",
        description="",
        contract_type=ContractType.FIXED_TERM_I,
        hours_per_week=None,
        commune="75111",
        city="Paris 11e Arrondissement",
        department="75",
        latitude=48.86,
        longitude=2.38,
        open_positions=1,
        is_active=is_active,
        created_at=at,
        updated_at=at,
    )


async def test_a_company_s_postings_are_listed_newest_first(new_uow: NewUow, place: Place) -> None:
    older = a_posting(place.company_id, at=NOW)
    newer = a_posting(place.company_id, at=NOW + timedelta(days=1), is_active=False)
    elsewhere = a_posting(place.other_company_id, at=NOW)
    async with new_uow() as uow:
        for posting in (older, newer, elsewhere):
            await uow.job_postings.add(posting)
        await uow.commit()

    async with new_uow() as uow:
        found = await uow.job_postings.for_company(place.company_id)

    assert [p.id for p in found] == [newer.id, older.id]
