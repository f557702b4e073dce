from collections.abc import Iterable

from domain.referentials.criteria import AdministrativeCriterion


class InMemoryCriteriaReferential:
    def __init__(self, criteria: Iterable[AdministrativeCriterion]) -> None:
        self._all = sorted(criteria, key=lambda criterion: criterion.level)  # stable: file order within a level
        self._by_code = {criterion.code: criterion for criterion in self._all}

    def all(self) -> list[AdministrativeCriterion]:
        return list(self._all)

    def get(self, code: str) -> AdministrativeCriterion | None:
        return self._by_code.get(code)
