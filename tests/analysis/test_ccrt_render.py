"""Treatment patterns rendered as JSON, Markdown and self-contained HTML."""

from __future__ import annotations

import json
import re

from talkingcure.analysis.ccrt.render import theme_sentences, to_html, to_json, to_markdown
from talkingcure.analysis.ccrt.treatment import patterns
from tests.analysis.ccrt_treatment_cases import treatment

CANDIDATE = "candidate — for the clinician to confirm or reject"


def test_html_first_screen_and_links() -> None:
    page = to_html(patterns(treatment()))
    first = page[: page.index("People over time")]
    assert CANDIDATE in first
    assert "The client wishes to be loved and understood (W6), in 2 of 4 episodes (50%)" in first
    assert "<h2>By person</h2>" in first and "<h2>Transference pattern</h2>" in first
    assert "<svg" in first and "<polyline" in first
    for target in set(re.findall(r'href="#([^"]+)"', page)):
        assert f'id="{target}"' in page
    assert "she walked out" in page


def test_html_is_self_contained() -> None:
    page = to_html(patterns(treatment()))
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    assert "<script" not in page and "<link" not in page


def test_html_escapes_quotes() -> None:
    sessions = treatment()
    evidence = sessions[0]["relationship_episodes"][0]["components"][1]["evidence"]
    evidence["quote"] = "<b>she</b> ignored me"
    page = to_html(patterns(sessions))
    assert "<b>she</b>" not in page and "&lt;b&gt;she&lt;/b&gt;" in page


def test_markdown_has_theme_table_transference_and_quotes() -> None:
    text = to_markdown(patterns(treatment()))
    assert CANDIDATE in text
    assert "## By person" in text and "| mother | 2 |" in text
    assert "with the therapist in 1 episode(s)" in text
    assert '<a id="q-RO5"></a>' in text and "(#q-RO5)" in text


def test_json_round_trips() -> None:
    data = json.loads(to_json(patterns(treatment())))
    assert data["schema"] == "talkingcure.patterns/1"
    assert data["candidate"] is True
    assert len(data["change"]) == 3


def test_a_tie_for_the_core_theme_is_said() -> None:
    sentences = {kind: text for kind, _, text in theme_sentences(patterns(treatment()))}
    assert "tied with" not in sentences["RO"]  # RO5 leads alone
    assert "tied with RS5, RS7" in sentences["RS"]  # RS2, RS5, RS7 once each


def test_recurring_themes_are_rendered_after_the_first_screen() -> None:
    page = to_html(patterns(treatment()))
    assert page.index("People over time") < page.index("Recurring themes")
    assert "Recurring themes" in to_markdown(patterns(treatment()))
