"""'Did you mean': the known name closest to a misspelt one, at a cost that does not grow with the repository.

Comparing a misspelling with every name of its kind made a large repository
quadratic (each misspelling against every name), and a first run on a real
repository is full of misspellings. Instead, per kind and per run:

1. **One edit away.** Each name is indexed under itself and under every
   string it gives with one character deleted; a misspelling is looked up
   the same way, so a name that differs by one insertion, deletion,
   substitution or swap of neighbours is found with a few dictionary lookups
   (the "symmetric delete" method). The most similar of those wins, by the
   share of characters outside the edit (the ratio difflib computes for such
   a pair, without its general search).
2. **Otherwise, a small pool.** The names that share the most three-letter
   pieces with the misspelling, found through its rarest pieces only (a piece
   that most names share tells nothing and would cost a pass over all of
   them), are compared with :mod:`difflib`; at most :data:`POOL` of them.

The cut-off is difflib's ratio of 0.6, which REF001 has always used, and ties
go to the name that sorts last, as :func:`difflib.get_close_matches` breaks
them. Each distinct misspelling is answered once per run.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher, get_close_matches

CUTOFF = 0.6
#: Names compared with difflib when no name is one edit away.
POOL = 16
#: Postings read per question, from the rarest pieces up.
_POSTINGS = 4096


def _deletes(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _trigrams(word: str) -> set[str]:
    padded = f" {word} "  # the first and last letters count too
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Names:
    """The names of one kind, indexed for :meth:`closest` on first use."""

    def __init__(self, names: Iterable[str]) -> None:
        # Names are compared without the kind prefix, which they all share.
        self._names = sorted(set(names))
        self._keys = [n.split(":", 1)[-1] for n in self._names]
        self._near: dict[str, list[int]] | None = None
        self._grams: dict[str, list[int]] | None = None
        self._answers: dict[str, tuple[str | None, Sequence[int]]] = {}
        self._unique: dict[tuple[str, float], str | None] = {}

    def __len__(self) -> int:
        return len(self._names)

    def closest(self, value: str) -> str | None:
        """The name most like ``value``, or None when none is similar enough."""
        return self._answer(value)[0]

    def unique(self, value: str, cutoff: float = 0.8) -> str | None:
        """The name most like ``value`` when it is at least ``cutoff`` alike and no other candidate is.

        A fix that rewrites a misspelt reference needs more than the best
        match: the "did you mean" must have exactly one candidate that alike.
        Its candidates are the names one edit away or, when none is, the pool
        (see the module's docstring), kept from :meth:`closest`: a few
        comparisons, where weighing every name would make a first run on a
        large repository quadratic again.
        """
        try:
            return self._unique[value, cutoff]
        except KeyError:
            pass
        found = self._unique[value, cutoff] = self._only(value, cutoff)
        return found

    def _only(self, value: str, cutoff: float) -> str | None:
        best, candidates = self._answer(value)
        if best is None:  # nothing even CUTOFF alike: nothing is more alike either
            return None
        key = value.split(":", 1)[-1]
        alike = []
        for i in dict.fromkeys(candidates):
            if _ratio(key, self._keys[i], cutoff) >= cutoff:
                alike.append(i)
                if len(alike) > 1:  # a second alike name settles it
                    return None
        return self._names[alike[0]] if len(alike) == 1 else None

    def _answer(self, value: str) -> tuple[str | None, Sequence[int]]:
        """The closest name and the candidates it was chosen from, worked out once per misspelling."""
        try:
            return self._answers[value]
        except KeyError:
            pass
        key = value.split(":", 1)[-1]
        candidates: Sequence[int] = self._one_edit(key)
        found = self._nearest(key, candidates)
        if found is None:
            candidates = self._pool(key)
            found = self._most_alike(key, candidates)
        self._answers[value] = answer = (found, candidates)
        return answer

    def _one_edit(self, key: str) -> list[int]:
        near = self._near
        if near is None:
            near = self._near = {}
            for i, name in enumerate(self._keys):
                for variant in _deletes(name):
                    near.setdefault(variant, []).append(i)
        found = list(near.get(key, ()))
        get = near.get
        for i in range(len(key)):
            hits = get(key[:i] + key[i + 1 :])
            if hits:
                found.extend(hits)
        return found

    def _pool(self, key: str) -> Sequence[int]:
        if len(self._names) <= POOL:
            return range(len(self._names))
        if self._grams is None:
            self._grams = {}
            for i, name in enumerate(self._keys):
                for gram in _trigrams(name):
                    self._grams.setdefault(gram, []).append(i)
        postings = sorted((self._grams[g] for g in _trigrams(key) if g in self._grams), key=len)
        shared: dict[int, int] = {}
        budget = _POSTINGS
        for posting in postings:
            if len(posting) > budget:
                break
            budget -= len(posting)
            for i in posting:
                shared[i] = shared.get(i, 0) + 1
        return heapq.nsmallest(POOL, shared, key=lambda i: (-shared[i], i))

    def _nearest(self, key: str, candidates: Iterable[int]) -> str | None:
        best: tuple[float, str, int] | None = None
        for i in candidates:
            score = _outside_edit(key, self._keys[i])
            if score >= CUTOFF and (best is None or (score, self._keys[i]) > best[:2]):
                best = (score, self._keys[i], i)
        return self._names[best[2]] if best is not None else None

    def _most_alike(self, key: str, candidates: Sequence[int]) -> str | None:
        keys = [self._keys[i] for i in candidates]
        # get_close_matches applies difflib's cheap upper bounds before the full ratio.
        best = get_close_matches(key, keys, n=1, cutoff=CUTOFF)
        return self._names[candidates[keys.index(best[0])]] if best else None


def _ratio(key: str, name: str, cutoff: float) -> float:
    """difflib's ratio of ``key`` and ``name``, or 0 when it is surely below ``cutoff``.

    Names one insertion, deletion or substitution apart are measured by their
    common ends (:func:`_outside_edit`), which is exactly difflib's ratio for
    them; the others get difflib's two upper bounds first, as
    get_close_matches does, then the ratio.
    """
    if abs(len(key) - len(name)) <= 1 and _common_ends(key, name) >= max(len(key), len(name)) - 1:
        return _outside_edit(key, name)
    matcher = SequenceMatcher(None, key, name)
    if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
        return 0.0
    return matcher.ratio()


def _common_ends(a: str, b: str) -> int:
    """The characters ``a`` and ``b`` share at their start and, after that, at their end."""
    n = min(len(a), len(b))
    before = 0
    while before < n and a[before] == b[before]:
        before += 1
    after = 0
    while after < n - before and a[-1 - after] == b[-1 - after]:
        after += 1
    return before + after


def _outside_edit(a: str, b: str) -> float:
    """difflib's ratio for strings one edit apart: twice the characters around the edit, over both lengths."""
    return 2 * _common_ends(a, b) / (len(a) + len(b)) if a or b else 1.0
