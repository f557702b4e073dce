"""Demo candidatures in a few states, part of ``tremplin seed --demo``.

Each is created once: a job seeker's candidature to a company is skipped when
one exists already. Their moves go through the aggregate, so that their
history reads as in real life."""

from dataclasses import dataclass
from uuid import UUID

from api.bootstrap import Container
from api.demo.job_seekers import JOB_SEEKERS
from domain.candidatures.candidatures import Candidature, RefusalReason, SenderKind, Stamp
from domain.candidatures.listing import CandidatureFilters, Readers
from domain.candidatures.state_machine import Transition
from domain.identity.memberships import Tenant
from domain.job_seekers.job_seekers import JobSeeker
from domain.ports.unit_of_work import UnitOfWork

DOMAIN = "demo.tremplin.fr"
FT_SIRET = "78000010500012"


@dataclass(frozen=True)
class DemoCandidature:
    job_seeker: str  # first name in JOB_SEEKERS
    company_siret: str
    sender: str  # local part of the demo account who sends it
    message: str
    employer: str | None = None  # local part of the demo account who answers it
    moves: tuple[Transition, ...] = ()


CANDIDATURES = [
    DemoCandidature(
        "Samir",
        "89000001100019",
        "prescriber",
        "Samir cherche un poste en logistique ; diagnostic d'éligibilité fait par notre agence.",
    ),
    DemoCandidature(
        "Moussa",
        "89000003700014",
        "prescriber",
        "Moussa a travaillé dix ans en espaces verts.",
        employer="employer.aci",
        moves=(Transition.PROCESS,),
    ),
    DemoCandidature(
        "Léa",
        "89000002900011",
        "jobseeker2",
        "Bonjour, je suis disponible tout de suite pour des missions de ménage.",
        employer="employer.ai",
        moves=(Transition.REFUSE,),
    ),
    DemoCandidature(
        "Samir",
        "89000006000016",
        "jobseeker",
        "Je souhaite me former aux métiers du bâtiment.",
        employer="employer.geiq",
        moves=(Transition.PROCESS, Transition.MOVE_TO_PRIOR_TO_HIRE),
    ),
    # Hired by ``demo_hires``, as is Moussa's.
    DemoCandidature(
        "Julie",
        "89000001100019",
        "prescriber",
        "Julie a une première expérience en logistique et le permis B.",
        employer="employer.ei",
        moves=(Transition.PROCESS,),
    ),
]


async def seed_candidatures(uow: UnitOfWork, c: Container, tenants: dict[str, Tenant]) -> int:
    """Create the demo candidatures that are missing; returns how many were created."""
    created = 0
    for demo in CANDIDATURES:
        job_seeker = await _job_seeker(uow, demo.job_seeker)
        company_id = tenants[demo.company_siret].id
        if job_seeker is None or await _exists(uow, job_seeker.id, company_id):
            continue
        candidature = await _sent(uow, c, demo, job_seeker.id, company_id, tenants)
        await uow.candidatures.add(candidature)
        await _answered(uow, c, demo, candidature)
        created += 1
    return created


async def _job_seeker(uow: UnitOfWork, first_name: str) -> JobSeeker | None:
    details = next(demo.details for demo in JOB_SEEKERS if demo.details.first_name == first_name)
    if details.nir:
        return await uow.job_seekers.get_by_nir(details.nir)
    return await uow.job_seekers.get_by_email(details.email) if details.email else None


async def _exists(uow: UnitOfWork, job_seeker_id: UUID, company_id: UUID) -> bool:
    found = await uow.candidatures.page(
        readers=Readers(job_seeker_id=job_seeker_id),
        filters=CandidatureFilters(company_id=company_id),
        after=None,
        limit=1,
    )
    return bool(found)


async def _sent(
    uow: UnitOfWork,
    c: Container,
    demo: DemoCandidature,
    job_seeker_id: UUID,
    company_id: UUID,
    tenants: dict[str, Tenant],
) -> Candidature:
    by_prescriber = demo.sender == "prescriber"
    return Candidature.submit(
        id=c.ids.new_id(),
        job_seeker_id=job_seeker_id,
        company_id=company_id,
        job_posting_ids=(),
        sender_kind=SenderKind.PRESCRIBER if by_prescriber else SenderKind.JOB_SEEKER,
        sender_organisation_id=tenants[FT_SIRET].id if by_prescriber else None,
        sender_company_id=None,
        message=demo.message,
        stamp=await _stamp(uow, c, demo.sender),
    )


async def _answered(uow: UnitOfWork, c: Container, demo: DemoCandidature, candidature: Candidature) -> None:
    company = await uow.companies.get(candidature.company_id)
    assert company is not None  # one of the demo companies, just read
    for move in demo.moves:
        assert demo.employer is not None
        stamp = await _stamp(uow, c, demo.employer)
        if move is Transition.REFUSE:
            reason, answer = RefusalReason.NO_POSITION, "Nous n'avons plus de poste ouvert pour le moment."
            candidature.refuse(reason=reason, message=answer, company_kind=company.kind, stamp=stamp)
        else:
            getattr(candidature, move.value)(stamp)


async def _stamp(uow: UnitOfWork, c: Container, local: str) -> Stamp:
    user = await uow.users.get_by_email(f"{local}@{DOMAIN}")
    return Stamp(actor_id=user.id if user else None, at=c.clock.now(), event_id=c.ids.new_id())
