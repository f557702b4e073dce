"""In-memory fake of the exits repository."""

import uuid

from domain.exits.exits import Exit, ExitAlreadyRecorded


class FakeExits:
    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Exit] = {}

    async def get(self, candidature_id: uuid.UUID) -> Exit | None:
        return self.rows.get(candidature_id)

    async def get_for_update(self, candidature_id: uuid.UUID) -> Exit | None:
        return self.rows.get(candidature_id)

    async def add(self, exit: Exit) -> None:
        if exit.candidature_id in self.rows:
            raise ExitAlreadyRecorded("La sortie de cette embauche est déjà enregistrée.")
        self.rows[exit.candidature_id] = exit
