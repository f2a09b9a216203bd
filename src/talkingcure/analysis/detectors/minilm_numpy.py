"""all-MiniLM-L6-v2 run with NumPy: the sentence-embedding components without PyTorch.

The engine only ever runs the pinned MiniLM forward (six BERT layers, mean pooling); PyTorch is
needed to *train* an adapter or a head (``training/``), not to run one. So at analysis time the
encoder is this plain NumPy transcription of Hugging Face's ``BertModel`` (Devlin et al. 2019,
"BERT"; the layer order and the exact-erf GELU as in ``transformers``' ``modeling_bert.py``): the
weights are read from the packaged ``model.safetensors`` with the ``safetensors`` package and the
text is cut into word pieces by the ``tokenizers`` package from the packaged ``tokenizer.json``,
both maintained by Hugging Face. A test checks that it decides exactly as the PyTorch model the
artefacts were trained and measured with (``tests/analysis/test_minilm_numpy.py``).

Dependencies: ``numpy``, ``scipy`` (erf), ``safetensors``, ``tokenizers`` and the weights package
(the ``embeddings`` extra); about 100 MB where PyTorch and ``transformers`` take about 900 MB.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from scipy.special import erf

LAYERS = 6
HEADS = 12
EPSILON = 1e-12  # layer_norm_eps of the pinned config.json
Weights = dict[str, np.ndarray]


class MiniLM:
    """The pinned encoder: ``hidden(texts, max_tokens)`` gives token states and their mask."""

    def __init__(self, folder: Path, deltas: Mapping[str, np.ndarray] | None = None) -> None:
        """Load the weights in ``folder``; ``deltas`` (``{layer name: matrix}``) are added to the
        named linear layers' weights (merged low-rank adapters, :mod:`minilm_tuned`)."""
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.weights: Weights = load_file(str(folder / "model.safetensors"))
        for name, delta in (deltas or {}).items():
            key = f"{name}.weight"
            if key not in self.weights:
                raise ValueError(f"the encoder has no layer {name}")
            self.weights[key] = self.weights[key] + delta.astype(np.float32)
        for key in [k for k in self.weights if k.endswith(".weight") and "encoder." in k]:
            if self.weights[key].ndim == 2:  # linear layers: stored transposed, for x @ W
                self.weights[key] = np.ascontiguousarray(self.weights[key].T)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))

    def tokenize(self, texts: list[str], max_tokens: int) -> tuple[np.ndarray, np.ndarray]:
        """Word-piece ids and attention mask, padded to the longest text, cut at ``max_tokens``
        (``[CLS]`` and ``[SEP]`` included), as the ``transformers`` tokenizer does."""
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 (not a password)
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
        return ids, mask

    def hidden(self, texts: list[str], max_tokens: int) -> tuple[np.ndarray, np.ndarray]:
        """The last layer's token states (batch x tokens x 384) and the attention mask."""
        ids, mask = self.tokenize(texts, max_tokens)
        w = self.weights
        positions = np.arange(ids.shape[1])
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = layer_norm(x, w, "embeddings.LayerNorm")
        blocked = (1.0 - mask)[:, None, None, :] * np.finfo(np.float32).min
        for layer in range(LAYERS):
            x = encoder_layer(x, blocked, w, f"encoder.layer.{layer}")
        return x, mask

    def embed(self, texts: list[str], max_tokens: int, batch_size: int) -> np.ndarray:
        """Mean-pooled token states, one float32 row per text (not normalised). Texts are
        batched by length, so that little padding is computed (padding changes no result)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        order = np.argsort([len(text) for text in texts], kind="stable")
        rows = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            chosen = order[start : start + batch_size]
            rows[chosen] = mean_pool(*self.hidden([texts[i] for i in chosen], max_tokens))
        return rows


def encoder_layer(x: np.ndarray, blocked: np.ndarray, w: Weights, name: str) -> np.ndarray:
    """One BERT layer: self-attention, then the feed-forward block, each with its residual."""
    attended = linear(
        attention(x, blocked, w, f"{name}.attention.self"), w, f"{name}.attention.output.dense"
    )
    x = layer_norm(attended + x, w, f"{name}.attention.output.LayerNorm")
    inner = gelu(linear(x, w, f"{name}.intermediate.dense"))
    return layer_norm(linear(inner, w, f"{name}.output.dense") + x, w, f"{name}.output.LayerNorm")


def attention(x: np.ndarray, blocked: np.ndarray, w: Weights, name: str) -> np.ndarray:
    """Multi-head scaled dot-product self-attention; ``blocked`` hides padding."""
    batch, tokens, width = x.shape
    size = width // HEADS

    def heads(part: str, order: tuple[int, ...] = (0, 2, 1, 3)) -> np.ndarray:
        split = linear(x, w, f"{name}.{part}").reshape(batch, tokens, HEADS, size)
        return np.ascontiguousarray(split.transpose(order))  # contiguous: BLAS per head

    query, key, value = heads("query"), heads("key", (0, 2, 3, 1)), heads("value")
    scores = query @ key
    scores *= np.float32(1.0 / math.sqrt(size))
    scores += blocked
    scores -= scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
    return (scores @ value).transpose(0, 2, 1, 3).reshape(batch, tokens, width)


def linear(x: np.ndarray, w: Weights, name: str) -> np.ndarray:
    """``x @ W.T + b`` as one matrix product over every token (W is kept transposed)."""
    weight = w[f"{name}.weight"]
    flat = x.reshape(-1, x.shape[-1]) @ weight + w[f"{name}.bias"]
    result: np.ndarray = flat.reshape(*x.shape[:-1], weight.shape[1])
    return result


def layer_norm(x: np.ndarray, w: Weights, name: str) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normed = (x - mean) / np.sqrt(variance + EPSILON)
    result: np.ndarray = normed * w[f"{name}.weight"] + w[f"{name}.bias"]
    return result


def gelu(x: np.ndarray) -> np.ndarray:
    """The exact GELU (``hidden_act = "gelu"``): x * Phi(x)."""
    result: np.ndarray = (0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))).astype(np.float32)
    return result


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token states where ``mask`` is 1 (as all-MiniLM-L6-v2 pools)."""
    weights = mask[..., None]
    pooled: np.ndarray = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    return pooled.astype(np.float32)


def merged_deltas(
    adapters: Mapping[str, tuple[np.ndarray, np.ndarray]], scale: float
) -> dict[str, np.ndarray]:
    """``{layer: scale * B @ A}`` for low-rank adapters ``{layer: (A, B)}``."""
    return {
        name: scale * (b.astype(np.float32) @ a.astype(np.float32))
        for name, (a, b) in adapters.items()
    }


def missing_packages() -> list[str]:
    """The runtime packages of the encoder that cannot be imported here."""
    missing = []
    for name in ("safetensors", "tokenizers"):
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing
