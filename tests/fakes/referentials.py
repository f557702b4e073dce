"""In-memory fake of the communes referential."""

from domain.referentials.communes import Commune


class FakeCommunes:
    """The few communes a unit test names."""

    def __init__(self, *communes: Commune) -> None:
        self._by_code = {commune.insee_code: commune for commune in communes}

    def get(self, insee_code: str) -> Commune | None:
        return self._by_code.get(insee_code)

    def search(self, query: str, limit: int) -> list[Commune]:
        found = [c for c in self._by_code.values() if c.name.lower().startswith(query.lower())]
        return sorted(found, key=lambda c: -c.population)[:limit]
