"""The French words the pages show for the domain's codes."""

from domain.approvals.approvals import ApprovalStatus
from domain.candidatures.candidatures import RefusalReason, SenderKind
from domain.candidatures.state_machine import CandidatureState, Transition
from domain.companies.companies import CompanyKind
from domain.companies.job_postings import ContractType
from domain.notifications.candidature_routes import REFUSAL_REASONS

STATES = {
    CandidatureState.NEW: "Nouvelle",
    CandidatureState.PROCESSING: "À l'étude",
    CandidatureState.POSTPONED: "En attente",
    CandidatureState.PRIOR_TO_HIRE: "Action préalable à l'embauche",
    CandidatureState.POOL: "Vivier",
    CandidatureState.ACCEPTED: "Embauche acceptée",
    CandidatureState.REFUSED: "Refusée",
    CandidatureState.CANCELLED: "Embauche annulée",
    CandidatureState.OBSOLETE: "Embauché ailleurs",
}

# What the button says, and what the history says happened.
ACTIONS = {
    Transition.PROCESS: "Étudier la candidature",
    Transition.POSTPONE: "Mettre en attente",
    Transition.ADD_TO_POOL: "Garder dans le vivier",
    Transition.MOVE_TO_PRIOR_TO_HIRE: "Commencer une action préalable à l'embauche",
    Transition.CANCEL_PRIOR_TO_HIRE: "Annuler l'action préalable",
    Transition.REFUSE: "Refuser la candidature",
    Transition.ACCEPT: "Accepter la candidature",
    Transition.CANCEL: "Annuler l'embauche",
    Transition.TRANSFER: "Transférer à une autre structure",
    Transition.RENDER_OBSOLETE: "Embauché dans une autre structure",
    Transition.RESET: "Embauche annulée ailleurs : candidature rouverte",
}

# The URL slug of each answer a page form posts, as in the API.
SLUGS = {
    Transition.PROCESS: "etudier",
    Transition.POSTPONE: "mettre-en-attente",
    Transition.ADD_TO_POOL: "vivier",
    Transition.MOVE_TO_PRIOR_TO_HIRE: "action-prealable",
    Transition.CANCEL_PRIOR_TO_HIRE: "annuler-action-prealable",
    Transition.REFUSE: "refuser",
    Transition.ACCEPT: "accepter",
    Transition.CANCEL: "annuler-embauche",
    Transition.TRANSFER: "transferer",
}
TRANSITION_OF_SLUG = {slug: transition for transition, slug in SLUGS.items()}

REASONS = {RefusalReason(code): label for code, label in REFUSAL_REASONS.items()}

SENDERS = {
    SenderKind.JOB_SEEKER: "Le candidat lui-même",
    SenderKind.PRESCRIBER: "Un prescripteur",
    SenderKind.EMPLOYER: "Votre structure (auto-prescription)",
}

COMPANY_KINDS = {
    CompanyKind.EI: "Entreprise d'insertion (EI)",
    CompanyKind.AI: "Association intermédiaire (AI)",
    CompanyKind.ACI: "Atelier et chantier d'insertion (ACI)",
    CompanyKind.ETTI: "Entreprise de travail temporaire d'insertion (ETTI)",
    CompanyKind.EITI: "Entreprise d'insertion par le travail indépendant (EITI)",
    CompanyKind.GEIQ: "Groupement d'employeurs (GEIQ)",
    CompanyKind.EA: "Entreprise adaptée (EA)",
    CompanyKind.EATT: "Entreprise adaptée de travail temporaire (EATT)",
    CompanyKind.OPCS: "Organisation porteuse de clauses sociales (OPCS)",
}

CONTRACTS = {
    ContractType.PERMANENT: "CDI",
    ContractType.FIXED_TERM: "CDD",
    ContractType.FIXED_TERM_I: "CDD d'insertion (CDDI)",
    ContractType.TEMPORARY: "Mission d'intérim",
    ContractType.TEMPORARY_I: "Mission d'intérim d'insertion",
    ContractType.APPRENTICESHIP: "Contrat d'apprentissage",
    ContractType.PROFESSIONALISATION: "Contrat de professionnalisation",
    ContractType.FIXED_TERM_USAGE: "CDD d'usage",
    ContractType.OTHER: "Autre contrat",
}

APPROVAL_STATUSES = {
    ApprovalStatus.FUTURE: "il commence plus tard",
    ApprovalStatus.VALID: "il est valable",
    ApprovalStatus.SUSPENDED: "il est suspendu",
    ApprovalStatus.EXPIRED: "il est terminé",
    ApprovalStatus.CANCELLED: "il est annulé",
}
