"""import_prescribers: upserting the operator's referential of prescriber
organisations, on the in-memory fakes."""

from collections.abc import Iterator
from datetime import timedelta

import pytest

from domain.prescribers.organisations import (
    Habilitation,
    OrganisationKind,
    OrganisationSource,
    PrescriberOrganisation,
)
from domain.prescribers.referential_import import (
    BATCH_LINES,
    ImportReport,
    OrganisationRecord,
    Rejection,
    import_prescribers,
)
from domain.referentials.communes import Commune
from tests.fakes.referentials import FakeCommunes
from tests.fakes.system import FixedClock, SequentialIds
from tests.fakes.unit_of_work import FakeUnitOfWork

PARIS_13 = Commune("75113", "Paris 13e Arrondissement", "75", ("75013",), 48.83026, 2.36557, 178_000)
PARIS_20 = Commune("75120", "Paris 20e Arrondissement", "75", ("75020",), 48.86253, 2.39662, 189_000)
COMMUNES = FakeCommunes(PARIS_13, PARIS_20)
AGENCY_SIRET, ML_SIRET = "13000548101851", "77512430800013"
CLOCK = FixedClock()

pytestmark = pytest.mark.anyio


def an_agency(line: int = 2, *, safir_code: str = "75874", **changes: object) -> OrganisationRecord:
    values: dict[str, object] = {
        "kind": OrganisationKind.FT,
        "siret": AGENCY_SIRET,
        "safir_code": safir_code,
        "name": "France Travail Paris 13e Tolbiac",
        "commune": PARIS_13.insee_code,
        "email": "ape.75874@francetravail.fr",
        "address_line": "150 rue de Tolbiac",
        "postal_code": "75013",
        **changes,
    }
    return OrganisationRecord(line=line, **values)  # type: ignore[arg-type]


def an_organisation(line: int = 2, *, kind: OrganisationKind, **changes: object) -> OrganisationRecord:
    defaults = {"siret": ML_SIRET, "safir_code": None, "name": f"Structure {kind}", "email": None}
    return an_agency(line, kind=kind, **{**defaults, **changes})  # type: ignore[arg-type]


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


async def imported(uow: FakeUnitOfWork, *lines: OrganisationRecord | Rejection) -> ImportReport:
    return await import_prescribers(uow=uow, communes=COMMUNES, clock=CLOCK, ids=SequentialIds(), lines=list(lines))


def organisations(uow: FakeUnitOfWork) -> list[PrescriberOrganisation]:
    return sorted(uow.organisations.rows.values(), key=lambda o: (o.kind, o.safir_code or "", o.siret))


async def stored(uow: FakeUnitOfWork, organisation: PrescriberOrganisation) -> None:
    async with uow:
        await uow.organisations.add(organisation)
        await uow.commit()


def signed_up(kind: OrganisationKind, siret: str, habilitation: Habilitation) -> PrescriberOrganisation:
    return PrescriberOrganisation(
        id=SequentialIds().new_id(),
        siret=siret,
        kind=kind,
        name="Déclarée à l'inscription",
        habilitation=habilitation,
        created_at=CLOCK.now() - timedelta(days=30),
        source=OrganisationSource.SIGNUP,
    )


# -- creating ------------------------------------------------------------------------


async def test_an_agency_is_created_validated_with_its_safir_code_and_place(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, an_agency())

    assert report == ImportReport(created=1)
    (agency,) = organisations(uow)
    assert (agency.kind, agency.siret, agency.safir_code, agency.source, agency.habilitation) == (
        OrganisationKind.FT,
        AGENCY_SIRET,
        "75874",
        OrganisationSource.REFERENTIAL,
        Habilitation.VALIDATED,
    )
    assert (agency.commune, agency.city, agency.postal_code, agency.email) == (
        "75113",
        "Paris 13e Arrondissement",
        "75013",
        "ape.75874@francetravail.fr",
    )


@pytest.mark.parametrize(
    ("kind", "habilitation"),
    [
        (OrganisationKind.ML, Habilitation.VALIDATED),
        (OrganisationKind.CAP_EMPLOI, Habilitation.VALIDATED),
        (OrganisationKind.PLIE, Habilitation.PENDING),
        (OrganisationKind.ORIENTEUR, Habilitation.NOT_REQUIRED),
    ],
)
async def test_the_referential_habilitates_the_kinds_habilitated_by_law_only(
    uow: FakeUnitOfWork, kind: OrganisationKind, habilitation: Habilitation
) -> None:
    await imported(uow, an_organisation(kind=kind))

    (organisation,) = organisations(uow)
    assert organisation.habilitation is habilitation


async def test_two_agencies_may_share_a_siret(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, an_agency(), an_agency(3, safir_code="75885", commune=PARIS_20.insee_code))

    assert report.created == 2
    assert [(o.siret, o.safir_code) for o in organisations(uow)] == [(AGENCY_SIRET, "75874"), (AGENCY_SIRET, "75885")]


# -- updating ------------------------------------------------------------------------


async def test_the_same_file_twice_changes_nothing_the_second_time(uow: FakeUnitOfWork) -> None:
    lines = (an_agency(), an_organisation(3, kind=OrganisationKind.ML))
    await imported(uow, *lines)
    before = organisations(uow)

    report = await imported(uow, *lines)

    assert report == ImportReport(unchanged=2)
    assert organisations(uow) == before


