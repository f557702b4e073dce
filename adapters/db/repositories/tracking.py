from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from adapters.db.conflicts import conflict_from

E = TypeVar("E")
R = TypeVar("R", bound=SQLModel)


class TrackingRepository(ABC, Generic[E, R]):
    """Base of the SQL repositories: remembers every entity it handed out,
    with its row, and writes the entities' state back into the rows before
    the unit of work flushes. Loading one row twice gives the same entity,
    so two copies never overwrite each other."""

    row_type: ClassVar[type[SQLModel]]

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._seen: dict[tuple[Any, ...], tuple[E, R]] = {}

    @abstractmethod
    def _to_domain(self, row: R) -> E:
        """The entity a row holds."""

    @abstractmethod
    def _columns(self, entity: E) -> dict[str, Any]:
        """The column values that store an entity."""

    def _track(self, row: R | None) -> E | None:
        if row is None:
            return None
        key = _primary_key(row)
        if key not in self._seen:
            self._seen[key] = (self._to_domain(row), row)
        return self._seen[key][0]

    def _track_all(self, rows: Any) -> list[E]:
        return [entity for row in rows if (entity := self._track(row)) is not None]

    async def _insert(self, entity: E) -> None:
        await self._insert_all([entity])

    async def _insert_all(self, entities: Sequence[E]) -> None:
        for entity in entities:
            row: R = self.row_type(**self._columns(entity))  # type: ignore[assignment]
            self._session.add(row)
            self._seen[_primary_key(row)] = (entity, row)
        # Flushed at once: without ORM relationships SQLAlchemy does not order
        # inserts by foreign key, and a duplicate is best reported where it happens.
        try:
            await self._session.flush()
        except IntegrityError as error:
            raise conflict_from(error) from error

    async def _delete(self, row: R) -> None:
        self._seen.pop(_primary_key(row), None)
        await self._session.delete(row)

    def sync(self) -> None:
        for entity, row in self._seen.values():
            for name, value in self._columns(entity).items():
                if getattr(row, name) != value:
                    setattr(row, name, value)


def _primary_key(row: SQLModel) -> tuple[Any, ...]:
    table = row.__table__  # type: ignore[attr-defined]
    return (table.name, *(getattr(row, column.key) for column in table.primary_key.columns))
