"""Which emails each domain event causes (DOMAIN.md, "Notifications")."""

from collections.abc import Awaitable, Callable
from typing import Any

from domain.approvals.events import ProlongationDecided, ProlongationRequested
from domain.candidatures.events import (
    CandidatureAccepted,
    CandidatureRefused,
    CandidatureStateChanged,
    CandidatureSubmitted,
    HireCancelled,
)
from domain.employee_records.events import EmployeeRecordRejected
from domain.employee_records.notifications import employee_record_rejected
from domain.identity.events import (
    CompanyProofRequested,
    EmailConfirmationRequested,
    InvitationSent,
    PasswordResetRequested,
)
from domain.notifications import account_routes, approval_routes, candidature_routes
from domain.notifications.events import ApprovalEndingSoon, ProlongationReminderDue
from domain.notifications.habilitation_routes import habilitation_decided
from domain.notifications.identity_routes import company_proof_requested, invitation_sent
from domain.notifications.messages import Envelope
from domain.notifications.staff_routes import membership_decided
from domain.ports.unit_of_work import UnitOfWork
from domain.prescribers.events import HabilitationDecided
from domain.staff.events import MembershipDecided

Route = Callable[[UnitOfWork, Any], Awaitable[list[Envelope]]]

ROUTES: dict[type, Route] = {
    HabilitationDecided: habilitation_decided,
    CandidatureSubmitted: candidature_routes.candidature_submitted,
    CandidatureStateChanged: candidature_routes.candidature_state_changed,
    CandidatureAccepted: candidature_routes.candidature_accepted,
    CandidatureRefused: candidature_routes.candidature_refused,
    HireCancelled: candidature_routes.hire_cancelled,
    ProlongationRequested: approval_routes.prolongation_requested,
    ProlongationDecided: approval_routes.prolongation_decided,
    ApprovalEndingSoon: approval_routes.approval_ending_soon,
    ProlongationReminderDue: approval_routes.prolongation_reminder,
    EmployeeRecordRejected: employee_record_rejected,
    EmailConfirmationRequested: account_routes.email_confirmation_requested,
    PasswordResetRequested: account_routes.password_reset_requested,
    InvitationSent: invitation_sent,
    CompanyProofRequested: company_proof_requested,
    MembershipDecided: membership_decided,
}
