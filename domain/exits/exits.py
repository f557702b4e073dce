"""The exit of a hire: when it ended, how many hours were worked, where the
person went; then the person's situation 3, 6 and 12 months later. A
correction keeps the value it replaces in the exit's audit trail."""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from domain.dates import add_months
from domain.errors import Conflict, FieldError, RuleViolation


class ExitKind(StrEnum):
    DURABLE_EMPLOYMENT = "durable_employment"  # CDI, CDD of 6 months or more, business creation
    TRANSITION_EMPLOYMENT = "transition_employment"  # CDD under 6 months, contrats aidés
    POSITIVE_EXIT = "positive_exit"  # qualifying training, another SIAE…
    OTHER_KNOWN = "other_known"
    INACTIVE = "inactive"
    NO_NEWS = "no_news"


HORIZONS = (3, 6, 12)  # months after the exit


class InvalidExit(RuleViolation):
    code = "invalid-exit"
    title = "Sortie invalide"


class ExitAlreadyRecorded(Conflict):
    code = "exit-already-recorded"
    title = "Sortie déjà enregistrée"


class FollowUpTooEarly(RuleViolation):
    code = "follow-up-too-early"
    title = "Suivi enregistré avant son échéance"


class FollowUpAlreadyRecorded(Conflict):
    code = "follow-up-already-recorded"
    title = "Suivi déjà enregistré"


class FollowUpNotFound(RuleViolation):
    code = "follow-up-not-found"
    title = "Suivi introuvable"


@dataclass(slots=True, frozen=True)
class Signature:
    """Who records or corrects (a user or a partner application), and when."""

    by: UUID | None
    at: datetime


@dataclass(slots=True, frozen=True)
class FollowUp:
    horizon_months: int
    situation: ExitKind
    recorded_by: UUID | None
    recorded_at: datetime


@dataclass(slots=True, frozen=True)
class Correction:
    """A value replaced: ``field`` is ``exit_at``, ``hours_worked``,
    ``exit_kind`` or ``situation`` (of the follow-up at ``horizon_months``)."""

    id: UUID
    field: str
    horizon_months: int | None
    previous: str
    corrected: str
    corrected_by: UUID | None
    corrected_at: datetime


@dataclass(slots=True, frozen=True)
class ExitFacts:
    exit_at: date
    hours_worked: int
    exit_kind: ExitKind


@dataclass(slots=True)
class Exit:
    candidature_id: UUID  # the hire; one exit per hire
    exit_at: date
    hours_worked: int
    exit_kind: ExitKind
    recorded_by: UUID | None
    recorded_at: datetime
    updated_at: datetime
    follow_ups: dict[int, FollowUp] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)

    @classmethod
    def record(
        cls, *, candidature_id: UUID, facts: ExitFacts, hiring_start_at: date, today: date, signed: Signature
    ) -> "Exit":
        check_exit(facts, hiring_start_at=hiring_start_at, today=today)
        return cls(
            candidature_id=candidature_id,
            exit_at=facts.exit_at,
            hours_worked=facts.hours_worked,
            exit_kind=facts.exit_kind,
            recorded_by=signed.by,
            recorded_at=signed.at,
            updated_at=signed.at,
        )

    @property
    def facts(self) -> ExitFacts:
        return ExitFacts(self.exit_at, self.hours_worked, self.exit_kind)

    def due_on(self, horizon_months: int) -> date:
        return add_months(self.exit_at, horizon_months)

    def correct(
        self, facts: ExitFacts, *, hiring_start_at: date, today: date, signed: Signature, ids: list[UUID]
    ) -> None:
        """Replace the exit's facts; ``ids`` has one fresh id per audited change (3 at most)."""
        check_exit(facts, hiring_start_at=hiring_start_at, today=today)
        late = [h for h in self.follow_ups if add_months(facts.exit_at, h) > today]
        if late:
            raise FollowUpTooEarly(
                f"Le suivi à {late[0]} mois serait antérieur à son échéance avec cette date de sortie.",
                errors=[FieldError("/exit_at", f"the {late[0]}-month follow-up would precede its date")],
            )
        before = self.facts
        for name in ("exit_at", "hours_worked", "exit_kind"):
            previous, corrected = getattr(before, name), getattr(facts, name)
            if previous != corrected:
                self._audit(ids.pop(), name, None, previous, corrected, signed)
        self.exit_at, self.hours_worked, self.exit_kind = facts.exit_at, facts.hours_worked, facts.exit_kind

    def record_follow_up(self, *, horizon_months: int, situation: ExitKind, today: date, signed: Signature) -> None:
        _check_horizon(horizon_months)
        if horizon_months in self.follow_ups:
            raise FollowUpAlreadyRecorded(
                f"Le suivi à {horizon_months} mois est déjà enregistré ; corrigez-le (PUT) au besoin.",
                extra={"horizon_months": horizon_months},
            )
        due = self.due_on(horizon_months)
        if due > today:
            raise FollowUpTooEarly(
                f"Le suivi à {horizon_months} mois ne peut être enregistré qu'à partir du {due:%d/%m/%Y}.",
                errors=[FieldError("/horizon_months", f"due on {due.isoformat()}")],
                extra={"due_on": due.isoformat()},
            )
        self.follow_ups[horizon_months] = FollowUp(horizon_months, situation, signed.by, signed.at)
        self.updated_at = signed.at

    def correct_follow_up(self, *, horizon_months: int, situation: ExitKind, signed: Signature, id: UUID) -> None:
        _check_horizon(horizon_months)
        recorded = self.follow_ups.get(horizon_months)
        if recorded is None:
            raise FollowUpNotFound(
                f"Aucun suivi à {horizon_months} mois n'est enregistré : enregistrez-le (POST).",
                errors=[FieldError("/horizon_months", "no follow-up recorded at this horizon")],
            )
        if recorded.situation != situation:
            self._audit(id, "situation", horizon_months, recorded.situation, situation, signed)
            self.follow_ups[horizon_months] = FollowUp(
                horizon_months, situation, recorded.recorded_by, recorded.recorded_at
            )

    def _audit(
        self, id: UUID, name: str, horizon: int | None, previous: object, corrected: object, signed: Signature
    ) -> None:
        self.corrections.append(Correction(id, name, horizon, str(previous), str(corrected), signed.by, signed.at))
        self.updated_at = signed.at


def check_exit(facts: ExitFacts, *, hiring_start_at: date, today: date) -> None:
    """An exit happens on or after the hiring start and not in the future;
    hours worked are never negative. Every broken rule is named."""
    errors = []
    if facts.exit_at < hiring_start_at:
        errors.append(FieldError("/exit_at", f"must be on or after the hiring start ({hiring_start_at.isoformat()})"))
    if facts.exit_at > today:
        errors.append(FieldError("/exit_at", "must not be in the future"))
    if facts.hours_worked < 0:
        errors.append(FieldError("/hours_worked", "must be 0 or more"))
    if errors:
        raise InvalidExit(
            "La sortie ne respecte pas les règles : " + "; ".join(e.message for e in errors), errors=errors
        )


def _check_horizon(horizon_months: int) -> None:
    if horizon_months not in HORIZONS:
        raise InvalidExit(
            "Un suivi se fait à 3, 6 ou 12 mois après la sortie.",
            errors=[FieldError("/horizon_months", "must be 3, 6 or 12")],
        )
