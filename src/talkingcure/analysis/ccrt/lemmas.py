"""Lemma sequences of spaCy tokens and matching of lexicon phrases against them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

NEGATIONS = frozenset({"not", "n't", "never", "no"})
MAX_GAP = 2  # words allowed between two words of a phrase


def norm(token: Any) -> str:
    """Lower-case lemma, with every negation as ``not`` and "I" as ``i``."""
    lemma = str(token.lemma_).lower()
    if lemma in NEGATIONS or token.lower_ in NEGATIONS:
        return "not"
    if lemma == "-pron-":
        return str(token.lower_)
    return lemma


def find_phrase(tokens: Sequence[Any], phrase: tuple[str, ...], start: int) -> list[int] | None:
    """Positions in ``tokens`` of ``phrase`` beginning exactly at ``start``, allowing gaps."""
    if not phrase or start >= len(tokens) or not _same(tokens[start], phrase[0]):
        return None
    positions = [start]
    cursor = start
    for word in phrase[1:]:
        found = None
        for j in range(cursor + 1, min(len(tokens), cursor + 2 + MAX_GAP)):
            if _same(tokens[j], word):
                found = j
                break
        if found is None:
            return None
        positions.append(found)
        cursor = found
    return positions


def _same(token: Any, word: str) -> bool:
    return norm(token) == word or str(token.lower_) == word


def has_phrase(tokens: Sequence[Any], phrases: Sequence[tuple[str, ...]]) -> bool:
    return any(
        find_phrase(tokens, phrase, i) is not None for phrase in phrases for i in range(len(tokens))
    )
