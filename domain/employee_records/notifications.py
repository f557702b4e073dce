"""Who is emailed when the ASP rejects an employee record (DOMAIN.md, "Notifications")."""

from domain.employee_records.events import EmployeeRecordRejected
from domain.employee_records.rejections import explanation
from domain.identity.memberships import Tenant, TenantKind
from domain.notifications.messages import Envelope
from domain.notifications.recipients import admins_of, envelopes_for
from domain.ports.unit_of_work import UnitOfWork


async def employee_record_rejected(uow: UnitOfWork, event: EmployeeRecordRejected) -> list[Envelope]:
    """The admins of the company, with the ASP's code and what to fix."""
    company = await uow.companies.get(event.company_id)
    job_seeker = await uow.job_seekers.get(event.job_seeker_id)
    if company is None or job_seeker is None:
        return []
    advice = explanation(event.asp_code)
    context: dict[str, object] = {
        "job_seeker_name": f"{job_seeker.first_name} {job_seeker.last_name}",
        "approval_number": event.approval_number,
        "company_name": company.name,
        "asp_code": event.asp_code,
        "asp_label": f"{event.asp_label} — {advice}" if advice else event.asp_label,
        "employee_record_id": str(event.record_id),
    }
    return envelopes_for(
        await admins_of(uow, Tenant(TenantKind.COMPANY, company.id)), "employee_record_rejected", context
    )
