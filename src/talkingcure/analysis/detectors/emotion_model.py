"""The trained emotion head: features, artefact format and prediction.

Six Ekman groups of GoEmotions (anger, disgust, fear, joy, sadness, surprise), one binary
logistic-regression head per group over hashed word 1-2-grams, hashed character 2-5-grams
(within word boundaries) and four VADER scores. An artefact trained with ``negation`` also
counts ``neg_``-marked copies of the words that follow a negator (see :func:`mark_negation`).
The artefact stores only arrays (IDF weights, coefficients, intercepts, per-group thresholds),
no pickled estimators, so it stays small and loads with any scikit-learn version.
``training/train_emotions.py`` writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

GROUPS: tuple[str, ...] = ("anger", "disgust", "fear", "joy", "sadness", "surprise")
MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "emotions.joblib"
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
VADER_WEIGHT = 1.0


@lru_cache(maxsize=1)
def vader() -> SentimentIntensityAnalyzer:
    """One VADER analyser per process (it reads its lexicon file on construction)."""
    return SentimentIntensityAnalyzer()


# Words (with inner apostrophes) and the punctuation that carries emotion.
EMOTION_TOKENS = r"(?u)\b\w[\w']*\b|[!?]"
NEGATOR = re.compile(
    r"\b(?:not|no|never|nothing|nobody|none|cannot|can't|won't|don't|doesn't|didn't|isn't"
    r"|aren't|wasn't|weren't|shouldn't|wouldn't|couldn't|haven't|hasn't|ain't|nor)\b",
    re.IGNORECASE,
)
CLAUSE_END = re.compile(r"([.,!?;:])")
NEGATED_WORDS = 4


def mark_negation(text: str) -> str:
    """``text`` plus ``neg_`` copies of up to four words after a clause's first negator.

    A clause ends at ``. , ! ? ; :``. "I'm not happy at all" gains "neg_happy neg_at neg_all",
    so the word model can tell a negated emotion word from a plain one.
    """
    out = []
    for clause in CLAUSE_END.split(text):
        found = NEGATOR.search(clause)
        if found:
            tail = re.findall(r"\w[\w']*", clause[found.end() :])[:NEGATED_WORDS]
            clause = clause + " " + " ".join("neg_" + w for w in tail)
        out.append(clause)
    return "".join(out)


def hashing_vectorizers(
    word_features: int = WORD_FEATURES,
    char_features: int = CHAR_FEATURES,
    token_pattern: str = EMOTION_TOKENS,
) -> tuple[HashingVectorizer, HashingVectorizer]:
    """Hashed word 1-2-gram and character 2-5-gram counters (the emotion and risk heads')."""
    words = HashingVectorizer(
        n_features=word_features,
        ngram_range=(1, 2),
        lowercase=True,
        alternate_sign=False,
        norm=None,
        token_pattern=token_pattern,
    )
    chars = HashingVectorizer(
        n_features=char_features,
        analyzer="char_wb",
        ngram_range=(2, 5),
        lowercase=True,
        alternate_sign=False,
        norm=None,
    )
    return words, chars


def vader_scores(texts: list[str]) -> np.ndarray:
    """VADER (compound, positive, negative, neutral) per text."""
    analyser = vader()
    rows = []
    for text in texts:
        s = analyser.polarity_scores(text)
        rows.append((s["compound"], s["pos"], s["neg"], s["neu"]))
    return np.asarray(rows, dtype=np.float64).reshape(len(texts), 4)


def raw_counts(
    texts: list[str],
    word_features: int = WORD_FEATURES,
    char_features: int = CHAR_FEATURES,
    negation: bool = False,
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Hashed word and character n-gram counts (before IDF weighting).

    With ``negation`` the word counts also see the ``neg_`` words of :func:`mark_negation`
    (the character counts never do).
    """
    words, chars = hashing_vectorizers(word_features, char_features)
    word_texts = [mark_negation(t) for t in texts] if negation else texts
    return words.transform(word_texts).tocsr(), chars.transform(texts).tocsr()


def sublinear_tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF-IDF of hashed counts, each row scaled to unit length."""
    out = counts.astype(np.float64)
    out.data = 1.0 + np.log(out.data)  # sublinear term frequency
    out = out @ sp.diags(idf.astype(np.float64))
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ out)


def idf_weights(counts: sp.csr_matrix) -> np.ndarray:
    """Smoothed IDF, as scikit-learn's TfidfTransformer computes it."""
    n_docs = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1 + n_docs) / (1 + df)) + 1.0


