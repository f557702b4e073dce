"""Who is emailed about a candidature (DOMAIN.md, "Notifications")."""

from dataclasses import dataclass
from uuid import UUID

from domain.candidatures.events import (
    CandidatureAccepted,
    CandidatureEvent,
    CandidatureRefused,
    CandidatureStateChanged,
    CandidatureSubmitted,
    HireCancelled,
)
from domain.companies.companies import Company
from domain.job_seekers.job_seekers import JobSeeker
from domain.notifications.messages import Envelope
from domain.notifications.recipients import envelope_to, envelopes_for, members_of_company, user_by_id
from domain.ports.unit_of_work import UnitOfWork

REFUSAL_REASONS = {
    "did_not_come": "Candidat non joignable",
    "did_not_come_to_interview": "Candidat absent à l'entretien",
    "hired_elsewhere": "Candidat déjà embauché ailleurs",
    "training": "Formation plus adaptée",
    "non_eligible": "Candidat non éligible à l'IAE",
    "not_mobile": "Candidat non mobile",
    "not_interested": "Candidat non intéressé",
    "lacking_skills": "Compétences insuffisantes pour le poste",
    "incompatible": "Incompatibilité avec le poste ou l'équipe",
    "prevent_objectives": "L'embauche empêcherait d'atteindre les objectifs du dialogue de gestion",
    "no_position": "Pas de poste ouvert",
    "duplicate": "Candidature en double",
    "other": "Autre motif",
}
PROGRESS_STATES = frozenset({"processing", "postponed", "prior_to_hire"})


@dataclass(slots=True, frozen=True)
class _Parties:
    job_seeker: JobSeeker
    company: Company
    sent_by_prescriber: bool
    sender_id: UUID | None

    def to_job_seeker(self, template: str, context: dict[str, object]) -> list[Envelope]:
        """None when he has no email address."""
        personal = {**context, "recipient_first_name": self.job_seeker.first_name}
        return envelope_to(self.job_seeker.email, template, personal)

    def context(self, event: CandidatureEvent) -> dict[str, object]:
        return {
            "company_name": self.company.name,
            "job_seeker_name": f"{self.job_seeker.first_name} {self.job_seeker.last_name}",
            "candidature_id": str(event.candidature_id),
        }


async def _parties(uow: UnitOfWork, event: CandidatureEvent) -> _Parties | None:
    candidature = await uow.candidatures.get(event.candidature_id)
    job_seeker = await uow.job_seekers.get(event.job_seeker_id)
    company = await uow.companies.get(event.company_id)
    if candidature is None or job_seeker is None or company is None:
        return None
    prescribed = str(candidature.sender_kind) == "prescriber"
    return _Parties(job_seeker, company, prescribed, candidature.sender_id)


async def _to_job_seeker_and_prescriber(
    uow: UnitOfWork, parties: _Parties, templates: tuple[str, str], context: dict[str, object]
) -> list[Envelope]:
    """The job seeker by his own template; the prescriber who sent it by the other."""
    envelopes = parties.to_job_seeker(templates[0], context)
    prescriber = await user_by_id(uow, parties.sender_id) if parties.sent_by_prescriber else None
    return envelopes + (envelopes_for([prescriber], templates[1], context) if prescriber else [])


async def candidature_submitted(uow: UnitOfWork, event: CandidatureSubmitted) -> list[Envelope]:
    """The sender's confirmation, the company's members who opted in, and the
    job seeker when someone else sent it."""
    parties = await _parties(uow, event)
    if parties is None:
        return []
    context = parties.context(event)
    sender = await user_by_id(uow, parties.sender_id)
    self_applied = event.sender_kind == "job_seeker"
    context["sender_label"] = await _sender_label(uow, event, sender_name=sender.full_name if sender else None)
    members = await members_of_company(uow, event.company_id, new_candidatures_only=True)
    envelopes = envelopes_for([sender], "candidature_sent", {**context, "self_applied": self_applied}) if sender else []
    envelopes += envelopes_for(members, "candidature_received", context)
    if not self_applied:
        envelopes += parties.to_job_seeker("candidature_sent_for_you", context)
    return envelopes


async def _sender_label(uow: UnitOfWork, event: CandidatureSubmitted, *, sender_name: str | None) -> str:
    if event.sender_kind == "job_seeker":
        return "le candidat lui-même"
    structure = None
    if event.sender_organisation_id is not None:
        structure = await uow.organisations.get(event.sender_organisation_id)
    elif event.sender_company_id is not None:
        structure = await uow.companies.get(event.sender_company_id)
    names = [name for name in (sender_name, structure.name if structure else None) if name]
    return f"{names[0]} ({names[1]})" if len(names) == 2 else (names[0] if names else "un partenaire de Tremplin")


async def candidature_state_changed(uow: UnitOfWork, event: CandidatureStateChanged) -> list[Envelope]:
    """Processing, postponed, prior to hire: the job seeker and the prescriber."""
    if event.to_state not in PROGRESS_STATES or (parties := await _parties(uow, event)) is None:
        return []
    context = {**parties.context(event), "state": event.to_state}
    templates = ("candidature_progress_job_seeker", "candidature_progress_prescriber")
    return await _to_job_seeker_and_prescriber(uow, parties, templates, context)


async def candidature_accepted(uow: UnitOfWork, event: CandidatureAccepted) -> list[Envelope]:
    """The job seeker and the prescriber; the company's members get the PASS IAE
    (never turned off: they need it to declare the hire)."""
    parties = await _parties(uow, event)
    if parties is None:
        return []
    context = {
        **parties.context(event),
        "hiring_start_at": event.hiring_start_at.isoformat(),
        "hiring_end_at": event.hiring_end_at.isoformat() if event.hiring_end_at else None,
        "approval_number": event.approval_number,
    }
    templates = ("candidature_accepted_job_seeker", "candidature_accepted_prescriber")
    envelopes = await _to_job_seeker_and_prescriber(uow, parties, templates, context)
    if event.approval_number and event.approval_start_at and event.approval_end_at:
        approval = {
            **context,
            "approval_start_at": event.approval_start_at.isoformat(),
            "approval_end_at": event.approval_end_at.isoformat(),
        }
        envelopes += envelopes_for(await members_of_company(uow, event.company_id), "approval_delivered", approval)
    return envelopes


async def candidature_refused(uow: UnitOfWork, event: CandidatureRefused) -> list[Envelope]:
    """The job seeker in kind words without the reason; the prescriber with it."""
    parties = await _parties(uow, event)
    if parties is None:
        return []
    context = {
        **parties.context(event),
        "answer": event.message or None,
        "reason": event.reason,
        "reason_label": REFUSAL_REASONS.get(event.reason, event.reason),
    }
    templates = ("candidature_refused_job_seeker", "candidature_refused_prescriber")
    envelopes = await _to_job_seeker_and_prescriber(uow, parties, templates, context)
    # The job seeker's copy of the data holds no reason at all, not even unrendered.
    return [_without_reason(e) if e.template == templates[0] else e for e in envelopes]


def _without_reason(envelope: Envelope) -> Envelope:
    context = {k: v for k, v in envelope.context.items() if k not in ("reason", "reason_label")}
    return Envelope(envelope.recipient, envelope.template, context)


async def hire_cancelled(uow: UnitOfWork, event: HireCancelled) -> list[Envelope]:
    """The job seeker and the prescriber."""
    parties = await _parties(uow, event)
    if parties is None:
        return []
    templates = ("hire_cancelled_job_seeker", "hire_cancelled_prescriber")
    return await _to_job_seeker_and_prescriber(uow, parties, templates, parties.context(event))
