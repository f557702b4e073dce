"""Builders of job seekers."""

from api.bootstrap import Container
from domain.companies.companies import Company
from domain.identity.users import User
from domain.job_seekers.job_seekers import Creator, JobSeeker, JobSeekerDetails
from domain.prescribers.organisations import (
    PrescriberOrganisation,
)


async def a_job_seeker(
    container: Container,
    *,
    created_by: Company | PrescriberOrganisation | User,
    **fields: object,
) -> JobSeeker:
    """A profile registered by a company's or an organisation's member, or by a
    job seeker's account for himself (then linked to it)."""
    own_account = created_by if isinstance(created_by, User) else None
    creator = Creator(
        user_id=own_account.id if own_account else None,
        organisation_id=created_by.id if isinstance(created_by, PrescriberOrganisation) else None,
        company_id=created_by.id if isinstance(created_by, Company) else None,
    )
    values: dict[str, object] = {"first_name": "Samir", "last_name": "Bensaïd", **fields}
    job_seeker = JobSeeker.register(
        id=container.ids.new_id(),
        details=JobSeekerDetails(**values),  # type: ignore[arg-type]
        created_by=creator,
        user_id=own_account.id if own_account else None,
        at=container.clock.now(),
        event_id=container.ids.new_id(),
    )
    uow = container.new_uow()
    async with uow:
        await uow.job_seekers.add(job_seeker)
        await uow.commit()
    return job_seeker
