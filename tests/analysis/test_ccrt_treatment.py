"""patterns(): the CCRT across a treatment, its order, its client, people over time."""

from __future__ import annotations

import pytest

from talkingcure.analysis.ccrt.treatment import (
    DifferentClientsError,
    SessionOrderWarning,
    patterns,
)
from tests.analysis.ccrt_treatment_cases import analysis, treatment


def test_pervasiveness_across_sessions() -> None:
    result = patterns(treatment())
    assert len(result.episodes) == 4
    ro = result.core_theme["RO"]
    assert ro is not None and ro["cluster"] == "RO5"
    assert ro["episodes"] == 3 and ro["pervasiveness"] == 0.75
    w = result.core_theme["W"]
    assert w is not None and w["cluster"] == "W6" and w["pervasiveness"] == 0.5


def test_transference_pattern_is_marked() -> None:
    marked = {(t["kind"], t["cluster"]) for t in patterns(treatment()).transference}
    assert marked == {("W", "W6"), ("RO", "RO5")}


def test_change_is_the_share_of_negative_responses_per_session() -> None:
    change = patterns(treatment()).change()
    assert [row["RO"] for row in change] == [1.0, 1.0, 0.0]
    assert [row["RS"] for row in change] == [1.0, 1.0, 0.0]


def test_sessions_out_of_order_are_reordered_with_a_warning() -> None:
    sessions = treatment()
    with pytest.warns(SessionOrderWarning):
        result = patterns([sessions[2], sessions[0], sessions[1]])
    assert [s.source for s in result.sessions] == ["s1.json", "s2.json", "s3.json"]
    assert result.warnings and "reordered" in result.warnings[0]


def test_file_names_order_sessions_without_dates() -> None:
    later = analysis("session_10.json", None, [])
    earlier = analysis("session_2.json", None, [])
    with pytest.warns(SessionOrderWarning):
        result = patterns([later, earlier])
    assert [s.source for s in result.sessions] == ["session_2.json", "session_10.json"]


def test_sessions_of_different_clients_are_refused() -> None:
    sessions = treatment()
    sessions[1]["meta"]["client"] = "someone-else"
    with pytest.raises(DifferentClientsError):
        patterns(sessions)


def test_people_over_time_with_tone() -> None:
    people = {row["person"]: row for row in patterns(treatment()).people}
    assert people["mother"]["episodes"] == 2
    assert [c["session"] for c in people["mother"]["sessions"]] == [1, 2]
    first = people["mother"]["sessions"][0]
    assert first["negative"] == 0.8 and first["joy"] == 0.1  # client turn 0 only


def test_every_quote_is_reachable_for_a_claim() -> None:
    result = patterns(treatment())
    quotes = result.quotes("RO", "RO5")
    assert {q["quote"] for q in quotes} == {
        "she ignored me",
        "she walked out",
        "you will get bored of me",
    }


def test_an_empty_treatment_has_no_theme() -> None:
    result = patterns([analysis("s1.json", "2026-01-05", [])])
    assert result.core_theme == {"W": None, "RO": None, "RS": None}
