"""ROME appellations in memory: lookup by code, word-prefix search over the titles."""

import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping

from adapters.referentials.folding import fold, words
from domain.referentials.rome import Appellation

_END = "\uffff"  # sorts after every folded word, so [word, word + _END) is a prefix range


class InMemoryRomeReferential:
    def __init__(self, appellations: Iterable[Appellation], rome_names: Mapping[str, str]) -> None:
        self._appellations = list(appellations)
        self._by_code = {appellation.code: appellation for appellation in self._appellations}
        self._rome_names = dict(rome_names)
        self._titles = [fold(appellation.name) for appellation in self._appellations]
        self._words = [tuple(title.split(" ")) for title in self._titles]
        holders: dict[str, set[int]] = defaultdict(set)
        for index, title_words in enumerate(self._words):
            for word in title_words:
                holders[word].add(index)
        self._vocabulary = sorted(holders)
        self._holders = [frozenset(holders[word]) for word in self._vocabulary]

    def appellation(self, code: str) -> Appellation | None:
        return self._by_code.get(code)

    def rome_name(self, rome_code: str) -> str | None:
        return self._rome_names.get(rome_code)

    def search_appellations(self, query: str, limit: int) -> list[Appellation]:
        tokens = list(dict.fromkeys(words(query)))
        if not tokens:
            return []
        candidates: set[int] | None = None
        for token in sorted(tokens, key=len, reverse=True):  # the most selective first
            candidates = self._having_word_starting_with(token, within=candidates)
            if not candidates:
                return []
        assert candidates is not None
        # Titles that start with the first word typed are what people expect on top;
        # when there are enough of them, the others need not be ranked at all.
        leading = {index for index in candidates if self._words[index][0].startswith(tokens[0])}
        pool = leading if len(leading) >= limit else candidates
        whole = fold(query)

        def rank(index: int) -> tuple[bool, bool, int, int, str]:
            title_words = self._words[index]
            position = sum(next(i for i, word in enumerate(title_words) if word.startswith(t)) for t in tokens)
            title = self._titles[index]
            return (title != whole, index not in leading, position, len(title), title)

        return [self._appellations[index] for index in heapq.nsmallest(limit, pool, key=rank)]

    def _having_word_starting_with(self, prefix: str, *, within: set[int] | None) -> set[int]:
        start = bisect_left(self._vocabulary, prefix)
        stop = bisect_left(self._vocabulary, prefix + _END, lo=start)
        found: set[int] = set()
        for holders in self._holders[start:stop]:
            found.update(holders if within is None else holders & within)
        return found
