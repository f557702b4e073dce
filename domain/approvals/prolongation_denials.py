"""Why a habilitated prescriber denies a prolongation, and what he proposes
instead (the reasons and "actions envisagées" of les emplois de l'inclusion)."""

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import FieldError, RuleViolation


class DenyReason(StrEnum):
    IAE = "iae"  # the IAE no longer fits the person's needs or situation
    SIAE = "siae"  # this kind of SIAE no longer fits them
    DURATION = "duration"  # the duration asked does not fit
    REASON = "reason"  # the reason given does not fit


DENY_REASON_LABELS = {
    DenyReason.IAE: "L'IAE ne correspond plus aux besoins ou à la situation de la personne.",
    DenyReason.SIAE: "La typologie de SIAE ne correspond plus aux besoins ou à la situation de la personne.",
    DenyReason.DURATION: "La durée de prolongation demandée n'est pas adaptée à la situation de la personne.",
    DenyReason.REASON: "Le motif de prolongation demandé n'est pas adapté à la situation de la personne.",
}


class ProposedAction(StrEnum):
    EXIT_IAE = "exit_iae"
    SOCIAL_PARTNER = "social_partner"
    OTHER = "other"


PROPOSED_ACTION_LABELS = {
    ProposedAction.EXIT_IAE: "Accompagnement à la recherche d'emploi hors IAE et mobilisation de l'offre de "
    "services disponible au sein de votre structure ou de celle d'un partenaire.",
    ProposedAction.SOCIAL_PARTNER: "Orientation vers un partenaire de l'accompagnement social ou professionnel.",
    ProposedAction.OTHER: "Autre",
}


class ProposedActionsRequired(RuleViolation):
    code = "prolongation-denial-actions-required"
    title = "Actions envisagées requises"


@dataclass(slots=True, frozen=True)
class Denial:
    """A denial: its reason code, the prescriber's explanation, and the next
    steps he proposes (required when the IAE itself no longer fits, with a
    word on them, as les emplois asks)."""

    reason: DenyReason
    explanation: str
    proposed_actions: tuple[ProposedAction, ...] = ()
    proposed_actions_explanation: str = ""

    def __post_init__(self) -> None:
        if self.reason is DenyReason.IAE and not self.proposed_actions:
            raise ProposedActionsRequired(
                "Quand l'IAE ne convient plus, proposez au moins une action à la personne.",
                errors=[FieldError("/proposed_actions", "at least one action when reason_code is iae")],
            )
        if self.proposed_actions and not self.proposed_actions_explanation.strip():
            raise ProposedActionsRequired(
                "Précisez les actions envisagées.",
                errors=[FieldError("/proposed_actions_explanation", "required with proposed_actions")],
            )
