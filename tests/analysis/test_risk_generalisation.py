"""talkingcure.risk.v1 1.3-1.5: the learned screen tier on wording no rule or cue lists.

Every statement here was written for this file (not taken from a gold set or from the learned
screen's training statements).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from talkingcure.analysis.detectors.risk import OWN_RISK_LABELS, RiskDetector
from talkingcure.analysis.detectors.risk_screen import MODEL_LABELS, load_model
from tests.analysis.gold_runner import run_record

DETECTOR = "talkingcure.risk.v1"


def _state(text: str):  # type: ignore[no-untyped-def]
    record = {
        "id": "t",
        "label": "",
        "expected": True,
        "speaker": "Client",
        "text": text,
        "context": [["Therapist", "How has the week been?"]],
    }
    return run_record(record, DETECTOR)


def _own_labels(text: str) -> list[str]:
    return [label for label in _state(text).turns[-1].labels if label in OWN_RISK_LABELS]


def test_version_is_1_9_5() -> None:
    assert RiskDetector.version == "1.9.5"


def test_model_artefact_is_shipped_small_and_has_one_head_per_label() -> None:
    model = load_model()
    assert model is not None
    assert model.coef.shape[0] == len(MODEL_LABELS)
    for label in MODEL_LABELS:
        assert 0.5 <= model.thresholds[label] < 1
    blind = {f"risk_blind{n}" for n in (2, 10, 11, 12, 13, 14, 15)}
    assert not blind & set(model.meta["sets"])
    assert model.meta["extra"] == [
        "risk_screen_train.toml",
        "risk_screen_train2.toml",
        "risk_screen_train3.toml",
        "risk_screen_train4.toml",
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Lately I catch myself wishing I could just fade out of the picture for good.",
            "risk.suicide",
        ),
        (
            "I rang the helpline after I'd put the pills in a line on the bedside table.",
            "risk.suicide",
        ),
        ("I slipped again with the razor on my stomach on Tuesday.", "risk.self_harm"),
        ("I keep clawing at my forearms when the panic comes.", "risk.self_harm"),
        (
            "If that lad from the estate says one more word I'll cave his skull in.",
            "risk.harm_to_others",
        ),
        ("I've been sat outside her new place in the car most evenings.", "risk.harm_to_others"),
        ("I was buzzing off a gram by lunchtime on Saturday.", "risk.substance_use"),
        ("I fell off the wagon hard after the christening.", "risk.substance_use"),
    ],
)
def test_new_wording_is_flagged(text: str, label: str) -> None:
    assert label in _own_labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "I was furious with him but I just went for a long walk.",
        "My nephew's party went on till late and I drove everyone home.",
        "I told my boss off in the meeting and felt great.",
        "I'm fed up of the rain, honestly it's doing my head in.",
        "I've been planning the garden for next spring.",
        "My cousin was in rehab for drinking years ago.",
        "I've never once thought about harming myself or anyone else.",
        "The film had a scene where a man jumps off a roof and I had to look away.",
    ],
)
def test_ordinary_talk_denials_and_others_stay_silent(text: str) -> None:
    assert _own_labels(text) == []


def test_learned_finding_says_which_tier_fired_and_is_surfaced() -> None:
    text = "Lately I catch myself wishing I could just fade out of the picture for good."
    state = _state(text)
    findings = [f for f in state.findings if f.kind == "risk"]
    assert findings, "no risk finding"
    tiers = {f.extra["tier"] for f in findings}
    assert tiers <= {"rule", "screen", "learned"}
    for finding in findings:
        assert finding.extra["always_surfaced"] is True
        assert finding.candidate is False
        if finding.extra["tier"] == "learned":
            assert "learned screen" in finding.explanation.lower()
            assert 0 < finding.score < 0.4
        for evidence in finding.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I've been lining up my meds on the windowsill and counting them out.", "risk.suicide"),
        ("Honestly I'd top myself if it wasn't for the dog.", "risk.suicide"),
        ("I've been picking at the scabs on my legs till they bleed again.", "risk.self_harm"),
        (
            "I keep parking up outside my ex's work to see who she leaves with.",
            "risk.harm_to_others",
        ),
        (
            "I did a line at the weekend when it was offered, and I gave in again after.",
            "risk.substance_use",
        ),
    ],
)
def test_v1_3_cue_families_flag_their_members(text: str, label: str) -> None:
    assert label in _own_labels(text)


def test_the_detector_refuses_to_start_without_its_learned_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talkingcure.analysis.detectors import risk

    monkeypatch.setattr(risk, "MODEL_PATH", tmp_path / "risk_screen.joblib")
    with pytest.raises(FileNotFoundError, match=r"train_risk_screen\.py"):
        RiskDetector().initialize()


# Both risk trainers (the n-gram screen and, in the optional extra, the fine-tuned semantic
# screen) learn from the sets whose misses were published. The n-gram screen keeps the blind
# sets 2 and 10 to 16 out; the semantic screen, from 3.5, learns from those whose misses rule
# changes read (2, 10 and 12) and keeps the unread eleventh and the sealed ones out.
TRAINER_BLIND_SETS = [
    ("train_risk_screen", "gold_examples", b)
    for b in ("2", "10", "11", "12", "13", "14", "15", "16")
] + [("train_risk_tuned", "gold_pairs", b) for b in ("11", "13", "14", "15", "16")]


@pytest.mark.parametrize(("script", "reader", "number"), TRAINER_BLIND_SETS)
def test_the_trainers_refuse_to_learn_from_a_blind_set(
    script: str, reader: str, number: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainer = _trainer(script, monkeypatch)
    blind = f"risk_blind{number}"
    with pytest.raises(ValueError, match=f"gold/{blind}.jsonl is a blind set"):
        getattr(trainer, reader)(("risk", blind))


def test_the_semantic_trainer_learns_from_the_read_blind_sets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trainer = _trainer("train_risk_tuned", monkeypatch)
    assert set(trainer.SETS) >= {"risk_blind2", "risk_blind10", "risk_blind12"}
    pairs = trainer.gold_pairs(("risk_blind12",))
    # its first record: "Mm. Most nights, yeah." to a question about ending one's life
    assert any(
        "Most nights, yeah." in pair and label == "risk.suicide" and expected
        for pair, label, expected in pairs
    )


def _trainer(script: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    import importlib.util
    import sys

    folder = Path(__file__).resolve().parents[2] / "training"
    monkeypatch.syspath_prepend(str(folder))  # the tuned trainer imports the screen's
    spec = importlib.util.spec_from_file_location(script, folder / f"{script}.py")
    assert spec is not None and spec.loader is not None
    trainer = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, script, trainer)  # for its dataclasses
    spec.loader.exec_module(trainer)
    return trainer


def test_the_tuned_trainer_batches_every_example_once_with_little_padding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import random

    trainer = _trainer("train_risk_tuned", monkeypatch)
    lengths = [random.Random(i).choice((4, 12, 30, 60, 128)) for i in range(1000)]
    batches = trainer.length_batches(lengths, 32, random.Random(1))
    assert sorted(i for batch in batches for i in batch) == list(range(1000))
    assert max(len(batch) for batch in batches) == 32
    padded = sum(len(batch) * max(lengths[i] for i in batch) for batch in batches)
    assert padded < 1.2 * sum(lengths)
    assert batches != trainer.length_batches(lengths, 32, random.Random(2))


# v1.5 cue families (risk_screen.toml, "v1.5 additions"): sentences written for this test.
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("honestly kms vibes all week, not even a joke anymore", "risk.suicide"),
        ("I keep praying God will just take me in my sleep.", "risk.suicide"),
        ("I'm not really planning on still being around at Christmas.", "risk.suicide"),
        ("I've been picking the scabs open so they never heal.", "risk.self_harm"),
        ("After the row I did my arms again in the bathroom.", "risk.self_harm"),
        ("I slammed my fist against the wall until it swelled.", "risk.self_harm"),
        ("I grabbed her wrist too hard and she cried.", "risk.harm_to_others"),
        ("Went on the lash Friday and didn't stop till Sunday night.", "risk.substance_use"),
        ("I'm shaky in the mornings until I've had a drink.", "risk.substance_use"),
        ("I had maybe five pints and then I drove home anyway.", "risk.substance_use"),
    ],
)
def test_v1_5_cue_families_flag_their_members(text: str, label: str) -> None:
    assert label in _own_labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "The train pulled in and I stepped onto the platform.",
        "I picked my sister up from the station in the car.",
        "My mouth waters every time I walk past the bakery.",
        "I bought some extra notebooks online for college.",
        "I wore a belt with my suit for the interview.",
    ],
)
def test_v1_5_everyday_sentences_with_the_same_words_stay_silent(text: str) -> None:
    assert _own_labels(text) == []


def test_the_tuned_trainer_reads_risk_questions_answered_yes_as_positives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """3.4: the everyday frames of the "yes" negatives ("Are you still taking the tablets?")
    with risk content, answered "yes", as their contrast (3.3.0 learned the frame, not the
    content, without them)."""
    import tomllib
    from collections import Counter

    trainer = _trainer("train_risk_tuned", monkeypatch)
    written = tomllib.loads(trainer.CONTRAST_PAIRS.read_text(encoding="utf-8"))
    pairs = [(q, a, batch["label"]) for batch in written["batch"] for q, a in batch["pairs"]]
    assert all(batch["expected"] is True for batch in written["batch"])
    assert Counter(label for *_, label in pairs) == dict.fromkeys(OWN_RISK_LABELS, 80)
    read = {(text, label) for text, label, expected in trainer.written_pairs() if expected}
    for question, answer, label in pairs:
        assert (trainer.answer_pair(question, trainer.first_run(answer)), label) in read
