"""The synthetic trigger gold set is big enough, marked SYNTHETIC and internally consistent."""

from __future__ import annotations

import json

from talkingcure.analysis.detectors.trigger_lexicon import KINDS, RESPONSES
from talkingcure.analysis.evaluation.triggers_eval import EXAMPLES, HELD_OUT, load_labels


def test_at_least_fifteen_sessions_across_three_clients() -> None:
    sessions = load_labels()
    assert len(sessions) >= 15
    assert len({s["client"] for s in sessions}) >= 3
    assert {s["split"] for s in sessions} == {"dev", "test", "test2"}
    held_out = sum(s["split"] in HELD_OUT for s in sessions)
    assert held_out > sum(s["split"] == "dev" for s in sessions)


def test_every_session_file_is_marked_synthetic() -> None:
    for record in load_labels():
        data = json.loads((EXAMPLES / record["file"]).read_text(encoding="utf-8"))
        assert data["meta"]["synthetic"] is True
        assert "SYNTHETIC" in data["meta"]["note"]
    assert json.loads((EXAMPLES / "labels.json").read_text())["synthetic"] is True


def test_spans_quote_client_turns_and_labels_use_known_names() -> None:
    for record in load_labels():
        turns = json.loads((EXAMPLES / record["file"]).read_text(encoding="utf-8"))["turns"]
        trigger_ids = {t["id"] for t in record["triggers"]}
        for item in record["triggers"] + record["coping"]:
            span = item["span"]
            assert turns[item["turn"]]["text"][span["start"] : span["end"]] == span["quote"]
            assert turns[item["turn"]]["speaker"] != "Therapist"
        for t in record["triggers"]:
            assert t["kind"] in KINDS and t["response"] in RESPONSES
            assert t["mode"] in {"explicit", "inferred"}
        for c in record["coping"]:
            assert c["answers"] is None or c["answers"] in trigger_ids


def test_gold_covers_substance_trauma_and_relationship_triggers() -> None:
    triggers = [t for s in load_labels() for t in s["triggers"]]
    assert any(t["trauma_reminder"] for t in triggers)
    assert any(t["response"] in {"substance_use", "urge"} for t in triggers)
    assert any(t["kind"] == "person" and not t["trauma_reminder"] for t in triggers)
    assert sum(t["mode"] == "inferred" for t in triggers) >= 6
