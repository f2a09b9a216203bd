"""Is this English we can analyse? A cheap check whose reasons can be read back to the user.

Three measures over the words of all turns (non-verbal notes removed):
- ``latin_share``: letters in the Latin script, of all letters (other scripts: not English);
- ``word_share``: whitespace tokens that are words (letters, apostrophes, hyphens) once
  punctuation is stripped, of all tokens (low: garbled, e.g. failed speech recognition);
- ``english_share``: words that are English function words (spaCy's English stop-word list),
  of all words. Ordinary English talk sits around 0.45-0.75; other languages written in the Latin
  script and word salad from failed recognition fall well below ``MIN_ENGLISH_SHARE``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from talkingcure.analysis.readers.errors import GarbledTextError, NotEnglishError

MIN_WORDS = 12  # below this the shares say too little; only the script is checked
MIN_LATIN_SHARE = 0.8
MIN_WORD_SHARE = 0.6
MIN_ENGLISH_SHARE = 0.30
SAMPLE_CHARS = 500_000  # the check reads at most this much of a long transcript
_WORD = re.compile(r"^[^\W\d_]+(?:['\u2019-][^\W\d_]+)*$")
_STRIP = "\"'\u201c\u201d\u2018\u2019.,;:!?()[]{}\u2026-\u2013\u2014*"


@dataclass(frozen=True)
class LanguageCheck:
    tokens: int
    words: int
    latin_share: float
    word_share: float
    english_share: float

    def describe(self) -> str:
        return (
            f"{self.words} words in {self.tokens} tokens; Latin script {self.latin_share:.0%}, "
            f"word-like tokens {self.word_share:.0%}, common English words {self.english_share:.0%}"
        )


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"yeah", "okay", "ok", "um", "uh", "mm", "hmm", "i'm"}


_ENGLISH: frozenset[str] | None = None


def english_words() -> frozenset[str]:
    global _ENGLISH
    if _ENGLISH is None:
        _ENGLISH = _stop_words()
    return _ENGLISH


def measure(text: str) -> LanguageCheck:
    tokens = [t.strip(_STRIP) for t in text.split()]
    tokens = [t for t in tokens if t]
    words = [t.lower().replace("\u2019", "'") for t in tokens if _WORD.match(t)]
    letters = [c for c in text if c.isalpha()]
    latin = sum(1 for c in letters if _is_latin(c))
    english = english_words()
    return LanguageCheck(
        tokens=len(tokens),
        words=len(words),
        latin_share=latin / len(letters) if letters else 0.0,
        word_share=len(words) / len(tokens) if tokens else 0.0,
        english_share=sum(1 for w in words if w in english) / len(words) if words else 0.0,
    )


def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def check_english(text: str, *, file: str = "<memory>") -> LanguageCheck:
    """Raise ``NotEnglishError`` / ``GarbledTextError`` unless ``text`` reads as English."""
    result = measure(text[:SAMPLE_CHARS])
    if result.tokens and result.latin_share < MIN_LATIN_SHARE:
        raise NotEnglishError(
            "is not in English (most letters are not in the Latin script); "
            f"talkingcure analyses English transcripts only ({result.describe()})",
            file=file,
        )
    if result.tokens < MIN_WORDS:
        return result
    if result.word_share < MIN_WORD_SHARE:
        raise GarbledTextError(
            "is too garbled to analyse (too few tokens are words; failed speech recognition?); "
            f"refused rather than analysed into empty findings ({result.describe()})",
            file=file,
        )
    if result.english_share < MIN_ENGLISH_SHARE:
        raise NotEnglishError(
            "does not read as English: too few of its words are common English words, so it is "
            "in another language or garbled (failed speech recognition?); refused rather than "
            f"analysed into empty findings ({result.describe()})",
            file=file,
        )
    return result
