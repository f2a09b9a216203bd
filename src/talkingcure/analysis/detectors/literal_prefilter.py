"""An exact pre-check for the rule regexes: the literal words without which a pattern cannot match.

Most rule patterns need one of a few words ("kill", "overdose", "myself"); a substring test
for those words on the case-folded text is far cheaper than running the regex, and a text
without any of them is skipped. The check never drops a match: it only reads literal runs that
every match must contain (inside groups, alternations whose every branch has one, and repeats
of at least once), keeps only ASCII runs (whose case-insensitive matches the case-folded
comparison, with the Turkish i's folded too, covers exactly: tests/analysis/
test_literal_prefilter.py checks every code point), and gives up (runs the regex) on anything
it does not understand.

It reads the pattern with ``re._parser``, the parser the standard library compiles with; if that
private module changes, every pattern simply goes unfiltered.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_p: Any
_c: Any
try:  # Python 3.11+: the parser the re module itself uses
    _p = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - another Python: run every regex
    _p = _c = None

# A run shorter than this is not worth testing for.
MIN_LITERAL = 3

_REQUIRED: dict[re.Pattern[str], frozenset[str] | None] = {}

# re's case-insensitive matching also lets the Turkish dotted and dotless i match "i", which
# str.casefold() keeps apart.
_TURKISH_I = str.maketrans({"\u0130": "i", "\u0131": "i"})


def fold(text: str) -> str:
    """``text`` as :func:`might_match` wants it: case-folded, with both Turkish i's as "i"."""
    return text.translate(_TURKISH_I).casefold()


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Case-folded strings of which every match of ``pattern`` contains at least one, or None
    when no such set (of strings at least ``MIN_LITERAL`` long) can be read off the pattern."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # any failure means: do not filter
        return None
    found = _sequence(list(parsed))
    if not found or min(len(s) for s in found) < MIN_LITERAL:
        return None
    return frozenset(s.casefold() for s in found)


def might_match(pattern: re.Pattern[str], folded: str) -> bool:
    """False only when ``pattern`` certainly has no match in the text whose :func:`fold` is
    ``folded``."""
    if pattern not in _REQUIRED:
        _REQUIRED[pattern] = required_literals(pattern)
    needed = _REQUIRED[pattern]
    return needed is None or any(word in folded for word in needed)


def seen_patterns() -> list[re.Pattern[str]]:
    """The patterns :func:`might_match` has been asked about in this process."""
    return list(_REQUIRED)


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The most selective requirement among the elements of a sequence."""
    options: list[set[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        _add_run(run, options)
        needed = _element(op, arg)
        if needed:
            options.append(needed)
    _add_run(run, options)
    return max(options, key=_selectivity) if options else None


def _element(op: Any, arg: Any) -> set[str] | None:
    if op is _c.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is _c.ATOMIC_GROUP:
        return _sequence(list(arg))
    if op is _c.BRANCH:
        return _branch(arg[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and arg[0] >= 1:
        return _sequence(list(arg[2]))
    return None


def _branch(alternatives: list[Any]) -> set[str] | None:
    union: set[str] = set()
    for alternative in alternatives:
        needed = _sequence(list(alternative))
        if not needed:
            return None
        union |= needed
    return union


def _add_run(run: list[str], options: list[set[str]]) -> None:
    text = "".join(run)
    run.clear()
    if text and text.isascii():
        options.append({text})


def _selectivity(option: set[str]) -> tuple[bool, int, int]:
    """Prefer strings long enough to be worth testing, then fewer of them, then longer ones."""
    shortest = min(len(s) for s in option)
    return (shortest >= MIN_LITERAL, -len(option), shortest)
