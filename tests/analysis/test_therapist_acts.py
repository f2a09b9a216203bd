"""talkingcure.therapist_acts.v1: question (open/closed), reflection, advice on therapist turns."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from talkingcure.analysis.detectors.therapist_acts import (
    TherapistActs,
    load_artefact,
    strip_text,
)
from talkingcure.analysis.registry import REGISTRY

from .therapist_helpers import analyse


def therapist_labels(pairs: list[tuple[str, str]], turn: int = 1) -> dict[str, float]:
    state = analyse(pairs, moves=False)
    return state.turns[turn].labels


def test_artefact_loads_with_figures_and_is_small() -> None:
    artefact = load_artefact()
    assert {"words", "chars", "handmade", "acts", "subtype", "figures", "training"} <= set(artefact)
    assert set(artefact["acts"].classes_) == {"question", "reflection", "therapist_input", "other"}
    assert re.fullmatch(r"[0-9a-f]{64}", artefact["training"]["data_sha256"])
    assert "question_f1" in artefact["figures"]["cv"]
    path = resources.files("talkingcure.analysis").joinpath("models/therapist_acts.joblib")
    assert len(path.read_bytes()) < 5_000_000


# Each question is followed by a client reply, as in a real transcript (the model reads it).
@pytest.mark.parametrize(
    ("client", "therapist", "reply", "expected"),
    [
        (
            "I came because my wife insisted.",
            "How has your drinking affected your family?",
            "Well, my wife is fed up and the kids avoid me.",
            "open",
        ),
        (
            "I drink most evenings.",
            "Did you have anything to drink last night?",
            "Yes, a couple of beers.",
            "closed",
        ),
        (
            "I drink most evenings.",
            "how do you feel about your drinking these days",
            "honestly i think it's getting out of hand",
            "open",
        ),
    ],
)
def test_questions_with_subtype(client: str, therapist: str, reply: str, expected: str) -> None:
    labels = therapist_labels([("C", client), ("T", therapist), ("C", reply)], turn=1)
    assert "question" in labels
    assert f"question.{expected}" in labels
    other = "closed" if expected == "open" else "open"
    assert f"question.{other}" not in labels


def test_reflection_echoes_the_client() -> None:
    labels = therapist_labels(
        [
            ("C", "Honestly the only time I relax is when I have a drink after work."),
            ("T", "So drinking is the one thing that helps you unwind after a long day."),
        ]
    )
    assert "reflection" in labels
    assert "question" not in labels


def test_advice() -> None:
    labels = therapist_labels(
        [
            ("C", "I want to cut down but I don't know how."),
            (
                "T",
                "One thing that helps many people is keeping a drink diary. Another is setting "
                "a weekly limit and telling someone about it.",
            ),
            ("C", "Hmm, a diary might work."),
        ]
    )
    assert "advice" in labels
    assert "question" not in labels


def test_statement_with_question_words_is_not_a_question() -> None:
    labels = therapist_labels(
        [
            ("C", "I don't know what to do."),
            ("T", "You don't know what to do yet, and that's okay."),
        ]
    )
    assert "question" not in labels


def test_client_turns_get_no_therapist_acts() -> None:
    state = analyse([("T", "Hello."), ("C", "What should I do about my drinking?")])
    assert not {"question", "reflection", "advice"} & set(state.turns[1].labels)


def test_evidence_is_the_turn_text() -> None:
    state = analyse([("C", "It's been hard."), ("T", "What has been the hardest part?")])
    evidence = state.turns[1].evidence["question"][0]
    assert evidence.quote == state.transcript.turns[1].text[evidence.start : evidence.end]


def test_strip_text_drops_punctuation_and_case() -> None:
    assert strip_text("Really? Tell me, Sam!") == "really tell me sam"


def test_conformance() -> None:
    assert REGISTRY[TherapistActs.name] is TherapistActs
    assert re.fullmatch(r"talkingcure\.[a-z_]+\.v\d+", TherapistActs.name)
    assert TherapistActs.requires == ("docs",)
    state = analyse(
        [
            ("C", "I drink most evenings."),
            ("T", "Did you drink yesterday?"),
            ("C", "Yes."),
            ("T", "What would help you cut down?"),
            ("C", "Maybe less stress at work."),
            ("T", "So work stress and drinking go together for you."),
            ("C", "What should I do?"),
            ("T", "I'd suggest you try two alcohol-free days a week."),
        ],
        moves=False,
    )
    assigned = {f"label:{name}" for turn in state.turns for name in turn.labels}
    assert assigned <= set(TherapistActs.assigns)
    assert {"label:question", "label:reflection"} <= assigned
    assert set(TherapistActs.candidate_labels) <= {a.split(":")[1] for a in TherapistActs.assigns}
