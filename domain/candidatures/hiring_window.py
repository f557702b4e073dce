"""When a hire may start: from today to six months ahead, in days of the
Paris calendar. Les emplois checks the same when an employer accepts
(``AcceptForm.clean_hiring_start_at``), with one exception kept here: a GEIQ
may declare a contract that has already begun."""

from datetime import date

from domain.candidatures.candidatures import Hiring
from domain.companies.companies import CompanyKind
from domain.dates import add_months, ensure_plausible
from domain.errors import FieldError, RuleViolation

MAX_MONTHS_AHEAD = 6
MAY_START_IN_THE_PAST = frozenset({CompanyKind.GEIQ})


class HiringStartInThePast(RuleViolation):
    code = "hiring-start-in-the-past"
    title = "Embauche antidatée"


class HiringStartTooFarAhead(RuleViolation):
    code = "hiring-start-too-far-ahead"
    title = "Embauche trop lointaine"


def check_hiring_window(hiring: Hiring, *, company_kind: CompanyKind, today: date) -> None:
    latest = add_months(today, MAX_MONTHS_AHEAD)
    if hiring.start_at > latest:
        raise HiringStartTooFarAhead(
            f"Une embauche commence au plus tard {MAX_MONTHS_AHEAD} mois après aujourd'hui (le {latest:%d/%m/%Y}).",
            errors=[FieldError("/hiring_start_at", f"at most {MAX_MONTHS_AHEAD} months ahead ({latest.isoformat()})")],
        )
    if hiring.start_at < today and company_kind not in MAY_START_IN_THE_PAST:
        raise HiringStartInThePast(
            "Il n'est pas possible d'antidater un contrat : l'embauche commence aujourd'hui ou plus tard.",
            errors=[FieldError("/hiring_start_at", f"must not be before today ({today.isoformat()})")],
        )
    ensure_plausible(hiring.start_at, pointer="/hiring_start_at")
    if hiring.end_at is not None:
        ensure_plausible(hiring.end_at, pointer="/hiring_end_at")
