"""``talkingcure.risk_embed.v1``: an optional semantic risk screen with MiniLM sentence embeddings.

Optional (the ``embeddings`` extra: ``pip install 'talkingcure[embeddings]'``). It runs after
``talkingcure.risk.v1`` and only adds: a client sentence is flagged for a risk label when its
all-MiniLM-L6-v2 embedding is close to statements of that label and not closer to statements
that are not risk (idioms, denials, someone else's risk, ordinary low mood).

Scoring (a k-nearest-prototype margin, chosen over a logistic head by measurement in
``training/risk_embed_results.md``): for each label, the mean cosine similarity of the sentence
to its ``k`` nearest prototypes of that label must reach ``min_similarity``, and exceed the mean
similarity to its ``k`` nearest non-risk prototypes by at least ``margin``. The prototypes are our
own synthetic statements only (``gold/risk.jsonl``, ``gold/risk_heldout.jsonl``,
``gold/risk_blind.jsonl`` and ``detectors/data/risk_prototypes.jsonl``); their embeddings and
the thresholds are stored in ``models/risk_embed.joblib`` by ``training/train_risk_embed.py``, so
only the transcript's sentences are encoded at run time.

It never removes or changes a rules flag: a label the rules already gave a turn is left alone,
and a sentence the rules read as a denial or as someone else's risk (``risk_denial``,
``risk_exposure`` findings) is not screened. Its flags carry a lower score than the rules'
broad screen and say "semantic screen: resembles <label> statements; review", with the sentence
as evidence; like every risk finding they are always surfaced.

Without the extra it does not start: ``initialize`` raises ``EmbeddingsUnavailable`` with the
install command.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import joblib
import numpy as np

from talkingcure.analysis.findings import Evidence, Finding
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "risk_embed.joblib"
FORMAT = "talkingcure.risk_embed/1"
LABELS = ("risk.suicide", "risk.self_harm", "risk.harm_to_others", "risk.substance_use")
NOT_RISK = -1  # prototype label index of a non-risk statement
# Below the rules' broad screen (0.4 in risk_screen.toml): a resemblance, not a rule.
SCORE = 0.3
SKIPPED_FINDINGS = ("risk_denial", "risk_exposure")


@dataclass(frozen=True)
class PrototypeModel:
    """Unit-length prototype embeddings with their label index (``NOT_RISK`` or into LABELS)."""

    prototypes: np.ndarray
    labels: np.ndarray
    k: int
    min_similarity: float
    margin: float

    def similarities(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per sentence: mean similarity to the ``k`` nearest prototypes of each label
        (rows x labels) and to the ``k`` nearest non-risk prototypes (rows)."""
        sims = embeddings.astype(np.float32) @ self.prototypes.astype(np.float32).T
        negative = _top_k_mean(sims[:, self.labels == NOT_RISK], self.k)
        positive = np.stack(
            [_top_k_mean(sims[:, self.labels == i], self.k) for i in range(len(LABELS))], axis=1
        )
        return positive, negative

    def flags(self, embeddings: np.ndarray) -> np.ndarray:
        """Boolean rows x labels: the sentence resembles that label's statements."""
        positive, negative = self.similarities(embeddings)
        return (positive >= self.min_similarity) & (positive - negative[:, None] >= self.margin)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "label_names": list(LABELS),
            "prototypes": self.prototypes.astype(np.float16),
            "labels": self.labels.astype(np.int8),
            "k": self.k,
            "min_similarity": self.min_similarity,
            "margin": self.margin,
        }
        joblib.dump(data, path, compress=3)

    @classmethod
    def load(cls, path: Path) -> PrototypeModel:
        data = joblib.load(path)
        if data.get("format") != FORMAT or tuple(data.get("label_names", ())) != LABELS:
            raise ValueError(f"{path} is not a {FORMAT} artefact")
        return cls(
            prototypes=np.asarray(data["prototypes"], dtype=np.float32),
            labels=np.asarray(data["labels"], dtype=np.int64),
            k=int(data["k"]),
            min_similarity=float(data["min_similarity"]),
            margin=float(data["margin"]),
        )


def _top_k_mean(sims: np.ndarray, k: int) -> np.ndarray:
    if sims.shape[1] == 0:
        return np.full(sims.shape[0], -1.0, dtype=np.float32)
    k = min(k, sims.shape[1])
    return np.asarray(np.sort(sims, axis=1)[:, -k:].mean(axis=1))


