"""A hire whose start changes, and its PASS IAE: one that the hire issued and
that has not started yet starts with it; any other keeps its dates, which
must cover the new start. A part of the ``Approval`` aggregate (mixed into it)."""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from domain.approvals import events
from domain.approvals.hires import ApprovalHire
from domain.approvals.prolongations import Prolongation
from domain.approvals.suspensions import Suspension
from domain.errors import Conflict, NotFound

if TYPE_CHECKING:
    from domain.ports.system import IdGenerator


class HireOutsideApproval(Conflict):
    code = "hiring-outside-approval"
    title = "Embauche hors de la validité du PASS IAE"


class SuspensionBlocksMove(Conflict):
    code = "hiring-move-blocked-by-suspension"
    title = "Suspension hors de la nouvelle validité du PASS IAE"


class HireDates:
    __slots__ = ()
    if TYPE_CHECKING:
        number: str
        start_at: date
        end_at: date
        issued_by_candidature_id: UUID
        hires: list[ApprovalHire]
        suspensions: list[Suspension]
        prolongations: list[Prolongation]
        version: int

        def _record(self, event: object) -> None: ...
        def _ensure_not_cancelled(self) -> None: ...

    def move_hire(
        self, *, ids: "IdGenerator", candidature_id: UUID, hiring_start: date, today: date, at: datetime
    ) -> bool:
        """The hire of ``candidature_id`` now starts on ``hiring_start``; True
        when the PASS IAE moved with it.

        - It moves when this hire issued it, it has not started (``today`` is
          before its start) and no other hire uses it: it starts on the new
          day and its end and prolongations move by as many days, so that its
          length (730 days, suspended and prolonged days) is kept; each of its
          suspensions must still start within it (409).
        - Otherwise its dates stay: the new start may not come after its end,
          nor, for the hire that issued it, before its start (409).
        """
        self._ensure_not_cancelled()
        hire = next((h for h in self.hires if h.is_active and h.candidature_id == candidature_id), None)
        if hire is None:
            raise NotFound("Aucune embauche de cette candidature n'utilise ce PASS IAE.")
        issued_here = candidature_id == self.issued_by_candidature_id
        shared = any(h.is_active and h is not hire for h in self.hires)
        movable = issued_here and today < self.start_at and not shared
        if movable:
            self._shift(hiring_start - self.start_at)
        else:
            self._ensure_covers(hiring_start, issued_here=issued_here)
        hire.hiring_start = hiring_start
        if movable:
            self._record(
                events.ApprovalMoved(ids.new_id(), at, self.number, candidature_id, self.start_at, self.end_at)
            )
        else:
            self.version += 1
        return movable

    def _shift(self, delta: timedelta) -> None:
        start_at, end_at = self.start_at + delta, self.end_at + delta
        if any(not start_at <= s.start_at <= end_at for s in self.suspensions):
            raise SuspensionBlocksMove(
                "Une suspension de ce PASS IAE commencerait hors de sa nouvelle validité "
                f"({start_at:%d/%m/%Y} – {end_at:%d/%m/%Y}) : modifiez-la ou supprimez-la d'abord."
            )
        self.start_at, self.end_at = start_at, end_at
        for prolongation in self.prolongations:
            prolongation.start_at += delta
            prolongation.end_at += delta

    def _ensure_covers(self, day: date, *, issued_here: bool) -> None:
        if day > self.end_at or (issued_here and day < self.start_at):
            raise HireOutsideApproval(
                "Le PASS IAE de cette embauche garde ses dates (il a commencé, ou une autre embauche l'a délivré ou "
                f"l'utilise) : le contrat commence entre le {self.start_at:%d/%m/%Y} et le {self.end_at:%d/%m/%Y}."
            )
