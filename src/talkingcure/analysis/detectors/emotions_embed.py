"""``talkingcure.emotions_embed.v1``: the emotion head of all-MiniLM-L6-v2 fine-tuned on GoEmotions.

Optional (the ``embeddings`` extra: ``make install-embeddings``). It is
``talkingcure.emotions.v1`` in every respect (what it scores, sentence evidence, intensity,
thresholds per group) except its model. Since 2.0.0 that is the pinned all-MiniLM-L6-v2 with
rank-8 low-rank adapters (LoRA) and six sigmoid outputs over the mean-pooled tokens, read by
:class:`minilm_tuned.TunedClassifier`; the thresholds per group were chosen on a held-out seventh
of GoEmotions train. Trained by ``training/train_emotions_tuned.py`` on GoEmotions train
(Apache-2.0) only; the artefact ``models/emotions_tuned.joblib`` holds the adapters, the head
and the metadata (about 550 KB), the encoder's weights come from the extra. Figures:
``training/emotions_tuned_results.md``. (1.0.0 added MiniLM sentence embeddings as columns
beside the TF-IDF features of the default head; its figures are in
``training/compare_embed_results.md``.)

Switch it on with the packaged config ``talkingcure/analysis/config/embeddings.toml`` (the
default pipeline with this component in place of ``talkingcure.emotions.v1``; in a checkout
``src/talkingcure/analysis/config/embeddings.toml``)::

    talkingcure analyze --config src/talkingcure/analysis/config/embeddings.toml session.txt
    talkingcure evaluate --data ../shared/data \
        --config src/talkingcure/analysis/config/embeddings.toml

Without the extra it does not start: ``initialize`` raises ``EmbeddingsUnavailable`` with the
install command, and the default pipeline never uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from talkingcure.analysis.detectors.emotion_model import GROUPS
from talkingcure.analysis.detectors.emotions import Emotions
from talkingcure.analysis.registry import register

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "emotions_tuned.joblib"
CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "embeddings.toml"
TRAINER = "train_emotions_tuned.py"


@dataclass(frozen=True)
class TunedEmotionModel:
    """The fine-tuned classifier with each group's threshold and the trainer's figures."""

    classifier: Any  # minilm_tuned.TunedClassifier
    thresholds: dict[str, float]
    meta: dict[str, Any]

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Group probabilities, one row per text (each distinct text read once)."""
        if not texts:
            return np.zeros((0, len(GROUPS)))
        return np.asarray(self.classifier.predict(texts), dtype=np.float64)


@lru_cache(maxsize=2)
def load_tuned_model(path: Path = MODEL_PATH) -> TunedEmotionModel:
    """Load (once per process) the fine-tuned head; the extra must be installed."""
    from talkingcure.analysis.detectors.minilm_embed import require_artefact
    from talkingcure.analysis.detectors.minilm_tuned import TunedClassifier

    classifier = TunedClassifier(require_artefact(path, TRAINER))
    meta = classifier.meta
    if tuple(meta.get("labels", ())) != GROUPS or set(meta.get("thresholds", {})) != set(GROUPS):
        raise ValueError(
            f"{path} does not score and threshold the groups {', '.join(GROUPS)}; "
            f"rebuild it with python training/{TRAINER}"
        )
    thresholds = {group: float(meta["thresholds"][group]) for group in GROUPS}
    return TunedEmotionModel(classifier, thresholds, dict(meta))


@register
class EmotionsEmbed(Emotions):
    """``talkingcure.emotions.v1`` with all-MiniLM-L6-v2 fine-tuned on GoEmotions as its model."""

    name: ClassVar[str] = "talkingcure.emotions_embed.v1"
    version: ClassVar[str] = "2.0.0"
    # Groups whose F1 on GoEmotions dev is below the 0.58 target (the artefact's
    # meta["dev_f1"]; a test checks the two agree).
    candidate_labels: ClassVar[tuple[str, ...]] = ("emotion.disgust",)

    def initialize(self) -> None:
        self.model_ = load_tuned_model(Path(self.model_path) if self.model_path else MODEL_PATH)
