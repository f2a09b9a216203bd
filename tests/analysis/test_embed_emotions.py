"""talkingcure.emotions_embed.v1 with the ``embeddings`` extra installed.

Without the extra these tests skip, saying what to install; in CI (TALKINGCURE_REQUIRE_SERVICES=1,
after ``make install-embeddings``) a missing extra fails them instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from talkingcure.analysis.detectors.emotion_model import GROUPS, load_model
from talkingcure.analysis.detectors.emotions_embed import (
    CONFIG_PATH,
    MODEL_PATH,
    EmotionsEmbed,
    load_tuned_model,
)
from talkingcure.analysis.detectors.minilm_embed import DIMENSIONS, encode
from talkingcure.analysis.detectors.risk_embed import MODEL_PATH as RISK_MODEL_PATH
from talkingcure.analysis.evaluation.runner import use_config
from talkingcure.analysis.pipeline import Engine, load_config
from talkingcure.analysis.readers import read_transcript
from talkingcure.analysis.state import AnalysisState
from tests.analysis.emotion_helpers import require_embeddings_extra, run_component
from tests.analysis.test_eval_cli import app
from tests.analysis.test_eval_datasets import write_sets

pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "session_morgan.txt"


@pytest.fixture(autouse=True)
def embeddings_extra() -> None:
    require_embeddings_extra()


@pytest.fixture(autouse=True)
def default_evaluation_config() -> Iterator[None]:
    use_config(None)
    yield
    use_config(None)


def run(*turns: tuple[str, str]) -> AnalysisState:
    return run_component(EmotionsEmbed(), *turns)


def test_encoder_gives_unit_vectors_that_put_paraphrases_together() -> None:
    rows = encode(
        [
            "I am terrified of the operation.",
            "The surgery frightens me a lot.",
            "We bought a new kettle on Saturday.",
        ]
    )
    assert rows.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)
    assert rows[0] @ rows[1] > rows[0] @ rows[2] + 0.2


def test_a_repeated_text_gets_the_same_row_as_when_encoded_alone() -> None:
    texts = ["I feel sick about it.", "Mm.", "I feel sick about it.", "We went out."]
    rows = encode(texts)
    assert np.array_equal(rows[0], rows[2]) and not np.allclose(rows[0], rows[1], atol=1e-2)
    assert np.allclose(rows[3], encode(["We went out."])[0], atol=1e-5)


def test_artefact_beats_the_default_head_on_dev_meets_the_target_and_is_small() -> None:
    model = load_tuned_model()
    meta = model.meta
    default = load_model().meta
    assert set(model.thresholds) == set(GROUPS)
    assert all(0.0 < t < 1.0 for t in model.thresholds.values())
    assert meta["dev"] == 5426  # GoEmotions dev.tsv, never used for a choice
    assert meta["dev_macro_f1"] >= 0.58 and meta["dev_macro_f1"] > default["dev_macro_f1"]
    assert meta["examples"] + meta["held_out"] == default["n_train"]  # train.tsv, both
    assert MODEL_PATH.stat().st_size < 1_000_000


def test_candidate_labels_are_the_groups_below_target_on_dev() -> None:
    dev_f1 = load_tuned_model().meta["dev_f1"]
    below = {f"emotion.{group}" for group, value in dev_f1.items() if value < 0.58}
    assert set(EmotionsEmbed.candidate_labels) == below


def test_an_artefact_for_other_labels_is_refused_with_what_to_do() -> None:
    with pytest.raises(ValueError, match="does not score and threshold the groups anger"):
        EmotionsEmbed(model_path=str(RISK_MODEL_PATH)).initialize()


def test_same_text_in_one_call_gets_the_same_probabilities() -> None:
    model = load_tuned_model()
    rows = model.predict_proba(["I'm furious with him.", "Okay.", "I'm furious with him."])
    assert rows.shape == (3, len(GROUPS))
    assert np.array_equal(rows[0], rows[2])
    assert rows[0][GROUPS.index("anger")] >= model.thresholds["anger"]


def test_fear_is_labelled_on_a_frightened_client_turn() -> None:
    state = run(
        ("client", "I'm so scared about the surgery, I'm terrified something will go wrong.")
    )
    assert "emotion.fear" in state.turns[0].labels
    assert set(state.turns[0].emotions) == set(GROUPS)


def test_joy_and_not_sadness_on_a_happy_turn() -> None:
    state = run(("client", "Thank you so much, I'm really happy with how the week went!"))
    assert "emotion.joy" in state.turns[0].labels
    assert "emotion.sadness" not in state.turns[0].labels


def test_flat_talk_gets_no_emotion_label() -> None:
    state = run(("client", "We took the number 12 bus to the library on Tuesday."))
    assert not state.turns[0].labels


def test_engine_with_the_embeddings_config_runs_the_component() -> None:
    engine = Engine(config=load_config(CONFIG_PATH))
    analysis = engine.analyze(read_transcript(EXAMPLE)).to_dict()
    assert EmotionsEmbed.name in analysis["engine"]["detectors"]
    assert "talkingcure.emotions.v1" not in analysis["engine"]["detectors"]
    client = [t for t in analysis["turns"] if t["role"] == "client"]
    assert all(set(t["emotions"]) == set(GROUPS) for t in client)


def test_evaluate_with_config_runs_and_names_the_component(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    data = write_sets(tmp_path / "data")
    out = tmp_path / "evaluation.md"
    args = ["evaluate", "--data", str(data), "--sets", "goemotions", "--output", str(out)]
    result = CliRunner().invoke(app(), [*args, "--config", str(CONFIG_PATH)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert f"--config {CONFIG_PATH}" in text
    assert f"Config evaluated: `{CONFIG_PATH}`, not the default engine" in text
    assert f"{EmotionsEmbed.name} 2.0.0" in text
    assert "talkingcure.emotions.v1 1.0.0" not in text
    assert f"{EmotionsEmbed.name} (GoEmotions, embeddings extra)" in text
    assert "held-out part (6265 items, where the thresholds were chosen" in text
    assert "dev (5426 items, no choice made on it): macro-F1 0.62" in text
