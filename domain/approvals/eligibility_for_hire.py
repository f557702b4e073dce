"""Which eligibility diagnosis counts, and the PASS IAE a hire gets
(DOMAIN.md "Eligibility diagnoses" and "Rules at acceptance")."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.approvals.approvals import Approval
from domain.approvals.numbers import PassNumber
from domain.companies.companies import Company
from domain.dates import add_months
from domain.eligibility.diagnoses import AuthorKind, EligibilityDiagnosis
from domain.employee_records.pass_changes import notify_pass_change
from domain.errors import Conflict, NotFound
from domain.job_seekers.ages import paris_day
from domain.job_seekers.job_seekers import JobSeeker
from domain.ports.system import Clock, IdGenerator
from domain.ports.unit_of_work import UnitOfWork

# After a PASS IAE ends, only a habilitated prescriber opens a new one for two years.
WAITING_PERIOD_MONTHS = 24


class EligibilityRequired(Conflict):
    code = "eligibility-required"
    title = "Éligibilité IAE requise"


class WaitingPeriod(Conflict):
    code = "waiting-period"
    title = "Délai de carence en cours"


@dataclass(slots=True, frozen=True)
class HireApproval:
    approval: Approval | None  # None in a company not subject to eligibility
    diagnosis_id: UUID | None
    issued: bool  # a new PASS IAE, not one reused


def diagnosis_that_counts(
    *,
    diagnoses: Sequence[EligibilityDiagnosis],
    approvals: Sequence[Approval],
    company_id: UUID | None,
    at: datetime,
) -> EligibilityDiagnosis | None:
    """The diagnosis that makes the job seeker eligible in ``company_id`` at
    ``at`` (with no company: in any company), or None.

    - A habilitated prescriber's diagnosis counts for every company, an
      employer's for its own company only.
    - A diagnosis is valid while not expired, or for as long as a PASS IAE it
      justified is in force.
    - The newest valid one counts: so a newer diagnosis by a habilitated
      prescriber replaces older ones for every company.
    """
    today = paris_day(at)
    backing = {a.diagnosis_id for a in approvals if a.in_force_on(today)}
    for diagnosis in sorted(diagnoses, key=lambda d: d.created_at, reverse=True):
        if diagnosis.author_kind is AuthorKind.EMPLOYER and diagnosis.author_company_id != company_id:
            continue
        if diagnosis.id in backing or not diagnosis.is_expired(at):
            return diagnosis
    return None


def approval_in_force(approvals: Sequence[Approval], day: date) -> Approval | None:
    """The PASS IAE a hire on ``day`` reuses: the newest one not ended by then."""
    return next((a for a in sorted(approvals, key=lambda a: a.rank, reverse=True) if a.in_force_on(day)), None)


async def approval_for_hire(
    *,
    uow: UnitOfWork,
    job_seeker: JobSeeker,
    company: Company,
    hiring_start: date,
    candidature_id: UUID,
    prefix: str,
    ids: IdGenerator,
    clock: Clock,
) -> HireApproval:
    """The PASS IAE of a hire starting on ``hiring_start``, recorded on it
    (called by the acceptance of a candidature, inside its transaction; does
    not commit).

    1. A PASS IAE in force on the hiring start is reused, its dates unchanged;
       a suspension running then ends the day before.
    2. Else a valid diagnosis is required (``diagnosis_that_counts``), or 409
       ``eligibility-required``.
    3. Within two years after the last PASS IAE ended, only a habilitated
       prescriber's diagnosis made after that end allows a new one, or 409
       ``waiting-period``.
    4. A new PASS IAE starts on the hiring start and lasts 730 days.
    In a company not subject to eligibility (GEIQ, EA…) there is none.
    """
    if not company.subject_to_eligibility:
        return HireApproval(None, None, False)
    now = clock.now()
    approvals = await uow.approvals.for_job_seeker(job_seeker.id)
    current = approval_in_force(approvals, hiring_start)
    if current is not None:
        current.reuse_for_hire(
            ids=ids, company_id=company.id, candidature_id=candidature_id, hiring_start=hiring_start, at=now
        )
        await notify_pass_change(uow, current, ids=ids, at=now)  # a suspension cut short moves its end
        return HireApproval(current, current.diagnosis_id, False)
    diagnoses = await uow.diagnoses.for_job_seeker(job_seeker.id)
    diagnosis = _diagnosis_for_a_new_pass(diagnoses, approvals, company=company, hiring_start=hiring_start, at=now)
    approval = Approval.issue(
        ids=ids,
        number=PassNumber.issue(prefix=prefix, sequence=await uow.pass_numbers.next_sequence(prefix)),
        job_seeker_id=job_seeker.id,
        rank=max((a.rank for a in approvals), default=0) + 1,
        hiring_start=hiring_start,
        diagnosis_id=diagnosis.id,
        company_id=company.id,
        candidature_id=candidature_id,
        at=now,
    )
    await uow.approvals.add(approval)
    return HireApproval(approval, diagnosis.id, True)


async def release_hire(*, uow: UnitOfWork, approval_number: str, candidature_id: UUID, at: datetime) -> None:
    """The hire of ``candidature_id`` was cancelled: the PASS IAE loses it; one
    that this hire issued and no other hire uses is cancelled (kept, its
    number never reused). Does not commit."""
    approval = await uow.approvals.get_by_number(approval_number)
    if approval is None:
        raise NotFound(f"PASS IAE {approval_number} introuvable.")
    approval.release_hire(candidature_id=candidature_id, at=at)


def _diagnosis_for_a_new_pass(
    diagnoses: Sequence[EligibilityDiagnosis],
    approvals: Sequence[Approval],
    *,
    company: Company,
    hiring_start: date,
    at: datetime,
) -> EligibilityDiagnosis:
    counting = diagnosis_that_counts(diagnoses=diagnoses, approvals=approvals, company_id=company.id, at=at)
    if counting is None:
        raise EligibilityRequired(
            "Aucun diagnostic d'éligibilité valide : un prescripteur habilité, ou votre structure, doit en faire un."
        )
    last = max((a for a in approvals if not a.is_cancelled), key=lambda a: a.rank, default=None)
    if last is None:
        return counting
    waiting_end = add_months(last.end_at, WAITING_PERIOD_MONTHS)
    if hiring_start >= waiting_end:
        return counting
    after_last = [
        d
        for d in diagnoses
        if d.author_kind is AuthorKind.PRESCRIBER and paris_day(d.created_at) > last.end_at and not d.is_expired(at)
    ]
    if not after_last:
        raise WaitingPeriod(
            f"Le dernier PASS IAE a pris fin le {last.end_at:%d/%m/%Y} : jusqu'au {waiting_end:%d/%m/%Y}, seul un "
            "diagnostic d'un prescripteur habilité fait après cette date permet d'en délivrer un nouveau.",
            extra={"waiting_period_ends_on": waiting_end.isoformat()},
        )
    return max(after_last, key=lambda d: d.created_at)
