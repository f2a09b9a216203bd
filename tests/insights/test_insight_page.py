"""The session insight page: evidence highlighted at its spans, risk first, filters, summary."""
# ruff: noqa: F811  (fixtures come from transcript_fixtures by name)

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from talkingcure.audit.models import AuditEntry
from talkingcure.clients.models import BreakGlassGrant
from talkingcure.insights.findings import finding_key, keyed_findings
from talkingcure.insights.insight_page import Mark, Span, build_page, split_segments
from talkingcure.insights.models import Analysis
from talkingcure.insights.service import delete_transcript, run_analysis, strip_result
from talkingcure.insights.templatetags.insight_tags import evidence_html
from talkingcure.scheduling.models import Appointment

from .transcript_fixtures import held, make_transcript, transcript_url  # noqa: F401

TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("<>&\"' \n"),
    max_size=40,
)


class _Marks(HTMLParser):
    """Reads rendered evidence back: the text, tag nesting, and the text inside each id'd mark."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.stack: list[str | None] = []
        self.inside: dict[str, str] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag == "mark"
        anchor = dict(attrs).get("id")
        if anchor:
            self.ids.append(anchor)
            self.inside[anchor] = ""
        self.stack.append(anchor)

    def handle_endtag(self, tag: str) -> None:
        assert tag == "mark" and self.stack, "a closing tag without its opening one"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text += data
        for anchor in self.stack:
            if anchor:
                self.inside[anchor] += data


def _spans(data: st.DataObject, text: str) -> list[Span]:
    count = data.draw(st.integers(0, 6))
    spans = []
    for i in range(count):
        start = data.draw(st.integers(-2, len(text) + 2))
        end = data.draw(st.integers(-2, len(text) + 2))
        group = data.draw(st.sampled_from(["risk", "emotions", "triggers"]))
        spans.append(Span(start, end, Mark(f"ev-k{i}-0", group)))
    return spans


def _crosses(a: Span, b: Span) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


@given(text=TEXT, data=st.data())
def test_segments_give_back_the_text_and_cover_exactly_their_spans(
    text: str, data: st.DataObject
) -> None:
    spans = _spans(data, text)
    segments = split_segments(text, spans)
    assert "".join(s.text for s in segments) == text
    assert all(s.text for s in segments)  # no empty segment
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    offset = 0
    for segment in segments:
        covering = {
            s.mark for s in valid if s.start <= offset and offset + len(segment.text) <= s.end
        }
        assert set(segment.marks) == covering
        offset += len(segment.text)


@given(text=TEXT, data=st.data())
def test_rendered_marks_nest_keep_the_text_and_hold_each_quote(
    text: str, data: st.DataObject
) -> None:
    spans = _spans(data, text)
    parser = _Marks()
    parser.feed(str(evidence_html(split_segments(text, spans))))
    parser.close()
    assert parser.text == text and parser.stack == []
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    assert sorted(parser.ids) == sorted({s.mark.anchor for s in valid})
    for span in valid:
        if not any(_crosses(span, other) for other in valid):
            assert parser.inside[span.mark.anchor] == text[span.start : span.end]


def test_a_contained_span_nests_and_crossing_spans_split() -> None:
    text = "better off without me"
    outer, inner = Mark("ev-a-0", "risk"), Mark("ev-b-0", "risk")
    nested = evidence_html(split_segments(text, [Span(0, 21, outer), Span(0, 10, inner)]))
    assert nested == (
        '<mark id="ev-a-0" class="evidence group-risk">'
        '<mark id="ev-b-0" class="evidence group-risk">better off</mark> without me</mark>'
    )
    left, right = Mark("ev-l-0", "emotions"), Mark("ev-r-0", "risk")
    crossed = evidence_html(split_segments("abcdef", [Span(0, 4, left), Span(2, 6, right)]))
    assert crossed == (
        '<mark id="ev-l-0" class="evidence group-emotions">ab'
        '<mark id="ev-r-0" class="evidence group-risk">cd</mark></mark>'
        '<mark class="evidence group-risk">ef</mark>'
    )


RESULT: dict[str, Any] = {  # synthetic, hand-built in the engine's output shape
    "turns": [
        {
            "index": 0,
            "speaker": "T",
            "role": "therapist",
            "text": "How was the week?",
            "labels": {"question.open": 0.9},
        },
        {
            "index": 1,
            "speaker": "C",
            "role": "client",
            "text": "I felt so alone, I cried.",
            "labels": {"emotion.sadness": 0.8, "catharsis": 0.7, "risk.self_harm": 0.4},
            "emotions": {"sadness": 0.8, "joy": 0.1},
        },
    ],
    "findings": [
        {
            "kind": "catharsis",
            "turns": [1],
            "score": 0.7,
            "detector": "talkingcure.catharsis.v1",
            "candidate": True,
            "evidence": [{"turn": 1, "start": 17, "end": 24, "quote": "I cried"}],
        },
        {
            "kind": "risk",
            "turns": [1],
            "score": 0.4,
            "detector": "talkingcure.risk.v1",
            "evidence": [{"turn": 1, "start": 10, "end": 15, "quote": "alone"}],
        },
    ],
    "candidate_labels": ["catharsis"],
    "summary": {
        "speakers": {"T": {"role": "therapist", "share_words": 0.4, "share_time": 0.3}},
        "emotional_arc": {"fifths": [{"fifth": 1, "negative": 0.5, "positive": 0.25}]},
    },
}


def test_the_view_model_puts_risk_first_and_filters_everything_else() -> None:
    page = build_page(RESULT)
    assert [f.kind for f in page.risk] == ["risk"] and [f.kind for f in page.findings] == [
        "catharsis"
    ]
    assert page.findings[0].candidate and page.findings[0].evidence[0].href.startswith("#ev-")
    labels = {label.name for label in page.turns[1].labels}
    assert labels == {"emotion.sadness", "catharsis", "risk.self_harm"}
    assert page.turns[1].labels[0].name == "risk.self_harm"  # risk first
    filtered = build_page(RESULT, selected={"questions"})
    assert [f.kind for f in filtered.risk] == ["risk"] and filtered.findings == []
    assert {label.name for label in filtered.turns[1].labels} == {"risk.self_harm"}
    assert filtered.turns[1].emotions == [] and filtered.findings_hidden == 1
    marks = {m.anchor for s in filtered.turns[1].segments for m in s.marks}
    assert marks == {f"ev-{finding_key(RESULT['findings'][1])}-0"}


def test_after_deletion_the_view_model_keeps_numbers_and_no_words() -> None:
    page = build_page(strip_result(RESULT) or {})
    assert page.words_removed
    assert [t.index for t in page.turns] == [0, 1] and not page.turns[1].has_text
    assert page.turns[1].segments == []
    assert {label.score for label in page.turns[1].labels} == {0.8, 0.7, 0.4}
    evidence = page.risk[0].evidence[0]
    assert evidence.quote is None and evidence.href == "#turn-1" and evidence.start == 10


def _analysed(held: Appointment, personas: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    transcript = make_transcript(held, personas)
    run_analysis(transcript.analysis.pk)
    return transcript, Analysis.objects.get(transcript=transcript).result


@pytest.mark.django_db
def test_page_shows_labels_emotions_and_evidence_highlighted_at_its_span(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript, result = _analysed(held, personas)
    page = signed_in(personas["owner"]).get(transcript_url(transcript)).content.decode()
    findings = keyed_findings(result)
    for finding in findings:
        assert f'id="finding-{finding["key"]}"' in page
        assert finding["detector"] in page
    first = next(f for f in findings if f["evidence"])
    evidence = first["evidence"][0]
    anchor = f"ev-{first['key']}-0"
    assert f'href="#{anchor}"' in page
    tag = re.search(rf'<mark id="{anchor}" class="evidence group-{first["group"]}">', page)
    assert tag is not None
    assert page.count(f'id="{anchor}"') == 1
    turn_text = result["turns"][evidence["turn"]]["text"]
    assert turn_text[evidence["start"] : evidence["end"]] == evidence["quote"]
    for turn in result["turns"]:
        assert f'<li id="turn-{turn["index"]}"' in page
    labelled = next(t for t in result["turns"] if t["labels"])
    for name in labelled["labels"]:
        assert f">{name} <span" in page
    assert any(f["candidate"] for f in findings) and "candidate</span>" in page
    assert page.count('<li id="turn-') == len(result["turns"])


@pytest.mark.django_db
def test_risk_box_comes_first_and_no_filter_hides_it(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript, result = _analysed(held, personas)
    browser = signed_in(personas["owner"])
    risk = [f for f in keyed_findings(result) if f["group"] == "risk"]
    assert risk  # the synthetic session has risk language
    for query in ("", "?group=emotions", "?group=catharsis&group=insight"):
        page = browser.get(transcript_url(transcript) + query).content.decode()
        box = page.index('<section class="risk-box has-risk"')
        assert 'role="alert"' in page[box : box + 120]
        assert box < page.index('class="summary-panel"') < page.index('id="findings-heading"')
        assert page.index('id="findings-heading"') < page.index('id="transcript-heading"')
        for finding in risk:
            assert box < page.index(f'id="finding-{finding["key"]}"') < page.index("summary-panel")
            if finding["evidence"] and "quote" in finding["evidence"][0]:
                assert f'<mark id="ev-{finding["key"]}-0"' in page


@pytest.mark.django_db
def test_filter_shows_only_the_chosen_groups(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript, result = _analysed(held, personas)
    page = signed_in(personas["owner"]).get(transcript_url(transcript) + "?group=catharsis")
    html = page.content.decode()
    findings = keyed_findings(result)
    shown = [f for f in findings if f["group"] in ("catharsis", "risk")]
    hidden = [f for f in findings if f["group"] not in ("catharsis", "risk")]
    assert shown and hidden
    for finding in shown:
        assert f'id="finding-{finding["key"]}"' in html
    for finding in hidden:
        assert f'id="finding-{finding["key"]}"' not in html
        assert f'id="ev-{finding["key"]}-' not in html
    assert f"{len(hidden)} findings hidden by the filter" in html
    assert 'value="catharsis" checked' in html and 'value="emotions">' in html
    assert "question.open <span" not in html  # a label of another group
    assert "catharsis <span" in html and re.search(r">risk\.[a-z_]+ <span", html)
    assert "Emotions: " not in html


@pytest.mark.django_db
def test_summary_panel_shows_talk_shares_questions_arc_and_profile(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript, result = _analysed(held, personas)
    html = signed_in(personas["owner"]).get(transcript_url(transcript)).content.decode()
    summary = result["summary"]
    panel = html[html.index('class="summary-panel"') : html.index('id="findings-heading"')]
    for stats in summary["speakers"].values():
        assert f"<td>{stats['share_words'] * 100:.0f}%</td>" in panel
    questions = summary["questions"]
    assert f"{questions['questions']} in {questions['therapist_turns']} therapist turns" in panel
    fifths = summary["emotional_arc"]["fifths"]
    assert panel.count('<polyline class="series-') == 2 and '<svg viewBox="0 0' in panel
    assert panel.count('<th scope="row">') == len(fifths)
    assert f"<td>{fifths[0]['negative'] * 100:.0f}%</td>" in panel
    for item in summary["profile"]:
        assert item["title"] in panel


@pytest.mark.django_db
@pytest.mark.parametrize("outsider", ["colleague", "supervisor", "admin"])
def test_outsiders_get_404_on_the_page_and_corrections_and_are_audited(
    held: Appointment, personas: Any, signed_in: Any, outsider: str
) -> None:
    transcript, result = _analysed(held, personas)
    if outsider == "admin":  # break-glass opens the record, never the insight page
        BreakGlassGrant.objects.create(
            user=personas["admin"],
            client=personas["client"],
            reason="audited emergency (test)",
            until=timezone.now() + datetime.timedelta(minutes=30),
        )
    browser = signed_in(personas[outsider])
    key = keyed_findings(result)[0]["key"]
    assert browser.get(transcript_url(transcript)).status_code == 404
    assert browser.post(transcript_url(transcript, "mark_wrong"), {"key": key}).status_code == 404
    added = {"group": "emotions", "turn": 1}
    assert browser.post(transcript_url(transcript, "add_finding"), added).status_code == 404
    assert not transcript.analysis.corrections.exists()
    actor = str(personas[outsider].public_id)
    assert AuditEntry.objects.filter(action="denied", actor_id=actor).count() == 3


@pytest.mark.django_db
def test_deleted_transcript_page_shows_numbers_and_labels_but_no_words(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript, result = _analysed(held, personas)
    browser = signed_in(personas["owner"])
    key = keyed_findings(result)[0]["key"]
    browser.post(
        transcript_url(transcript, "mark_wrong"), {"key": key, "note": "Synthetic NOTE-ALPHA"}
    )
    added = {"group": "insight", "turn": 1, "start": 0, "end": 12, "note": "Synthetic NOTE-BETA"}
    browser.post(transcript_url(transcript, "add_finding"), added)
    delete_transcript(transcript, reason="synthetic test")
    html = browser.get(transcript_url(transcript)).content.decode()
    words = [t["text"] for t in result["turns"]]
    words += [e["quote"] for f in result["findings"] for e in f["evidence"]]
    assert [w for w in words if len(w) > 6 and w in html] == []
    assert "NOTE-ALPHA" not in html and "NOTE-BETA" not in html and "Morgan" not in html
    assert "Words removed." in html and "quote removed" in html
    for turn in result["turns"]:
        assert f'<li id="turn-{turn["index"]}"' in html
    assert "<mark" not in html and "Marked wrong by" in html and "Added by" in html
    assert 'id="add-finding"' not in html  # nothing can be added once the words are gone
    labelled = next(t for t in result["turns"] if t["labels"])
    name, value = next(iter(labelled["labels"].items()))
    assert f'{name} <span class="label-score">{value:.2f}</span>' in html