async def test_an_agency_is_known_by_its_safir_code_even_under_a_new_siret(uow: FakeUnitOfWork) -> None:
    await imported(uow, an_agency())

    report = await imported(uow, an_agency(siret="13000548109417", name="France Travail Paris 13e"))

    assert report.updated == 1
    ((siret, name),) = [(o.siret, o.name) for o in organisations(uow)]
    assert (siret, name) == ("13000548109417", "France Travail Paris 13e")


async def test_staff_s_decision_on_another_kind_is_kept(uow: FakeUnitOfWork) -> None:
    await imported(uow, an_organisation(kind=OrganisationKind.PLIE))
    (plie,) = organisations(uow)
    plie.decide_habilitation(Habilitation.REFUSED, at=CLOCK.now())

    await imported(uow, an_organisation(kind=OrganisationKind.PLIE, name="PLIE Paris Est"))

    (plie,) = organisations(uow)
    assert (plie.name, plie.habilitation) == ("PLIE Paris Est", Habilitation.REFUSED)


async def test_a_mission_locale_created_at_signup_is_validated_once_the_referential_lists_it(
    uow: FakeUnitOfWork,
) -> None:
    await stored(uow, signed_up(OrganisationKind.ML, ML_SIRET, Habilitation.PENDING))

    report = await imported(uow, an_organisation(kind=OrganisationKind.ML, name="Mission locale de Paris"))

    assert report.updated == 1
    (ml,) = organisations(uow)
    assert (ml.name, ml.source, ml.habilitation) == (
        "Mission locale de Paris",
        OrganisationSource.REFERENTIAL,
        Habilitation.VALIDATED,
    )


async def test_an_agency_created_at_signup_is_adopted_by_the_referential(uow: FakeUnitOfWork) -> None:
    legacy = signed_up(OrganisationKind.FT, AGENCY_SIRET, Habilitation.PENDING)
    await stored(uow, legacy)

    report = await imported(uow, an_agency())

    assert report.updated == 1
    (agency,) = organisations(uow)
    assert (agency.id, agency.safir_code, agency.habilitation) == (legacy.id, "75874", Habilitation.VALIDATED)


# -- rejecting -----------------------------------------------------------------------


async def test_a_siret_of_another_kind_is_rejected_naming_the_organisation(uow: FakeUnitOfWork) -> None:
    await imported(uow, an_organisation(kind=OrganisationKind.ML, name="Mission locale de Paris"))

    report = await imported(uow, an_organisation(5, kind=OrganisationKind.PLIE), an_agency(6, siret=ML_SIRET))

    assert report.rejected == [
        Rejection(5, f"SIRET {ML_SIRET} is already the one of 'Mission locale de Paris' (ML)"),
        Rejection(6, f"SIRET {ML_SIRET} is already the one of 'Mission locale de Paris' (ML)"),
    ]
    assert len(organisations(uow)) == 1


async def test_an_organisation_of_an_agency_s_siret_is_rejected(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, an_agency(), an_organisation(3, kind=OrganisationKind.CCAS, siret=AGENCY_SIRET))

    assert [r.line for r in report.rejected] == [3]
    assert report.created == 1


async def test_a_second_line_for_one_safir_code_or_siret_is_rejected(uow: FakeUnitOfWork) -> None:
    report = await imported(
        uow,
        an_agency(2),
        an_agency(3, name="Doublon"),
        an_organisation(4, kind=OrganisationKind.ML),
        an_organisation(5, kind=OrganisationKind.ML, name="Doublon"),
    )

    assert report.rejected == [
        Rejection(3, "same SAFIR code 75874 as line 2"),
        Rejection(5, f"same SIRET {ML_SIRET} as line 4"),
    ]
    assert "Doublon" not in {o.name for o in organisations(uow)}


async def test_an_unknown_commune_is_rejected_and_the_other_lines_apply(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, an_agency(2, commune="99999"), an_organisation(3, kind=OrganisationKind.ML))

    assert report.rejected == [Rejection(2, "unknown INSEE commune 99999")]
    assert [o.kind for o in organisations(uow)] == [OrganisationKind.ML]


async def test_lines_the_file_rejected_are_reported_as_they_are(uow: FakeUnitOfWork) -> None:
    report = await imported(uow, Rejection(2, "invalid SIRET '1'"), an_agency(3))

    assert (report.rejected, report.created) == ([Rejection(2, "invalid SIRET '1'")], 1)


# -- one transaction -----------------------------------------------------------------


async def test_a_file_that_breaks_off_changes_nothing(uow: FakeUnitOfWork) -> None:
    def lines() -> Iterator[OrganisationRecord]:
        for number in range(BATCH_LINES + 10):
            yield an_organisation(number + 2, kind=OrganisationKind.PLIE, siret=f"7{number:013d}")
        raise OSError("the file broke off")

    with pytest.raises(OSError, match="broke off"):
        await import_prescribers(uow=uow, communes=COMMUNES, clock=CLOCK, ids=SequentialIds(), lines=lines())

    assert organisations(uow) == []
    assert uow.commits == 0


async def test_progress_is_told_after_each_batch(uow: FakeUnitOfWork) -> None:
    told: list[int] = []
    lines = [an_organisation(n + 2, kind=OrganisationKind.PLIE, siret=f"7{n:013d}") for n in range(BATCH_LINES + 1)]

    await import_prescribers(
        uow=uow, communes=COMMUNES, clock=CLOCK, ids=SequentialIds(), lines=lines, progress=told.append
    )

    assert told == [BATCH_LINES, BATCH_LINES + 1]