@lru_cache(maxsize=2)
def load_prototype_model(path: Path = MODEL_PATH) -> PrototypeModel:
    """Load (once per process) the prototypes; the encoder is checked to be installed."""
    from talkingcure.analysis.detectors.minilm_embed import require_artefact

    return PrototypeModel.load(require_artefact(path, "train_risk_embed.py"))


@dataclass(frozen=True)
class Sentence:
    turn: int
    start: int
    end: int
    text: str


def client_sentences(state: AnalysisState) -> list[Sentence]:
    """Client sentences to screen: not overlapping words the rules read as a denial or as
    someone else's risk. Without a parse a turn is one sentence."""
    skipped = _skipped_spans(state)
    found = []
    for turn in state.transcript.turns:
        if turn.is_therapist or not turn.text.strip():
            continue
        doc = state.docs[turn.index] if turn.index < len(state.docs) else None
        spans = [(s.start_char, s.end_char) for s in doc.sents] if doc is not None else []
        for start, end in spans or [(0, len(turn.text))]:
            text = turn.text[start:end].strip()
            blocked = skipped.get(turn.index, [])
            if text and not any(b_start < end and start < b_end for b_start, b_end in blocked):
                found.append(Sentence(turn.index, start, end, text))
    return found


def _skipped_spans(state: AnalysisState) -> dict[int, list[tuple[int, int]]]:
    spans: dict[int, list[tuple[int, int]]] = {}
    for finding in state.findings:
        if finding.kind in SKIPPED_FINDINGS:
            for evidence in finding.evidence:
                spans.setdefault(evidence.turn, []).append((evidence.start, evidence.end))
    return spans


@register
class RiskEmbedScreen:
    """Adds risk labels for client sentences that resemble risk statements (review, not rules)."""

    name: ClassVar[str] = "talkingcure.risk_embed.v1"
    version: ClassVar[str] = "1.0.0"
    # "finding:risk" makes the pipeline run talkingcure.risk.v1 first.
    requires: ClassVar[tuple[str, ...]] = ("docs", "finding:risk")
    assigns: ClassVar[tuple[str, ...]] = (
        *(f"label:{label}" for label in LABELS),
        "finding:risk",
    )
    candidate_labels: ClassVar[tuple[str, ...]] = ()

    def __init__(self, model_path: str | None = None) -> None:
        self.model_path = model_path

    def initialize(self) -> None:
        path = Path(self.model_path) if self.model_path else MODEL_PATH
        self.model_ = load_prototype_model(path)

    def __call__(self, state: AnalysisState) -> None:
        from talkingcure.analysis.detectors.minilm_embed import analysis_cache, encode

        sentences = client_sentences(state)
        if not sentences:
            return
        texts = [s.text for s in sentences]
        flags = self.model_.flags(encode(texts, cache=analysis_cache(state)))
        flagged: dict[tuple[int, str], list[Sentence]] = {}
        for sentence, row in zip(sentences, flags, strict=True):
            for index in np.flatnonzero(row):
                label = LABELS[index]
                if label not in state.turns[sentence.turn].labels:  # the rules' flag stands
                    flagged.setdefault((sentence.turn, label), []).append(sentence)
        for (turn, label), group in flagged.items():
            evidence = [state.evidence_span(turn, s.start, s.end) for s in group]
            state.add_label(turn, label, SCORE, evidence)
            state.add_finding(semantic_finding(turn, label, evidence))


def semantic_finding(turn: int, label: str, evidence: list[Evidence]) -> Finding:
    quotes = "; ".join(f'"{e.quote}"' for e in evidence)
    return Finding(
        kind="risk",
        turns=(turn,),
        score=SCORE,
        detector=RiskEmbedScreen.name,
        evidence=tuple(evidence),
        explanation=(
            f"Possible risk language - semantic screen: resembles {label} statements; review: "
            f"{quotes}. Sentence-embedding similarity, not a rule: lower confidence, may be a "
            "false alarm."
        ),
        candidate=False,
        extra=_extra(label),
    )


def _extra(label: str) -> dict[str, Any]:
    return {"risk": label.removeprefix("risk."), "always_surfaced": True, "tier": "semantic"}
