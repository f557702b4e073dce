"""The in-memory unit of work: every fake repository, one snapshot per transaction."""

import copy
from types import TracebackType
from typing import Self

from tests.fakes.approvals import FakeApprovals, FakePassNumbers
from tests.fakes.candidatures import FakeCandidatures, FakeIdempotencyKeys
from tests.fakes.companies import FakeCompanies, FakeJobPostings
from tests.fakes.eligibility import FakeDiagnoses
from tests.fakes.employee_records import FakeAspBatches, FakeEmployeeRecords, FakeEmployeeRecordUpdates
from tests.fakes.exits import FakeExits
from tests.fakes.identity import (
    FakeAccountLinks,
    FakeClients,
    FakeInvitations,
    FakeMemberships,
    FakeThrottles,
    FakeUsers,
    FakeWebSessions,
)
from tests.fakes.job_seekers import FakeJobSeekerChanges, FakeJobSeekers, FakeNirLookupRefusals, FakeNirLookups
from tests.fakes.notifications import FakeNotificationPreferences, FakeOutbox
from tests.fakes.prescribers import FakeOrganisations
from tests.fakes.staff import FakeStaffDecisions, FakeStaffQueue

_REPOSITORIES = (
    "users",
    "memberships",
    "organisations",
    "companies",
    "job_postings",
    "clients",
    "throttles",
    "job_seekers",
    "nir_lookups",
    "diagnoses",
    "candidatures",
    "idempotency",
    "approvals",
    "pass_numbers",
    "exits",
    "outbox",
    "notification_preferences",
    "employee_records",
    "employee_record_updates",
    "asp_batches",
    "links",
    "invitations",
    "staff_decisions",
    "job_seeker_changes",
    "nir_lookup_refusals",
    "web_sessions",
)


class FakeUnitOfWork:
    """One in-memory store; ``commits`` counts commits.

    Like a database session, leaving the block keeps only what was committed:
    changes made after the last commit, or in a block that raised, are rolled
    back, and entities loaded in a block are detached copies once it ends."""

    def __init__(self) -> None:
        self.users = FakeUsers()
        self.memberships = FakeMemberships()
        self.organisations = FakeOrganisations()
        self.companies = FakeCompanies()
        self.job_postings = FakeJobPostings()
        self.clients = FakeClients()
        self.throttles = FakeThrottles()
        self.job_seekers = FakeJobSeekers(self)
        self.nir_lookups = FakeNirLookups()
        self.diagnoses = FakeDiagnoses()
        self.candidatures = FakeCandidatures()
        self.idempotency = FakeIdempotencyKeys()
        self.approvals = FakeApprovals(self)
        self.pass_numbers = FakePassNumbers()
        self.exits = FakeExits()
        self.outbox = FakeOutbox()
        self.notification_preferences = FakeNotificationPreferences()
        self.employee_records = FakeEmployeeRecords()
        self.employee_record_updates = FakeEmployeeRecordUpdates(self)
        self.asp_batches = FakeAspBatches()
        self.links = FakeAccountLinks()
        self.invitations = FakeInvitations()
        self.staff_decisions = FakeStaffDecisions()
        self.staff_queue = FakeStaffQueue(self)
        self.job_seeker_changes = FakeJobSeekerChanges()
        self.nir_lookup_refusals = FakeNirLookupRefusals(self)
        self.web_sessions = FakeWebSessions()
        self.commits = 0
        self._committed = self._copy_rows()

    async def __aenter__(self) -> Self:
        # Rows seeded directly between blocks count as committed.
        self._committed = self._copy_rows()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for name, rows in self._committed.items():
            getattr(self, name).rows = rows

    async def commit(self) -> None:
        self._committed = self._copy_rows()
        self.commits += 1

    def _copy_rows(self) -> dict[str, object]:
        return {name: copy.deepcopy(getattr(self, name).rows) for name in _REPOSITORIES}
