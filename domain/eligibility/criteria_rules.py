"""The rules a set of administrative criteria must follow, each named so
that a refusal says which one was broken."""

from collections.abc import Sequence
from datetime import date

from domain.companies.companies import CompanyKind
from domain.errors import FieldError, RuleViolation
from domain.job_seekers.ages import age_on
from domain.ports.referentials import CriteriaReferential
from domain.referentials.criteria import AdministrativeCriterion

SENIOR_FROM_AGE = 50
JEUNE_UNTIL_AGE = 26  # exclusive: under 26

# Auto-prescription (arrêté du 1er septembre 2021): without a level 1
# criterion, this many level 2 criteria are needed, by kind of SIAE.
LEVEL_2_NEEDED = {
    CompanyKind.AI: 2,
    CompanyKind.ETTI: 2,
    CompanyKind.ACI: 3,
    CompanyKind.EI: 3,
    CompanyKind.EITI: 3,
}


class UnknownCriterion(RuleViolation):
    code = "unknown-criterion"
    title = "Critère administratif inconnu"


class AgeCriterionMismatch(RuleViolation):
    code = "age-criterion-mismatch"
    title = "Critère d'âge contredit par la date de naissance"


class NotEnoughCriteria(RuleViolation):
    code = "auto-prescription-criteria"
    title = "Critères insuffisants pour une auto-prescription"


def known_criteria(codes: Sequence[str], referential: CriteriaReferential) -> list[AdministrativeCriterion]:
    """The criteria of these codes, in the order given; an unknown or repeated code is named."""
    found, problems = [], []
    for index, code in enumerate(codes):
        criterion = referential.get(code)
        if criterion is None:
            problems.append(FieldError(f"/criteria/{index}", f"unknown criterion code {code!r}"))
        elif code in codes[:index]:
            problems.append(FieldError(f"/criteria/{index}", f"criterion {code!r} given twice"))
        else:
            found.append(criterion)
    if problems:
        raise UnknownCriterion("Critères inconnus ou répétés : voir GET /api/v1/eligibility/criteria.", errors=problems)
    return found


def check_age_criteria(criteria: Sequence[AdministrativeCriterion], *, birthdate: date | None, on: date) -> None:
    """SENIOR (50 or more) and JEUNE (under 26) must agree with a known birthdate on the diagnosis day."""
    if birthdate is None:
        return
    age = age_on(birthdate, on)
    contradicted = {"SENIOR": age < SENIOR_FROM_AGE, "JEUNE": age >= JEUNE_UNTIL_AGE}
    problems = [
        FieldError(f"/criteria/{index}", f"{criterion.code} does not match the birthdate (age {age})")
        for index, criterion in enumerate(criteria)
        if contradicted.get(criterion.code, False)
    ]
    if problems:
        raise AgeCriterionMismatch(
            f"Le candidat a {age} ans : SENIOR demande 50 ans ou plus, JEUNE moins de 26 ans.", errors=problems
        )


def check_auto_prescription(criteria: Sequence[AdministrativeCriterion], kind: CompanyKind) -> None:
    """At least one level 1 criterion, or enough level 2 ones for the kind of SIAE."""
    if any(criterion.level == 1 for criterion in criteria):
        return
    needed = LEVEL_2_NEEDED[kind]
    level_2 = sum(1 for criterion in criteria if criterion.level == 2)
    if level_2 < needed:
        raise NotEnoughCriteria(
            f"Une auto-prescription en {kind} demande un critère de niveau 1, "
            f"ou au moins {needed} critères de niveau 2 ({level_2} donné(s)).",
            errors=[FieldError("/criteria", f"needs 1 level 1 criterion or {needed} level 2 criteria")],
            extra={"level_2_needed": needed},
        )
