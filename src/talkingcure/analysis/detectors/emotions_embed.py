"""``talkingcure.emotions_embed.v1``: the emotion head with MiniLM sentence embeddings added.

Optional (the ``embeddings`` extra: ``make install-embeddings``). It is
``talkingcure.emotions.v1`` in every respect (what it scores, sentence evidence, intensity,
thresholds per group) except its head: one binary logistic regression per Ekman group over the
same hashed word and character TF-IDF and VADER scores *plus* the standardised all-MiniLM-L6-v2
embedding of the text (weight 0.05 beside the TF-IDF blocks). Trained by
``training/train_emotions_embed.py`` on GoEmotions train (Apache-2.0) only; the artefact
``models/emotions_embed.joblib`` holds only arrays, the encoder comes from the extra.

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

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import joblib
import numpy as np
import scipy.sparse as sp

from talkingcure.analysis.detectors.emotion_model import GROUPS, EmotionModel, features
from talkingcure.analysis.detectors.emotions import Emotions
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "emotions_embed.joblib"
CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "embeddings.toml"
FORMAT = "talkingcure.emotions_embed/1"


def embedding_columns(
    embeddings: np.ndarray, mean: np.ndarray, scale: np.ndarray, weight: float
) -> sp.csr_matrix:
    """Standardised embedding columns, scaled to sit beside the unit-length TF-IDF blocks."""
    return sp.csr_matrix((embeddings - mean) / scale * weight)


@dataclass(frozen=True)
class EmbeddingEmotionModel(EmotionModel):
    """An :class:`EmotionModel` whose coefficients also cover standardised MiniLM columns."""

    emb_mean: np.ndarray = field(default_factory=lambda: np.zeros(0))
    emb_scale: np.ndarray = field(default_factory=lambda: np.ones(0))
    dense_weight: float = 0.05

    def matrix(self, texts: list[str], embeddings: np.ndarray) -> sp.csr_matrix:
        """The design matrix the heads were trained on: TF-IDF, VADER, embedding columns."""
        base = features(texts, self.word_idf, self.char_idf, None)
        dense = embedding_columns(embeddings, self.emb_mean, self.emb_scale, self.dense_weight)
        return sp.hstack([base, dense], format="csr")

    def predict_proba(self, texts: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Group probabilities; ``embeddings`` (one row per text) are computed when not given."""
        if not texts:
            return np.zeros((0, len(GROUPS)))
        from talkingcure.analysis.detectors.minilm_embed import encode

        if embeddings is None:
            embeddings = encode(texts)
        return self.group_proba(self.head_proba(self.matrix(texts, embeddings)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "head": super().to_dict(),
            "emb_mean": self.emb_mean.astype(np.float32),
            "emb_scale": self.emb_scale.astype(np.float32),
            "dense_weight": self.dense_weight,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EmbeddingEmotionModel:
        if data.get("format") != FORMAT:
            raise ValueError("emotions_embed model artefact has an unknown format")
        head = EmotionModel.from_dict(data["head"])
        return cls(
            **{name: getattr(head, name) for name in EmotionModel.__dataclass_fields__},
            emb_mean=np.asarray(data["emb_mean"], dtype=np.float64),
            emb_scale=np.asarray(data["emb_scale"], dtype=np.float64),
            dense_weight=float(data["dense_weight"]),
        )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.to_dict(), path, compress=3)


@lru_cache(maxsize=2)
def load_embedding_model(path: Path = MODEL_PATH) -> EmbeddingEmotionModel:
    """Load (once per process) the trained head; the encoder is checked to be installed."""
    from talkingcure.analysis.detectors.minilm_embed import require_artefact

    return EmbeddingEmotionModel.from_dict(
        joblib.load(require_artefact(path, "train_emotions_embed.py"))
    )


@register
class EmotionsEmbed(Emotions):
    """``talkingcure.emotions.v1`` with a head that also reads MiniLM sentence embeddings."""

    name: ClassVar[str] = "talkingcure.emotions_embed.v1"
    version: ClassVar[str] = "1.0.0"
    # Groups whose F1 on GoEmotions dev is below the 0.58 target
    # (training/compare_embed_results.md).
    candidate_labels: ClassVar[tuple[str, ...]] = (
        "emotion.anger",
        "emotion.disgust",
        "emotion.surprise",
    )

    def initialize(self) -> None:
        path = Path(self.model_path) if self.model_path else MODEL_PATH
        self.model_ = load_embedding_model(path)

    def predict(self, state: AnalysisState, texts: list[str]) -> np.ndarray:
        """Group probabilities, with embeddings shared with the other components of this
        analysis (the semantic risk screen encodes mostly the same client sentences)."""
        from talkingcure.analysis.detectors.minilm_embed import analysis_cache, encode

        assert isinstance(self.model_, EmbeddingEmotionModel)
        return self.model_.predict_proba(texts, encode(texts, cache=analysis_cache(state)))
