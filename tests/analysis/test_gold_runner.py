"""Gold runners: synthetic per-label sets and a researcher's CSV/JSON codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkingcure.analysis.evaluation.gold import (
    GoldFormatError,
    build_transcript,
    gold_files,
    load_gold_set,
    load_researcher_gold,
    run_gold_set,
    run_researcher_gold,
)

CATHARSIS_POSITIVE = {
    "id": "t-1",
    "label": "catharsis",
    "expected": True,
    "context": [
        ["Therapist", "What happened?"],
        ["Client", "I went to the grave."],
        ["Therapist", "Mm."],
        ["Client", "[sobbing] I miss him so much, I'm so sad!"],
        ["Therapist", "Let it come."],
    ],
    "speaker": "Client",
    "text": "I've never said that out loud. I feel lighter.",
}
FLAT_BUT_EXPECTED = {  # written to be missed: no peak at all
    "id": "t-2",
    "label": "catharsis",
    "expected": True,
    "context": [["Therapist", "How was lunch?"]],
    "speaker": "Client",
    "text": "Fine, a sandwich.",
}
NEGATIVE = {
    "id": "t-3",
    "label": "catharsis",
    "expected": False,
    "context": [["Therapist", "How was the holiday?"], ["Client", "Fine."]],
    "speaker": "Client",
    "text": "I feel lighter since the project ended.",
}


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return path


def test_shipped_gold_sets_load_and_name_only_our_labels() -> None:
    files = {p.stem: p for p in gold_files()}
    assert "catharsis" in files
    records = load_gold_set(files["catharsis"])
    assert any(r.expected for r in records)
    assert any(not r.expected for r in records)


def test_gold_record_builds_a_transcript_with_roles_and_events() -> None:
    transcript = build_transcript([("Therapist", "Hi."), ("Client", "[crying] Hi.")], "x")
    assert [t.role for t in transcript.turns] == ["therapist", "client"]
    assert transcript.turns[1].events[0].text == "crying"


@pytest.mark.slow
def test_run_gold_set_counts_hits_misses_and_false_alarms(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [CATHARSIS_POSITIVE, FLAT_BUT_EXPECTED, NEGATIVE])
    results = run_gold_set(load_gold_set(path))
    result = results["catharsis"]
    assert not result.not_run
    assert result.scores.tp == 1
    assert result.scores.fn == 1
    assert [m.id for m in result.misses] == ["t-2"]
    assert result.scores.fp + result.scores.tn == 1


def test_unknown_label_in_a_gold_set_names_the_line(tmp_path: Path) -> None:
    bad = dict(NEGATIVE, label="catharsis.big")
    path = write_jsonl(tmp_path / "bad.jsonl", [NEGATIVE, bad])
    with pytest.raises(GoldFormatError, match=r"line 2: unknown label 'catharsis\.big'"):
        load_gold_set(path)


CSV = """conversation_id,turn,speaker,text,labels
s1,1,Client,"[sobbing] I'm so sad, I miss her terribly.",emotion.sadness
s1,0,Therapist,How are you feeling today?,question;question.open
s1,2,Client,We bought bread on Monday.,
"""


def test_researcher_csv_rows_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(CSV)
    rows = load_researcher_gold(path)
    assert len(rows) == 3
    assert rows[1].labels == frozenset({"question", "question.open"})
    assert rows[2].labels == frozenset()


def test_researcher_json_is_equivalent(tmp_path: Path) -> None:
    path = tmp_path / "codes.json"
    rows = [
        {
            "conversation_id": "s1",
            "turn": 0,
            "speaker": "Therapist",
            "text": "Hi?",
            "labels": ["question"],
        },
        {
            "conversation_id": "s1",
            "turn": 1,
            "speaker": "Client",
            "text": "Hi.",
            "labels": "emotion.joy;catharsis",
        },
    ]
    path.write_text(json.dumps({"rows": rows}))
    loaded = load_researcher_gold(path)
    assert loaded[1].labels == frozenset({"emotion.joy", "catharsis"})


def test_researcher_unknown_label_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(CSV.replace("emotion.sadness", "emotion.sad"))
    with pytest.raises(GoldFormatError, match=r"line 2: unknown label\(s\) emotion.sad"):
        load_researcher_gold(path)


def test_researcher_missing_column_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("conversation_id,turn,text\ns1,0,hi\n")
    with pytest.raises(GoldFormatError, match="missing column"):
        load_researcher_gold(path)


@pytest.mark.slow
def test_researcher_codes_scored_on_client_turns_in_turn_order(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(CSV)
    scores, not_run, conversations = run_researcher_gold(load_researcher_gold(path))
    assert conversations == 1
    sadness = scores["emotion.sadness"]
    assert sadness.n == 2  # the two client turns, not the therapist's
    assert sadness.tp == 1
    assert "emotion.joy" not in scores  # never coded: not scored
    assert not_run == set()
