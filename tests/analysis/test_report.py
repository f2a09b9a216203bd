"""Markdown and HTML reports: escaped, self-contained, risk first, candidates marked."""

from __future__ import annotations

import re
from typing import Any

from talkingcure.analysis.findings import Evidence, Finding
from talkingcure.analysis.pipeline import SessionAnalysis, not_detected
from talkingcure.analysis.report import CANDIDATE, render_html, render_markdown
from talkingcure.analysis.state import AnalysisState
from talkingcure.analysis.transcript import Transcript, Turn
from tests.analysis.pipeline_fakes import LabelByKeyword

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def analysis_dict() -> dict[str, Any]:
    turns = (
        Turn(0, "Therapist", "therapist", "How did you feel when she left?", 0.0, 5.0),
        Turn(1, "Client", "client", f"I wish I could just not wake up. {HOSTILE}", 5.0, 20.0),
        Turn(2, "Therapist", "therapist", "That sounds like despair.", 20.0, 25.0),
    )
    state = AnalysisState(transcript=Transcript(turns=turns, source="s<1>.txt"))
    state.add_label(0, "question", 0.97)
    state.add_label(1, "risk.suicide", 0.9, [state.evidence_span(1, 0, 32)])
    state.add_label(2, "reflection.feeling", 0.7)
    state.add_finding(
        Finding("risk", (1,), 0.9, "talkingcure.risk.v1", (state.evidence_span(1, 0, 32),),
                "passive wish to be dead")
    )  # fmt: skip
    state.add_finding(
        Finding("catharsis", (1, 2), 0.6, "talkingcure.catharsis.v1",
                (Evidence(1, 33, 33 + len(HOSTILE), HOSTILE),), "rising intensity")
    )  # fmt: skip
    state.candidates.update({"catharsis", "reflection.feeling"})
    state.ran["test.keywords.v1"] = "9.9.9"
    state.summary["speakers"] = {
        "Therapist": {"role": "therapist", "turns": 2, "words": 10, "seconds": 10.0,
                      "share_words": 0.5, "share_time": 0.4},
    }  # fmt: skip
    missing = not_detected(state, [LabelByKeyword()])
    return SessionAnalysis(state=state, config_hash="abc", not_detected=missing).to_dict()


def test_html_escapes_transcript_text() -> None:
    page = render_html(analysis_dict())
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "s&lt;1&gt;.txt" in page


def test_html_is_self_contained() -> None:
    page = render_html(analysis_dict())
    assert not re.search(r"https?://", page)
    assert not re.search(r"<(link|script|img|iframe)\b", page)
    assert "<style>" in page


def test_findings_link_to_turn_anchors() -> None:
    page = render_html(analysis_dict())
    assert 'id="turn-1"' in page and 'href="#turn-1"' in page
    md = render_markdown(analysis_dict())
    assert '<a id="turn-1"></a>' in md and "(#turn-1)" in md


def test_risk_comes_first_and_candidates_are_marked() -> None:
    for text in (render_html(analysis_dict()), render_markdown(analysis_dict())):
        assert text.index("Risk") < text.index("Summary") < text.index("Findings")
        assert text.index("passive wish to be dead") < text.index("rising intensity")
        assert CANDIDATE in text


def test_not_detected_statements_are_listed() -> None:
    for text in (render_html(analysis_dict()), render_markdown(analysis_dict())):
        assert "not detected by test.keywords.v1 (9.9.9)" in text


def test_markdown_escapes_html_and_markup() -> None:
    md = render_markdown(analysis_dict())
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "<img" not in md
