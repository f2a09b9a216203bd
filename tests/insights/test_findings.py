"""Filter groups and stable keys of the engine's findings (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkingcure.insights.findings import (
    GROUPS,
    finding_key,
    group_of_finding,
    group_of_label,
    keyed_findings,
)
from talkingcure.insights.service import strip_result


@pytest.mark.parametrize(
    ("label", "group"),
    [
        ("question", "questions"),
        ("question.open", "questions"),
        ("clarification", "questions"),
        ("reflection.feeling", "emotions"),
        ("emotion.sadness", "emotions"),
        ("risk.suicide", "risk"),
        ("defense.action", "avoidance"),
        ("interpretation.transference", "transference"),
        ("invite.free_association", "free_association"),
        ("relationship_episode", "relationship"),
        ("reflection", "other"),
        ("questionable", "other"),  # a prefix of a word is not a label prefix
    ],
)
def test_each_label_belongs_to_the_filter_a_clinician_would_look_in(label: str, group: str) -> None:
    assert group_of_label(label) == group


def test_risk_findings_are_in_the_risk_group_and_come_first() -> None:
    result = {
        "findings": [
            {"kind": "catharsis", "turns": [3], "detector": "c", "evidence": []},
            {"kind": "risk", "turns": [40], "detector": "r", "evidence": []},
            {"kind": "risk_exposure", "turns": [50], "detector": "r", "evidence": []},
        ]
    }
    ordered = keyed_findings(result)
    assert [f["kind"] for f in ordered] == ["risk", "risk_exposure", "catharsis"]
    assert [group_of_finding(f) for f in ordered] == ["risk", "risk", "catharsis"]
    assert GROUPS[0].name == "risk"


def test_the_key_survives_deleting_the_words_but_not_a_different_span() -> None:
    finding = {
        "kind": "catharsis",
        "detector": "talkingcure.catharsis.v1",
        "turns": [41, 42],
        "score": 0.8,
        "explanation": "Client words here",
        "evidence": [{"turn": 42, "start": 0, "end": 57, "quote": "Client words here"}],
    }
    stripped = strip_result({"findings": [finding]})
    assert stripped is not None
    assert "quote" not in json.dumps(stripped)
    assert finding_key(stripped["findings"][0]) == finding_key(finding)
    moved = {**finding, "evidence": [{"turn": 42, "start": 1, "end": 57}]}
    assert finding_key(moved) != finding_key(finding)


def test_keys_are_unique_within_a_real_analysis() -> None:
    from talkingcure.analysis.pipeline import default_engine
    from talkingcure.analysis.readers import read_transcript

    example = Path(__file__).resolve().parents[2] / "examples" / "session_morgan.txt"
    result = default_engine().analyze(read_transcript(example)).to_dict()
    keys = [f["key"] for f in keyed_findings(result)]
    assert len(keys) == len(result["findings"]) > 5
    assert len(set(keys)) == len(keys)


# A synthetic session whose people, places and things have invented names, so any of them
# left in a stripped analysis can only have come from the transcript.
INVENTED = ["Zorblat", "Quixley", "Vantorre", "Plimsk", "Harrowgate"]
SESSION_WITH_NAMES = """\
Therapist: What has been on your mind this week?
Client: My brother Zorblat shouted at me again when I asked him for help with the rent.
Therapist: What happened then?
Client: I wanted him to listen to me, but Zorblat just walked out. I felt so small and I cried.
Therapist: You felt small. Has that happened before?
Client: With my mother Quixley, always. When I was a child she never listened to me either.
Therapist: It sounds like you expect people not to listen.
Client: Maybe. At Vantorre's office I froze when my boss Plimsk criticised me in Harrowgate.
Client: I just went quiet and then I had a drink when I got home. I wanted to drink more.
"""


def test_deleting_the_words_leaves_no_name_or_word_of_the_session() -> None:
    from talkingcure.analysis.pipeline import default_engine
    from talkingcure.analysis.readers import read_text

    result = default_engine().analyze(read_text(SESSION_WITH_NAMES, input_format="txt")).to_dict()
    before = json.dumps(result)
    assert any(name in before for name in INVENTED)  # the test can fail
    after = json.dumps(strip_result(result))
    assert [name for name in INVENTED if name.lower() in after.lower()] == []
    for phrase in ("rent", "shouted", "criticised", "walked out", "drink more"):
        assert phrase not in after


def test_deleting_the_words_keeps_talk_shares_by_role() -> None:
    from talkingcure.analysis.pipeline import default_engine
    from talkingcure.analysis.readers import read_text

    result = default_engine().analyze(read_text(SESSION_WITH_NAMES, input_format="txt")).to_dict()
    stripped = strip_result(result)
    assert stripped is not None
    speakers = stripped["summary"]["speakers"]
    assert set(speakers) == {"therapist", "client"}
    assert speakers["client"]["turns"] == 5
    assert stripped["roles"]["speakers"] == ["client", "therapist"]
