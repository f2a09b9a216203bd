"""MiniLM fine-tuned with low-rank adapters (LoRA) as a classifier, for the ``embeddings`` extra.

The pinned all-MiniLM-L6-v2 weights (:mod:`minilm_embed`) stay as shipped; a fine-tuned model is
stored as the small low-rank matrices ``A`` (r x in) and ``B`` (out x r) for some of its linear
layers plus a linear head over the mean-pooled token states. At load time each adapted weight
becomes ``W + scale * B @ A`` (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language
Models"), so running the model costs what the plain encoder costs.

Training (``training/train_risk_tuned.py``) wraps the same layers in :class:`LoRALinear`; the
artefact written by :func:`save_adapters` holds only the adapters, the head and the metadata.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import joblib
import numpy as np

FORMAT = "talkingcure.minilm_lora/1"
MAX_TOKENS = 128
T = TypeVar("T")
WINDOW = 3  # sentences read together: a statement of risk often spans two or three


def runs(items: Sequence[T], size: int = WINDOW) -> list[list[T]]:
    """Runs of ``size`` consecutive items (one run of all of them when there are fewer): how
    both the trainer and the risk screen cut a turn's sentences."""
    size = min(size, len(items))
    return [list(items[i : i + size]) for i in range(len(items) - size + 1)] if items else []


def torch_modules() -> tuple[Any, Any]:
    """``(torch, torch.nn)``; the extra must be installed (checked by the caller)."""
    import torch
    from torch import nn

    return torch, nn


def base_model() -> tuple[Any, Any]:
    """The pinned MiniLM for training (tokenizer, PyTorch BertModel) on the CPU, in eval mode."""
    from talkingcure.analysis.detectors.minilm_embed import checked_model_dir

    folder = str(checked_model_dir())  # checks the weights' hash
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, local_files_only=True)
    model.eval()
    return tokenizer, model


def adapted_layers(model: Any, targets: tuple[str, ...]) -> dict[str, Any]:
    """The model's linear layers whose dotted name ends with one of ``targets``."""
    _, nn = torch_modules()
    return {
        name: module
        for name, module in model.named_modules()
        if isinstance(module, nn.Linear) and name.endswith(targets)
    }


def make_lora_linear(base: Any, rank: int, alpha: float, seed: int) -> Any:
    """A trainable low-rank adapter around the frozen linear layer ``base``."""
    torch, nn = torch_modules()

    class LoRALinear(nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.base = base
            for parameter in base.parameters():
                parameter.requires_grad_(False)
            generator = torch.Generator().manual_seed(seed)
            bound = 1.0 / math.sqrt(base.in_features)
            a = (torch.rand(rank, base.in_features, generator=generator) * 2 - 1) * bound
            self.lora_a = nn.Parameter(a)
            self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
            self.scale = alpha / rank

        def forward(self, x: Any) -> Any:
            return self.base(x) + (x @ self.lora_a.T @ self.lora_b.T) * self.scale

    return LoRALinear()


def mean_pool(hidden: Any, mask: Any) -> Any:
    """Mean of the token states where ``mask`` is 1 (as all-MiniLM-L6-v2 pools)."""
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)


def save_adapters(
    path: Path,
    adapters: dict[str, tuple[np.ndarray, np.ndarray]],
    head: tuple[np.ndarray, np.ndarray],
    scale: float,
    meta: dict[str, Any],
) -> None:
    """Write ``{layer: (A, B)}``, the head ``(weight, bias)`` and ``meta`` (float16 matrices)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        "adapters": {
            n: (a.astype(np.float16), b.astype(np.float16)) for n, (a, b) in adapters.items()
        },
        "head": (head[0].astype(np.float32), head[1].astype(np.float32)),
        "scale": scale,
        "meta": meta,
    }
    joblib.dump(data, path, compress=3)


class TunedClassifier:
    """The pinned MiniLM with adapters merged in and a sigmoid head: ``predict(texts)``."""

    def __init__(self, path: Path) -> None:
        from talkingcure.analysis.detectors.minilm_embed import checked_model_dir
        from talkingcure.analysis.detectors.minilm_numpy import MiniLM, merged_deltas

        data = joblib.load(path)
        if data.get("format") != FORMAT:
            raise ValueError(f"{path} is not a {FORMAT} artefact")
        self.meta: dict[str, Any] = data["meta"]
        try:
            self.encoder = MiniLM(
                checked_model_dir(), merged_deltas(data["adapters"], data["scale"])
            )
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from exc
        weight, bias = data["head"]
        self.weight = np.asarray(weight, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)

    def predict(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Probabilities, one row per text and one column per head output (each distinct text
        read once)."""
        if not texts:
            return np.zeros((0, len(self.bias)), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        pooled = self.encoder.embed(unique, MAX_TOKENS, batch_size)
        logits = pooled @ self.weight.T + self.bias
        probabilities: np.ndarray = (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
        if len(unique) == len(texts):
            return probabilities
        row = {text: i for i, text in enumerate(unique)}
        return probabilities[[row[text] for text in texts]]
