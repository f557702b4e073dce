"""import_companies: upserting the ASP's SIAE referential, on the in-memory fakes."""

from collections.abc import Iterator

import pytest

from domain.companies.companies import Company, CompanyKind
from domain.companies.referential_import import CompanyRecord, ImportReport, Rejection, import_companies
from domain.referentials.communes import Commune
from tests.fakes.referentials import FakeCommunes
from tests.fakes.system import FixedClock, SequentialIds
from tests.fakes.unit_of_work import FakeUnitOfWork

PARIS_11 = Commune("75111", "Paris 11e Arrondissement", "75", ("75011",), 48.86007, 2.38156, 142_583)
BONDY = Commune("93010", "Bondy", "93", ("93140",), 48.90361, 2.48464, 52_905)
COMMUNES = FakeCommunes(PARIS_11, BONDY)
SIRET = "78000010500012"


def a_record(line: int = 2, *, kind: CompanyKind = CompanyKind.EI, **changes: object) -> CompanyRecord:
    values: dict[str, object] = {
        "siret": SIRET,
        "name": "Recyclerie du Faubourg",
        "address_line": "12 rue du Faubourg Saint-Antoine",
        "postal_code": "75011",
        "commune": PARIS_11.insee_code,
        "asp_id": "4242",
        "active": True,
        "auth_email": "direction@recyclerie.example.org",
        **changes,
    }
    return CompanyRecord(line=line, kind=kind, **values)  # type: ignore[arg-type]


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


async def imported(uow: FakeUnitOfWork, *lines: CompanyRecord | Rejection) -> ImportReport:
    return await import_companies(
        uow=uow, communes=COMMUNES, clock=FixedClock(), ids=SequentialIds(), lines=list(lines)
    )


def companies(uow: FakeUnitOfWork) -> list[Company]:
    return sorted(uow.companies.rows.values(), key=lambda c: c.kind)


async def test_a_new_siret_and_kind_creates_a_company_at_its_commune(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, a_record())

    assert report.created == 1
    (company,) = companies(uow)
    assert (company.siret, company.kind, company.city, company.department) == (SIRET, "EI", PARIS_11.name, "75")
    assert (company.latitude, company.longitude) == (PARIS_11.latitude, PARIS_11.longitude)


async def test_one_siret_with_two_kinds_makes_two_companies(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, a_record(kind=CompanyKind.EI), a_record(3, kind=CompanyKind.ACI))

    assert report.created == 2
    assert [c.kind for c in companies(uow)] == [CompanyKind.ACI, CompanyKind.EI]


async def test_a_siret_twice_in_one_file_is_created_once_then_updated(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, a_record(), a_record(3, name="Recyclerie de Belleville"))

    assert (report.created, report.updated) == (1, 1)
    assert [c.name for c in companies(uow)] == ["Recyclerie de Belleville"]


async def test_an_unchanged_line_changes_nothing(uow: FakeUnitOfWork) -> None:
    await imported(uow, a_record())
    before = companies(uow)

    report = await imported(uow, a_record())

    assert (report.unchanged, report.updated) == (1, 0)
    assert companies(uow) == before


async def test_a_new_name_updates_the_company(uow: FakeUnitOfWork) -> None:
    await imported(uow, a_record())

    report = await imported(uow, a_record(name="Recyclerie de Belleville"))

    assert report.updated == 1
    assert companies(uow)[0].name == "Recyclerie de Belleville"


async def test_the_profile_members_edited_is_kept(uow: FakeUnitOfWork) -> None:
    await imported(uow, a_record())
    async with uow:
        (company,) = uow.companies.rows.values()
        company.revise_profile(at=FixedClock().now(), description="Maraîchage", email="contact@jardin.example")
        await uow.commit()

    await imported(uow, a_record(name="Recyclerie de Belleville"))

    assert (companies(uow)[0].description, companies(uow)[0].email) == ("Maraîchage", "contact@jardin.example")


async def test_coordinates_a_member_gave_are_kept_while_the_commune_stays(uow: FakeUnitOfWork) -> None:
    await imported(uow, a_record())
    async with uow:
        (company,) = uow.companies.rows.values()
        company.revise_profile(at=FixedClock().now(), latitude=48.853, longitude=2.374)
        await uow.commit()

    await imported(uow, a_record(name="Recyclerie de Belleville"))
    kept = (companies(uow)[0].latitude, companies(uow)[0].longitude)
    await imported(uow, a_record(commune=BONDY.insee_code, postal_code="93140"))
    moved = (companies(uow)[0].latitude, companies(uow)[0].longitude)

    assert kept == (48.853, 2.374)
    assert moved == (BONDY.latitude, BONDY.longitude)


async def test_the_official_email_follows_the_referential(uow: FakeUnitOfWork) -> None:
    await imported(uow, a_record())
    stored = companies(uow)[0].auth_email

    report = await imported(uow, a_record(auth_email=None))

    assert stored == "direction@recyclerie.example.org"
    assert report.updated == 1
    assert companies(uow)[0].auth_email is None


async def test_an_inactive_line_deactivates_a_known_company(uow: FakeUnitOfWork) -> None:
    await imported(uow, a_record())

    report = await imported(uow, a_record(active=False))

    assert report.deactivated == 1
    assert companies(uow)[0].is_active is False


async def test_an_inactive_line_creates_nothing(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, a_record(active=False))

    assert (report.created, report.unchanged) == (0, 1)
    assert companies(uow) == []


async def test_an_unknown_commune_is_rejected_and_the_other_lines_apply(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, a_record(commune="99999"), a_record(3, kind=CompanyKind.ACI))

    assert report.rejected == [Rejection(2, "unknown INSEE commune 99999")]
    assert [c.kind for c in companies(uow)] == [CompanyKind.ACI]


async def test_lines_the_file_reader_rejected_are_reported_in_order(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, Rejection(2, "empty name"), a_record(3, commune="99999"), Rejection(4, "bad"))

    assert [rejection.line for rejection in report.rejected] == [2, 3, 4]


async def test_an_error_midway_changes_nothing(uow: FakeUnitOfWork) -> None:
    def breaking_off() -> Iterator[CompanyRecord]:
        yield a_record(kind=CompanyKind.EI)
        raise OSError("the file went away")

    with pytest.raises(OSError):
        await import_companies(
            uow=uow, communes=COMMUNES, clock=FixedClock(), ids=SequentialIds(), lines=breaking_off()
        )

    assert companies(uow) == []
    assert uow.commits == 0


async def test_progress_counts_every_line(uow: FakeUnitOfWork) -> None:
    seen: list[int] = []

    await import_companies(
        uow=uow,
        communes=COMMUNES,
        clock=FixedClock(),
        ids=SequentialIds(),
        lines=[a_record(line, kind=kind) for line, kind in enumerate(CompanyKind, start=2)],
        progress=seen.append,
    )

    assert seen[-1] == len(CompanyKind)
