"""Changing a suspension after the fact: its end, ending it early, deleting
one that has not started. The PASS IAE's end date follows by as many days.
A part of the ``Approval`` aggregate (mixed into it)."""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from domain.approvals import events
from domain.approvals.hires import Employer
from domain.approvals.suspensions import Suspension, SuspensionOverlap, check_period
from domain.errors import Conflict, FieldError, Forbidden, NotFound, RuleViolation

if TYPE_CHECKING:
    from domain.ports.system import IdGenerator


class SuspensionNotFound(NotFound):
    code = "suspension-not-found"
    title = "Suspension introuvable"


class SuspensionStarted(Conflict):
    code = "suspension-started"
    title = "Suspension déjà commencée"


class SuspensionEndNotEarlier(RuleViolation):
    code = "suspension-end-not-earlier"
    title = "Fin de suspension non avancée"


class SuspensionEdits:
    """What the employer who created a suspension may still do with it."""

    __slots__ = ()
    if TYPE_CHECKING:
        number: str
        end_at: date
        suspensions: list[Suspension]

        def _record(self, event: object) -> None: ...
        def _ensure_not_cancelled(self) -> None: ...

    def change_suspension_end(
        self, *, ids: "IdGenerator", suspension_id: UUID, end_at: date, employer: Employer, at: datetime
    ) -> Suspension:
        """Its new last day (earlier or later): at most 36 months after its
        start, overlapping no other suspension."""
        suspension = self._editable(suspension_id, employer)
        check_period(suspension.start_at, end_at)
        if any(s.overlaps(suspension.start_at, end_at) for s in self.suspensions if s is not suspension):
            raise SuspensionOverlap("Cette période chevauche une autre suspension du PASS IAE.")
        self.end_at += timedelta(days=(end_at - suspension.end_at).days)
        suspension.end_at = end_at
        self._record(
            events.SuspensionChanged(
                ids.new_id(), at, self.number, suspension.id, suspension.start_at, suspension.end_at
            )
        )
        return suspension

    def end_suspension(
        self, *, ids: "IdGenerator", suspension_id: UUID, end_at: date, employer: Employer, at: datetime
    ) -> Suspension:
        """End it early: ``end_at`` (its new last day) comes before its current end."""
        suspension = self._editable(suspension_id, employer)
        if end_at >= suspension.end_at:
            raise SuspensionEndNotEarlier(
                f"Cette suspension prend déjà fin le {suspension.end_at:%d/%m/%Y} : une fin anticipée la précède.",
                errors=[FieldError("/end_at", "not before the current end of the suspension")],
            )
        return self.change_suspension_end(ids=ids, suspension_id=suspension_id, end_at=end_at, employer=employer, at=at)

    def delete_suspension(
        self, *, ids: "IdGenerator", suspension_id: UUID, employer: Employer, today: date, at: datetime
    ) -> None:
        """Delete a suspension that has not started: the PASS IAE ends as if it never was."""
        suspension = self._editable(suspension_id, employer)
        if suspension.start_at <= today:
            raise SuspensionStarted(
                f"Cette suspension a commencé le {suspension.start_at:%d/%m/%Y} : "
                "elle ne peut plus être supprimée, mais elle peut finir plus tôt."
            )
        self.suspensions.remove(suspension)
        self.end_at -= timedelta(days=suspension.days)
        self._record(events.SuspensionDeleted(ids.new_id(), at, self.number, suspension.id))

    def _editable(self, suspension_id: UUID, employer: Employer) -> Suspension:
        self._ensure_not_cancelled()
        suspension = next((s for s in self.suspensions if s.id == suspension_id), None)
        if suspension is None:
            raise SuspensionNotFound("Cette suspension n'existe pas pour ce PASS IAE.")
        if suspension.company_id != employer.company_id:
            raise Forbidden("Seule la structure qui a créé une suspension la modifie.")
        return suspension
