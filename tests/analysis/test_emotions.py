"""talkingcure.emotions.v1: emotion scores, labels with sentence evidence, intensity."""

from __future__ import annotations

import pytest

from talkingcure.analysis.detectors.emotions import Emotions, blank_events, emphasis
from talkingcure.analysis.readers.events import find_events
from talkingcure.analysis.state import AnalysisState
from tests.analysis.emotion_helpers import run_component


def run(*turns: tuple[str, str]) -> AnalysisState:
    return run_component(Emotions(), *turns)


def test_fear_is_labelled_on_a_frightened_client_turn() -> None:
    state = run(
        ("client", "I'm so scared about the surgery, I'm terrified something will go wrong.")
    )
    assert "emotion.fear" in state.turns[0].labels
    assert set(state.turns[0].emotions) == {
        "anger",
        "disgust",
        "fear",
        "joy",
        "sadness",
        "surprise",
    }


def test_joy_and_not_sadness_on_a_happy_turn() -> None:
    state = run(("client", "Thank you so much, I'm really happy with how the week went!"))
    labels = state.turns[0].labels
    assert "emotion.joy" in labels
    assert "emotion.sadness" not in labels


def test_therapist_turns_get_no_emotions() -> None:
    state = run(("therapist", "I'm so angry for you, that is disgusting."), ("client", "Yes."))
    assert state.turns[0].emotions == {}
    assert state.turns[0].intensity is None
    assert state.turns[1].intensity is not None


def test_long_turn_evidence_points_at_the_sentence_that_carries_the_emotion() -> None:
    text = (
        "We went to the shop on Monday morning and then took the bus over to my aunt's house. "
        "After that we had some lunch and talked about the garden and the weather for a while. "
        "Then we drove back home along the coast road in the late afternoon. "
        "I was absolutely furious with him for lying!"
    )
    assert len(text.split()) > 40
    state = run(("client", text))
    evidence = state.turns[0].evidence["emotion.anger"][0]
    assert evidence.quote == "I was absolutely furious with him for lying!"
    assert text[evidence.start : evidence.end] == evidence.quote


def test_intensity_is_higher_for_sobbing_and_exclamation_than_for_flat_talk() -> None:
    state = run(
        ("client", "We went to the shop and bought bread."),
        ("client", "[sobbing] I can't bear it anymore, I miss her so much!"),
    )
    flat, intense = state.turns[0].intensity, state.turns[1].intensity
    assert flat is not None and intense is not None
    assert 0.0 <= flat < 0.4
    assert intense > flat + 0.3
    assert intense <= 1.0


def test_crying_note_lifts_sadness_with_the_note_as_evidence() -> None:
    state = run(("client", "[crying] Okay."))
    assert "emotion.sadness" in state.turns[0].labels
    assert state.turns[0].evidence["emotion.sadness"][0].quote == "[crying]"


def test_emphasis_counts_exclamations_capitals_and_intensifiers() -> None:
    assert emphasis("fine") == 0.0
    assert emphasis("NO! NO!") == 1.0
    assert emphasis("I am very tired!") == pytest.approx(2 / 3)
    assert emphasis("I saw my GP and went to AA.") == 0.0


def test_blank_events_keeps_offsets() -> None:
    text = "I [crying] miss him"
    blanked = blank_events(text, find_events(text))
    assert len(blanked) == len(text)
    assert "crying" not in blanked
    assert blanked.endswith("miss him")


def test_a_turn_of_only_a_silence_note_has_no_emotion_and_low_intensity() -> None:
    state = run(("client", "[long silence]"))
    assert not any(label.startswith("emotion.") for label in state.turns[0].labels)
    intensity = state.turns[0].intensity
    assert intensity is not None and intensity < 0.1


def test_shipped_artefact_is_small_and_carries_its_training_figures() -> None:
    from talkingcure.analysis.detectors.emotion_model import MODEL_PATH, load_model

    assert MODEL_PATH.stat().st_size < 10_000_000
    meta = load_model().meta
    assert set(meta["cv_f1"]) == {"anger", "disgust", "fear", "joy", "sadness", "surprise"}
