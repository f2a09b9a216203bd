"""The NumPy MiniLM encoder decides as the PyTorch model the embedding components were trained
and measured with (``training/train_risk_tuned.py``, ``training/train_emotions_tuned.py``).

The reference is PyTorch and ``transformers``/``sentence-transformers`` (``make
install-training``): without them these tests skip, saying so; CI installs them and runs them.
The texts are the project's synthetic risk statements (the gold sets) and sentences written here.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import joblib
import numpy as np
import pytest

from talkingcure.analysis.detectors import minilm_embed
from talkingcure.analysis.detectors.minilm_tuned import MAX_TOKENS, TunedClassifier
from talkingcure.analysis.detectors.risk_embed import LABELS, MODEL_PATH, answer_pair
from tests.analysis.emotion_helpers import require_embeddings_extra
from tests.analysis.gold_runner import GOLD_DIR
from tests.conftest import require_service

pytestmark = pytest.mark.slow

WRITTEN_HERE = [
    "",  # an empty turn still gets a row
    "ok",
    "   leading and trailing spaces   ",
    "Ünïcödé, emoji 🙂 and a tab\there.",
    "word " * 400,  # far past the token limit: cut as the trained model cut it
]


def require_torch() -> None:
    require_embeddings_extra()
    found = all(importlib.util.find_spec(n) for n in ("torch", "sentence_transformers"))
    require_service(
        "PyTorch and sentence-transformers (the reference)", found, "make install-training"
    )


def gold_texts(limit: int) -> list[str]:
    texts = []
    for path in sorted(GOLD_DIR.glob("risk*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts.append(record["text"])
            if record.get("context"):
                texts.append(answer_pair(record["context"][-1][1], record["text"]))
    return texts[:limit] + WRITTEN_HERE


def torch_reference(texts: list[str]) -> np.ndarray:
    """The shipped screen as training builds it: PyTorch BertModel with the adapters merged."""
    import torch

    from talkingcure.analysis.detectors.minilm_tuned import adapted_layers, base_model, mean_pool

    data: dict[str, Any] = joblib.load(MODEL_PATH)
    tokenizer, model = base_model()
    layers = adapted_layers(model, tuple(data["adapters"]))
    weight, bias = (torch.from_numpy(np.asarray(m, dtype=np.float32)) for m in data["head"])
    rows = []
    with torch.no_grad():
        for name, (a, b) in data["adapters"].items():
            delta = b.astype(np.float32) @ a.astype(np.float32)
            layers[name].weight += data["scale"] * torch.from_numpy(delta)
        for start in range(0, len(texts), 32):
            batch = tokenizer(
                texts[start : start + 32],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            hidden = model(**batch).last_hidden_state
            logits = mean_pool(hidden, batch["attention_mask"]) @ weight.T + bias
            rows.append(torch.sigmoid(logits).numpy())
    return np.concatenate(rows)


def test_the_risk_screen_decides_as_the_pytorch_model_it_was_trained_as() -> None:
    require_torch()
    texts = gold_texts(1000)
    reference = torch_reference(texts)
    ours = TunedClassifier(MODEL_PATH).predict(texts)
    assert ours.shape == reference.shape == (len(texts), len(LABELS))
    assert np.abs(ours - reference).max() < 1e-4
    meta = joblib.load(MODEL_PATH)["meta"]
    for kind in ("thresholds", "answer_thresholds"):
        chosen = np.array([meta[kind][label] for label in LABELS])
        assert ((ours >= chosen) == (reference >= chosen)).all(), kind


def test_sentence_embeddings_match_sentence_transformers() -> None:
    require_torch()
    from sentence_transformers import SentenceTransformer

    texts = gold_texts(300)
    model = SentenceTransformer(str(minilm_embed.checked_model_dir()), device="cpu")
    reference = model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    ours = minilm_embed.encode(texts)
    assert ours.shape == reference.shape
    assert np.abs(ours - reference).max() < 1e-4
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_batch_gives_each_text_what_it_gets_alone() -> None:
    """Padding a short text beside a long one must not change it."""
    require_embeddings_extra()
    classifier = TunedClassifier(MODEL_PATH)
    texts = ["I keep thinking everyone would be better off without me.", "word " * 200, "ok"]
    together = classifier.predict(texts)
    alone = np.concatenate([classifier.predict([text]) for text in texts])
    assert np.abs(together - alone).max() < 1e-5
    assert classifier.predict([]).shape == (0, len(LABELS))
