"""The literal pre-check in front of the rule regexes must never hide a match: it may only skip
texts in which the regex certainly finds nothing."""

from __future__ import annotations

import json
import re
import string
import sys
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from talkingcure.analysis.detectors.literal_prefilter import (
    fold,
    might_match,
    required_literals,
    seen_patterns,
)
from talkingcure.analysis.pipeline import default_engine
from talkingcure.analysis.readers import read_transcript

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "src" / "talkingcure" / "analysis" / "gold"


@cache
def shipped_patterns() -> tuple[re.Pattern[str], ...]:
    """Every regex the default engine scans with (registered as it runs one analysis)."""
    default_engine().analyze(read_transcript(ROOT / "examples" / "session_morgan.txt"))
    patterns = tuple(seen_patterns())
    assert len(patterns) > 500, "the engine's rule files should give hundreds of patterns"
    return patterns


@cache
def corpus() -> tuple[str, ...]:
    """Every synthetic gold-set statement and context turn, and the example transcripts' turns."""
    texts: list[str] = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts.append(str(record.get("text", "")))
            texts += [str(turn[1]) for turn in record.get("context", [])]
    for example in ("session_morgan.txt", "session_jo.json", "session_sam.vtt"):
        texts += [turn.text for turn in read_transcript(ROOT / "examples" / example).turns]
    return tuple(t for t in texts if t)


def test_most_shipped_patterns_get_a_literal_check() -> None:
    patterns = shipped_patterns()
    checked = [p for p in patterns if required_literals(p) is not None]
    assert len(checked) / len(patterns) > 0.9


def test_no_shipped_pattern_loses_a_match_on_the_gold_sets_and_examples() -> None:
    texts = [(text, fold(text)) for text in corpus()]
    assert len(texts) > 1000
    lost = [
        (pattern.pattern, text)
        for pattern in shipped_patterns()
        for text, folded in texts
        if not might_match(pattern, folded) and pattern.search(text)
    ]
    assert lost == []


@cache
def vocabulary() -> tuple[str, ...]:
    words = {w for p in shipped_patterns() for w in required_literals(p) or ()}
    # Characters re.IGNORECASE matches to ASCII letters: both Turkish i's, Kelvin, long s.
    odd = ("\u0130", "\u0131", "\u212a", "\u017f")
    return (*sorted(words), *odd, "I", "MYSELF", "Kill", "don't", "\n")


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_no_shipped_pattern_loses_a_match_on_generated_text(data: st.DataObject) -> None:
    pieces = data.draw(
        st.lists(st.sampled_from(vocabulary()) | st.text(max_size=6), min_size=1, max_size=12)
    )
    separators = data.draw(st.lists(st.sampled_from([" ", "", ", ", "'", "-"]), min_size=12))
    text = "".join(p + s for p, s in zip(pieces, separators, strict=False))
    if data.draw(st.booleans()):
        text = text.upper()
    folded = fold(text)
    for pattern in shipped_patterns():
        if not might_match(pattern, folded):
            assert pattern.search(text) is None, (pattern.pattern, text)


def test_case_insensitive_ascii_matches_agree_with_folding_for_every_code_point() -> None:
    """re.IGNORECASE lets some non-ASCII characters match ASCII letters (the Kelvin sign "K",
    the long s, both Turkish i's): fold() must map each of them onto that letter."""
    any_ascii = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    disagreements = [
        (hex(code), letter)
        for code in range(sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and any_ascii.fullmatch(chr(code))
        for letter in string.printable
        if re.fullmatch(re.escape(letter), chr(code), re.IGNORECASE)
        and fold(chr(code)) != fold(letter)
    ]
    assert disagreements == []


def test_required_literals_reads_groups_alternations_and_repeats() -> None:
    def needed(pattern: str) -> set[str] | None:
        found = required_literals(re.compile(pattern, re.IGNORECASE))
        return set(found) if found is not None else None

    assert needed(r"\bkill(?:ed|ing)? my ?self\b") in ({"kill"}, {"self"})
    assert needed(r"\b(?:Overdose|pills)\b") == {"overdose", "pills"}
    assert needed(r"(?:wanting )+to die") in ({"wanting "}, {"to die"})
    # An optional group, a branch without a literal, or only short runs give no check.
    assert needed(r"(?:overdose)?\w+") is None
    assert needed(r"(?:overdose|\d+)") is None
    assert needed(r"\bod\b") is None


def test_might_match_skips_only_texts_without_the_words() -> None:
    pattern = re.compile(r"\bend (?:it|things) all\b", re.IGNORECASE)
    assert not might_match(pattern, fold("It was a long week at work."))
    assert might_match(pattern, fold("Some days I just want to END IT ALL."))
    assert might_match(pattern, fold("the end of it all"))  # has the words: the regex decides
