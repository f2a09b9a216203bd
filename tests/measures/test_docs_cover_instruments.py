"""docs/measures.md describes every shipped instrument by id."""

from __future__ import annotations

from pathlib import Path

from talkingcure.measures import all_instruments

DOC = Path(__file__).resolve().parents[2] / "docs" / "measures.md"


def test_every_instrument_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [key for key in all_instruments() if f"`{key}`" not in text]
    assert missing == []
