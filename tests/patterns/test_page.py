"""What the treating therapist reads on the patterns page: themes, people, topics and triggers
with their evidence, the tone over time, and the questionnaire charts on the same dates."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .page_reading import between, circles, evidence_lines, turn_texts
from .treatment_fixtures import SESSIONS, analysed_session, answered, page_url, session_date

pytestmark = pytest.mark.django_db
USED = SESSIONS[:3]  # three synthetic sessions of examples/treatment/dana


@pytest.fixture
def three_sessions(personas: dict[str, Any]) -> list[Any]:
    return [analysed_session(personas, path) for path in USED]


def test_themes_people_and_triggers_come_with_real_evidence(
    personas: dict[str, Any], signed_in: Any, three_sessions: list[Any]
) -> None:
    page = signed_in(personas["owner"]).get(page_url(personas["client"])).content.decode()
    assert "3 analysed sessions (2026-09-08 to 2026-09-22)" in page
    assert "candidate — for the clinician to confirm or reject" in page
    words = turn_texts(USED)

    themes = between(page, 'id="themes"', 'id="transference"')
    assert themes.count("<li><p>The client") + themes.count("<li><p>Others") == 3
    theme_quotes = evidence_lines(themes)
    assert len(theme_quotes) >= 3
    triggers = evidence_lines(between(page, 'id="triggers"', "</main>"))
    topics = evidence_lines(between(page, 'id="topics"', 'id="triggers"'))
    assert triggers and topics
    for line in theme_quotes + topics + triggers:
        # every quote is the client's own words, at the turn and on the session date shown
        assert line["quote"] in words[(line["date"], int(line["turn"]))], line
        assert line["url"].startswith("/insights/")  # the session's transcript page, at that turn
        assert line["url"].endswith(f"/#turn-{line['turn']}")
    assert {line["date"] for line in theme_quotes + topics} <= {
        session_date(p).isoformat() for p in USED
    }

    people = between(page, 'id="people"', 'id="topics"')
    header = re.findall(r'<th scope="col">(\d{4}-\d\d-\d\d)</th>', people)
    assert header == [session_date(p).isoformat() for p in USED]
    assert '<th scope="row">Kev</th>' in people  # Dana's brother, named in sessions 1 and 2
    assert "with Kev" in page


def test_one_tone_point_per_analysed_session_with_the_clients_mean(
    personas: dict[str, Any], signed_in: Any, three_sessions: list[Any]
) -> None:
    page = signed_in(personas["owner"]).get(page_url(personas["client"])).content.decode()
    chart = between(page, 'id="tone-chart"', "</figure>")
    negative, positive = circles(chart, 1), circles(chart, 2)
    assert len(negative) == len(positive) == len(three_sessions) == 3
    for analysis, tooltip in zip(three_sessions, negative, strict=True):
        client_turns = [
            t for t in analysis.result["turns"] if t["role"] == "client" and t.get("emotions")
        ]
        strongest = [
            max(t["emotions"].get(e, 0.0) for e in ("anger", "disgust", "fear", "sadness"))
            for t in client_turns
        ]
        expected = sum(strongest) / len(strongest)
        day = analysis.transcript.appointment.starts_at.date().isoformat()
        assert tooltip == f"{day}: negative {expected:.2f}"
    table = between(page, 'id="tone-table"', "</table>")
    assert table.count("<tr><td>") == 3
    assert "latest (2026-09-22)" in page


def test_questionnaire_chart_shares_the_date_axis_with_the_sessions(
    personas: dict[str, Any], signed_in: Any, three_sessions: list[Any]
) -> None:
    client = personas["client"]
    answered(client, "phq9", session_date(USED[0]), 2)
    answered(client, "phq9", session_date(USED[1]), 1)  # evenly spaced, it would sit at the end
    page = signed_in(personas["owner"]).get(page_url(client)).content.decode()
    outcomes = between(page, 'id="outcomes"', "</section>")
    assert "PHQ-9" in outcomes and "No questionnaires answered yet" not in outcomes
    score_x = re.findall(r'<circle cx="([\d.]+)"[^>]*><title>(\d{4}-\d\d-\d\d):', outcomes)
    tone = between(page, 'id="tone-chart"', "</figure>")
    tone_x = re.findall(r'class="point-1" cx="([\d.]+)"[^>]*><title>(\d{4}-\d\d-\d\d):', tone)
    by_day = {day: x for x, day in tone_x}
    assert len(score_x) == 2
    for x, day in score_x:  # the score of a session's day sits right below that session
        assert by_day[day] == x
    middle = by_day[session_date(USED[1]).isoformat()]
    assert float(by_day["2026-09-08"]) < float(middle) < float(by_day["2026-09-22"])


def test_no_questionnaire_chart_without_scores(
    personas: dict[str, Any], signed_in: Any, three_sessions: list[Any]
) -> None:
    page = signed_in(personas["owner"]).get(page_url(personas["client"])).content.decode()
    outcomes = between(page, 'id="outcomes"', "</section>")
    assert "No questionnaires answered yet." in outcomes and "<svg" not in outcomes


def test_no_analysed_session_is_said_plainly_not_drawn(
    personas: dict[str, Any], signed_in: Any
) -> None:
    answered(personas["client"], "gad7", session_date(USED[0]), 2)
    page = signed_in(personas["owner"]).get(page_url(personas["client"])).content.decode()
    assert "No analysed sessions yet." in page
    assert 'id="tone-chart"' not in page and 'id="themes"' not in page
    assert "GAD-7" in between(page, 'id="outcomes"', "</section>")


def test_one_session_makes_no_trend_claim(personas: dict[str, Any], signed_in: Any) -> None:
    analysed_session(personas, USED[0])
    page = signed_in(personas["owner"]).get(page_url(personas["client"])).content.decode()
    assert "1 analysed session (2026-09-08)" in page
    assert "One analysed session: no trend can be read from a single point." in page
    assert "One analysed session: no change can be read yet." in page
    assert "reads as progress" not in page and "latest (" not in page
    assert len(circles(between(page, 'id="tone-chart"', "</figure>"), 1)) == 1
