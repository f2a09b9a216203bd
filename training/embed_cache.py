"""Embed a list of texts once with MiniLM and keep the rows in ``/tmp/embed_cache`` (npy).

Used by ``compare_embed.py`` and ``train_*_embed.py``: the machine has two shared cores, so every
set is embedded once and reused. The cache key is the SHA-256 of the texts and the pinned weights.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import numpy as np

from talkingcure.analysis.detectors.minilm_embed import WEIGHTS_SHA256, encode

# Scratch space shared by the training scripts on one machine (rebuilt when missing).
CACHE = Path(os.environ.get("TALKINGCURE_EMBED_CACHE", "/tmp/embed_cache"))  # noqa: S108


def texts_key(texts: list[str]) -> str:
    digest = hashlib.sha256(WEIGHTS_SHA256.encode())
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


def embed_unique(texts: list[str], name: str, cache: Path = CACHE) -> dict[str, np.ndarray]:
    """Text -> embedding row for every distinct text in ``texts`` (cached between runs)."""
    unique = sorted(set(texts))
    path = cache / f"{name}-{texts_key(unique)}.npy"
    if path.exists():
        rows = np.load(path)
    else:
        started = time.time()
        rows = encode(unique)
        cache.mkdir(parents=True, exist_ok=True)
        np.save(path, rows)
        print(f"embedded {len(unique)} {name} texts in {time.time() - started:.0f} s", flush=True)
    return dict(zip(unique, rows, strict=True))