def features(
    texts: list[str],
    word_idf: np.ndarray,
    char_idf: np.ndarray,
    vader_rows: np.ndarray | None,
    negation: bool = False,
) -> sp.csr_matrix:
    """The full feature matrix: word TF-IDF | char TF-IDF | VADER scores."""
    word_counts, char_counts = raw_counts(texts, len(word_idf), len(char_idf), negation)
    if vader_rows is None:
        vader_rows = vader_scores(texts)
    dense = sp.csr_matrix(vader_rows * VADER_WEIGHT)
    return sp.hstack(
        [sublinear_tfidf(word_counts, word_idf), sublinear_tfidf(char_counts, char_idf), dense],
        format="csr",
    )


@dataclass(frozen=True)
class EmotionModel:
    """Learned arrays of the emotion model. ``predict_proba`` gives one column per group.

    The model has one binary head per row of ``coef`` (``heads`` names them: the six groups,
    or GoEmotions' fine emotions); a group's probability is the highest of its heads'
    (``members[group]`` lists their rows).
    """

    word_idf: np.ndarray
    char_idf: np.ndarray
    coef: np.ndarray  # (n_heads, n_features)
    intercept: np.ndarray  # (n_heads,)
    thresholds: dict[str, float]
    meta: dict[str, Any]
    heads: tuple[str, ...] = GROUPS
    members: dict[str, tuple[int, ...]] | None = None
    negation: bool = False  # word features include mark_negation's neg_ words

    def head_proba(self, x: sp.csr_matrix) -> np.ndarray:
        logits = np.asarray(x @ self.coef.T.astype(np.float64)) + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

    def group_proba(self, heads: np.ndarray) -> np.ndarray:
        members = self.members or {g: (k,) for k, g in enumerate(GROUPS)}
        return np.column_stack([heads[:, list(members[g])].max(axis=1) for g in GROUPS])

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(GROUPS)))
        x = features(texts, self.word_idf, self.char_idf, None, self.negation)
        return self.group_proba(self.head_proba(x))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "talkingcure.emotions/1",
            "groups": list(GROUPS),
            "word_idf": self.word_idf.astype(np.float32),
            "char_idf": self.char_idf.astype(np.float32),
            # more heads than groups: half precision keeps the artefact under 10 MB
            "coef": self.coef.astype(np.float16 if len(self.heads) > len(GROUPS) else np.float32),
            "intercept": self.intercept.astype(np.float64),
            "thresholds": dict(self.thresholds),
            "meta": dict(self.meta),
            "heads": list(self.heads),
            "members": {g: list(v) for g, v in (self.members or {}).items()},
            "negation": self.negation,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EmotionModel:
        if data.get("format") != "talkingcure.emotions/1" or list(data["groups"]) != list(GROUPS):
            raise ValueError("emotions model artefact has an unknown format")
        return cls(
            word_idf=np.asarray(data["word_idf"], dtype=np.float64),
            char_idf=np.asarray(data["char_idf"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float32),
            intercept=np.asarray(data["intercept"], dtype=np.float64),
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            meta=dict(data.get("meta", {})),
            heads=tuple(data.get("heads", GROUPS)),
            members={g: tuple(v) for g, v in data.get("members", {}).items()} or None,
            negation=bool(data.get("negation", False)),
        )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.to_dict(), path, compress=3)


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> EmotionModel:
    """Load (once per process) the shipped emotion model."""
    if not path.exists():
        raise FileNotFoundError(
            f"emotion model {path} is missing; build it with python training/train_emotions.py"
        )
    return EmotionModel.from_dict(joblib.load(path))
