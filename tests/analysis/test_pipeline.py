"""The pipeline runner and the output contract talkingcure.analysis/1."""

from __future__ import annotations

import json

import pytest

import talkingcure
from talkingcure.analysis.pipeline import ComponentError, Engine, analyze_text, load_config
from talkingcure.analysis.readers import read_transcript
from tests.analysis.pipeline_fakes import Broken, LabelByKeyword, registered, transcript

TOP_KEYS = {
    "schema", "source", "engine", "meta", "roles", "warnings", "candidate_labels",
    "turns", "findings", "not_detected", "summary",
}  # fmt: skip
TURN_KEYS = {
    "index", "speaker", "role", "text", "start", "end", "labels", "emotions", "intensity",
    "events",
}  # fmt: skip


def test_default_config_is_packaged_and_ordered() -> None:
    config = load_config()
    assert config["pipeline"][0] == "talkingcure.spacy.v1"
    assert config["pipeline"][-1] == "talkingcure.summary.v1"


def test_contract_keys_and_engine_record() -> None:
    with registered(LabelByKeyword):
        engine = Engine(pipeline=["test.keywords.v1", "talkingcure.summary.v1"])
        data = engine.analyze(transcript()).to_dict()
    assert set(data) == TOP_KEYS
    assert data["schema"] == "talkingcure.analysis/1"
    assert data["source"] == "test.txt"
    assert data["engine"]["version"] == talkingcure.__version__
    assert data["engine"]["detectors"] == {
        "test.keywords.v1": "9.9.9",
        "talkingcure.summary.v1": "1.0.0",
    }
    assert len(data["engine"]["config_hash"]) == 16
    assert all(set(turn) == TURN_KEYS for turn in data["turns"])
    json.dumps(data)  # serialisable


def test_labels_hold_only_assigned_labels_with_scores() -> None:
    with registered(LabelByKeyword):
        data = Engine(pipeline=["test.keywords.v1"]).analyze(transcript()).to_dict()
    assert data["turns"][0]["labels"] == {
        "question": 0.9,
        "question.open": 0.9,
        "exploration.emotion": 0.9,
    }
    assert data["turns"][1]["labels"] == {}


def test_not_detected_statements_name_detector_and_version() -> None:
    with registered(LabelByKeyword):
        data = Engine(pipeline=["test.keywords.v1"]).analyze(transcript()).to_dict()
    missing = {(item["type"], item["label"]): item["statement"] for item in data["not_detected"]}
    assert missing == {
        ("label", "never.seen"): "not detected by test.keywords.v1 (9.9.9)",
        ("finding", "never_found"): "not detected by test.keywords.v1 (9.9.9)",
    }
    assert "absent" not in json.dumps(data).lower()


def test_candidates_are_marked() -> None:
    with registered(LabelByKeyword):
        data = Engine(pipeline=["test.keywords.v1"]).analyze(transcript()).to_dict()
    assert data["findings"][0]["candidate"] is True
    assert data["findings"][0]["evidence"][0]["quote"] == "How did you feel when she left?"
    assert data["candidate_labels"] == ["episode", "exploration.past"]


def test_components_initialize_once_for_many_analyses() -> None:
    with registered(LabelByKeyword):
        before = LabelByKeyword.initialized
        engine = Engine(pipeline=["test.keywords.v1"])
        engine.analyze(transcript())
        engine.analyze(transcript())
    assert LabelByKeyword.initialized == before + 1


def test_failing_component_is_named() -> None:
    with registered(Broken), pytest.raises(ComponentError) as info:
        Engine(pipeline=["test.broken.v1"]).analyze(transcript())
    assert "test.broken.v1" in str(info.value) and "test.txt" in str(info.value)


@pytest.mark.slow
def test_spacy_component_gives_one_doc_per_turn() -> None:
    engine = Engine(pipeline=["talkingcure.spacy.v1", "talkingcure.summary.v1"])
    analysis = analyze_text(
        "Therapist: How have you been feeling since we last met?\n"
        "Client: Honestly, I have been tired and a bit low, and I do not really know why.\n",
        engine=engine,
    )
    assert [doc.text for doc in analysis.state.docs] == [t.text for t in analysis.transcript.turns]
    assert analysis.to_dict()["engine"]["detectors"]["talkingcure.spacy.v1"] == "1.1.0"


SESSION_WITH_A_NAME = (
    "Therapist: What happened after the phone call?\n"
    "Client: I rang my sister Priya and told her I could not cope with it any more.\n"
    "Therapist: and how was that for you\n"
)


@pytest.mark.slow
@pytest.mark.parametrize("scope", ["names", "all"])
def test_entities_are_found_in_turns_that_name_someone(scope: str) -> None:
    engine = Engine(
        config={
            "pipeline": ["talkingcure.spacy.v1"],
            "options": {"talkingcure.spacy.v1": {"ner_scope": scope}},
        }
    )
    docs = analyze_text(SESSION_WITH_A_NAME, engine=engine).state.docs
    assert [(e.text, e.label_) for e in docs[1].ents] == [("Priya", "PERSON")]
    assert docs[2].ents == ()


@pytest.mark.slow
def test_recognising_entities_only_where_names_can_be_changes_nothing_in_the_examples() -> None:
    from tests.analysis.test_pipeline_examples import EXAMPLES

    def engine(scope: str) -> Engine:
        config = load_config()
        config.setdefault("options", {})["talkingcure.spacy.v1"] = {"ner_scope": scope}
        return Engine(config=config)

    everywhere, names = engine("all"), engine("names")
    for example in ("session_morgan.txt", "session_jo.json", "session_sam.vtt"):
        transcript = read_transcript(EXAMPLES / example)
        first, second = everywhere.analyze(transcript), names.analyze(transcript)
        assert first.to_dict()["turns"] == second.to_dict()["turns"], example
        assert first.to_dict()["findings"] == second.to_dict()["findings"], example


def test_an_unknown_entity_scope_is_refused_by_name() -> None:
    options = {"talkingcure.spacy.v1": {"ner_scope": "some"}}
    engine = Engine(config={"pipeline": ["talkingcure.spacy.v1"], "options": options})
    with pytest.raises(ValueError, match="ner_scope must be one of names, all, not 'some'"):
        engine.analyze(transcript())


def test_failing_initialize_is_named() -> None:
    class NoModel(Broken):
        name = "test.nomodel.v1"

        def initialize(self) -> None:
            raise FileNotFoundError("model.joblib")

    with registered(NoModel), pytest.raises(ComponentError) as info:
        Engine(pipeline=["test.nomodel.v1"]).analyze(transcript())
    assert "test.nomodel.v1" in str(info.value) and "initialize" in str(info.value)
