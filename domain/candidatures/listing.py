"""Which candidatures a caller may read, and the filters and keyset of a list."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.candidatures.candidatures import Candidature, SenderKind
from domain.candidatures.state_machine import CandidatureState


@dataclass(slots=True, frozen=True)
class Readers:
    """The candidatures one caller may read: every one (staff), or those sent to
    his company, sent by his organisation, or made for himself."""

    everything: bool = False
    company_id: UUID | None = None
    organisation_id: UUID | None = None
    job_seeker_id: UUID | None = None

    def include(self, candidature: Candidature) -> bool:
        return (
            self.everything
            or (self.company_id is not None and candidature.company_id == self.company_id)
            or (self.organisation_id is not None and candidature.sender_organisation_id == self.organisation_id)
            or (self.job_seeker_id is not None and candidature.job_seeker_id == self.job_seeker_id)
        )


NOBODY = Readers()


@dataclass(slots=True, frozen=True)
class CandidatureFilters:
    state: CandidatureState | None = None
    company_id: UUID | None = None
    job_seeker_id: UUID | None = None
    sender_kind: SenderKind | None = None
    job_posting_id: UUID | None = None

    def match(self, candidature: Candidature) -> bool:
        return (
            (self.state is None or candidature.state is self.state)
            and (self.company_id is None or candidature.company_id == self.company_id)
            and (self.job_seeker_id is None or candidature.job_seeker_id == self.job_seeker_id)
            and (self.sender_kind is None or candidature.sender_kind is self.sender_kind)
            and (self.job_posting_id is None or self.job_posting_id in candidature.job_posting_ids)
        )


@dataclass(slots=True, frozen=True)
class Position:
    """Where a page of a newest-first list ends: the last item's creation and id."""

    created_at: datetime
    id: UUID

    @classmethod
    def of(cls, candidature: Candidature) -> "Position":
        return cls(candidature.created_at, candidature.id)

    def precedes(self, candidature: Candidature) -> bool:
        """Whether ``candidature`` comes after this position, newest first then by id descending."""
        return (candidature.created_at, candidature.id) < (self.created_at, self.id)
