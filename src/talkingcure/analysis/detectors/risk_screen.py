"""The broad, lower-confidence screen tier of talkingcure.risk.v1 (data in ``risk_screen.toml``).

The phrase rules in ``risk.toml`` catch wordings someone has already seen; blind batches showed
they miss most new ones. The screen looks up every token (lemma or lower-case form) and a few
short phrases in per-label cue groups (means, acts, ending, body, target, substance ...). Within
one sentence each group counts once, with the weight of its strongest cue; the sentence is
flagged when the summed weight reaches the threshold, e.g. a means ("platform") with an act
("stepping off"), or a self-injury act ("pressed") with one's own body ("my thigh"). Single cues
that are risk language on their own carry the full weight. A cue with ``counts_with`` counts
only beside one of the groups it names (a recipient "for my sister" beside an envelope).

A screen match is a ``risk.*`` label and a ``risk`` finding like any other, but with a lower
score and an explanation saying it is a broad screen to review.

v1.3 adds the learned screen (``RiskModel`` below, used by ``risk._learned``): a small
logistic-regression model over word and character n-grams, the lowest-confidence tier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp

from talkingcure.analysis.detectors.emotion_model import (
    hashing_vectorizers,
    sublinear_tfidf,
)
from talkingcure.analysis.detectors.literal_prefilter import fold, might_match
from talkingcure.analysis.detectors.phrase_rules import (
    Rule,
    RuleMatch,
    compile_pattern,
    find_matches,
    load_data,
    rules_from,
)


@dataclass(frozen=True)
class Cue:
    id: str
    label: str
    group: str
    weight: float
    source: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScreenLexicon:
    words: Mapping[str, tuple[Cue, ...]]
    phrases: tuple[tuple[re.Pattern[str], Cue], ...]
    threshold: float
    score: float
    required: Mapping[str, tuple[frozenset[str], ...]] = field(default_factory=dict)
    first_person: frozenset[str] = frozenset()  # labels whose sentence must say "I" or "we"
    questions: tuple[Rule, ...] = ()  # the therapist asking about a risk
    safety_questions: tuple[Rule, ...] = ()  # asking whether all is well: "no" is the risk
    follow_ups: tuple[Rule, ...] = ()  # "Have you thought about how?": the risk talked of before
    denial_opener: re.Pattern[str] | None = None  # an answer that opens with "No, ..."
    context_groups: frozenset[str] = frozenset()  # groups too common to let the learned tier in


@dataclass(frozen=True)
class ScreenHit:
    cue: Cue
    start: int
    end: int


@dataclass(frozen=True)
class ScreenMatch:
    """Enough cues of one label in one sentence; ``hits`` are the cues that count."""

    label: str
    start: int
    end: int
    hits: tuple[ScreenHit, ...]

    def any_cue_sets(self, key: str, value: Any) -> bool:
        """True if a counted cue sets option ``key`` to ``value``."""
        return any(h.cue.options.get(key) == value for h in self.hits)


_LEXICON: ScreenLexicon | None = None


def load_screen() -> ScreenLexicon:
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = lexicon_from(load_data("risk_screen.toml"))
    return _LEXICON


def lexicon_from(data: Mapping[str, Any]) -> ScreenLexicon:
    macros: Mapping[str, str] = data.get("macros", {})
    words: dict[str, list[Cue]] = {}
    phrases: list[tuple[re.Pattern[str], Cue]] = []
    known = {"id", "label", "group", "weight", "source", "words", "phrases"}
    for entry in data.get("cue", []):
        cue = Cue(
            id=str(entry["id"]),
            label=str(entry["label"]),
            group=str(entry.get("group", entry["id"])),
            weight=float(entry.get("weight", 0.5)),
            source=str(entry.get("source", "")),
            options={k: v for k, v in entry.items() if k not in known},
        )
        for word in entry.get("words", []):
            words.setdefault(str(word).lower(), []).append(cue)
        phrases += [(compile_pattern(p, macros), cue) for p in entry.get("phrases", [])]
    return ScreenLexicon(
        words={w: tuple(c) for w, c in words.items()},
        phrases=tuple(phrases),
        threshold=float(data.get("threshold", 1.0)),
        score=float(data.get("score", 0.4)),
        required={
            str(label): tuple(frozenset(any_of) for any_of in conditions)
            for label, conditions in data.get("require", {}).items()
        },
        first_person=frozenset(data.get("first_person", [])),
        questions=tuple(rules_from(data, "question")),
        safety_questions=tuple(rules_from(data, "safety_question")),
        follow_ups=tuple(rules_from(data, "follow_up_question")),
        denial_opener=re.compile(data["denial_opener"], re.IGNORECASE)
        if "denial_opener" in data
        else None,
        context_groups=frozenset(data.get("learned_context_groups", [])),
    )


def screen_doc(
    doc: Any, lexicon: ScreenLexicon, blocked: Iterable[RuleMatch] = ()
) -> list[ScreenMatch]:
    """Screen matches per sentence of ``doc``; cues overlapping ``blocked`` spans do not count."""
    blocked = list(blocked)
    phrase_hits = _phrase_hits(doc.text, lexicon)  # once per turn, bucketed by sentence below
    matches = []
    for sent in doc.sents:
        hits = _word_hits(sent, lexicon) + [
            h for h in phrase_hits if sent.start_char <= h.start < sent.end_char
        ]
        hits = [h for h in hits if not any(b.overlaps(h.start, h.end) for b in blocked)]
        speaker = any(t.lower_ in ("i", "we") for t in sent)
        matches += [
            m
            for m in _score_sentence(hits, lexicon)
            if speaker
            or m.label not in lexicon.first_person
            or m.any_cue_sets("subject_check", False)
        ]
    return matches


def cue_labels(sent: Any, lexicon: ScreenLexicon) -> set[str]:
    """Labels with at least one cue (of any weight) in the sentence ``sent``, not counting
    the context groups (a person, a setting) that ordinary sentences are full of."""
    cues = [h.cue for h in _word_hits(sent, lexicon)]
    folded = fold(sent.text)
    cues += [
        cue
        for pattern, cue in lexicon.phrases
        if might_match(pattern, folded) and pattern.search(sent.text)
    ]
    return {c.label for c in cues if c.group not in lexicon.context_groups}


def _word_hits(sent: Any, lexicon: ScreenLexicon) -> list[ScreenHit]:
    hits = []
    for token in sent:
        cues = lexicon.words.get(token.lower_, ()) or lexicon.words.get(token.lemma_.lower(), ())
        hits += [ScreenHit(c, token.idx, token.idx + len(token.text)) for c in cues]
    return hits


def _phrase_hits(text: str, lexicon: ScreenLexicon) -> list[ScreenHit]:
    folded = fold(text)
    return [
        ScreenHit(cue, found.start(), found.end())
        for pattern, cue in lexicon.phrases
        if might_match(pattern, folded)
        for found in pattern.finditer(text)
        if found.end() > found.start()
    ]


def _score_sentence(hits: list[ScreenHit], lexicon: ScreenLexicon) -> list[ScreenMatch]:
    """Per label: the strongest hit of each group; a match if their weights reach the threshold
    and each of the label's conditions has one of its groups among them."""
    by_label: dict[str, dict[str, ScreenHit]] = {}
    for hit in _paired(hits):
        groups = by_label.setdefault(hit.cue.label, {})
        best = groups.get(hit.cue.group)
        if best is None or hit.cue.weight > best.cue.weight:
            groups[hit.cue.group] = hit
    matches = []
    for label, groups in sorted(by_label.items()):
        if any(not any_of & groups.keys() for any_of in lexicon.required.get(label, ())):
            continue
        counted = tuple(sorted(groups.values(), key=lambda h: h.start))
        if sum(h.cue.weight for h in counted) >= lexicon.threshold - 1e-9:
            start = min(h.start for h in counted)
            end = max(h.end for h in counted)
            matches.append(ScreenMatch(label, start, end, counted))
    return matches


def _paired(hits: list[ScreenHit]) -> list[ScreenHit]:
    """The hits that count: a cue with ``counts_with`` counts only beside a hit of the same label
    in one of those groups ("for my sister" is preparation only beside an envelope or passwords)."""
    present = {(h.cue.label, h.cue.group) for h in hits}

    def counts(hit: ScreenHit) -> bool:
        partners = [g for g in hit.cue.options.get("counts_with", ()) if g != hit.cue.group]
        return not partners or any((hit.cue.label, g) in present for g in partners)

    return [h for h in hits if counts(h)]


def asked_about(question: str, lexicon: ScreenLexicon, kind: str = "questions") -> list[RuleMatch]:
    """Risk questions in a therapist turn: matches inside a sentence that ends with "?".
    ``kind="safety_questions"``: the questions whose "no" is the risk ("Can you keep yourself
    safe tonight?", "Are the marks from the cat?")."""
    asked = []
    rules: tuple[Rule, ...] = getattr(lexicon, kind)
    for match in find_matches(rules, question):
        ends = [i for i in (question.find(p, match.end) for p in ".!?") if i >= 0]
        if ends and question[min(ends)] == "?":
            asked.append(match)
    return asked


def denies(answer: str, lexicon: ScreenLexicon) -> bool:
    """True if the answer opens with a denial ("No.", "Never.", "I haven't.")."""
    return lexicon.denial_opener is not None and bool(lexicon.denial_opener.match(answer))


# --- learned screen (v1.3) -------------------------------------------------------------------
# A small logistic-regression screen over hashed word 1-2-grams and character 2-5-grams, one
# head per risk label, trained by training/train_risk_screen.py on the project's own synthetic
# statements (gold/risk*.jsonl, data/risk_screen_train.toml) with filtered GoEmotions comments as
# ordinary negatives. It generalises over wording the cue groups do not list; it is the lowest
# confidence tier. The artefact stores arrays only (no pickled estimators).

MODEL_LABELS: tuple[str, ...] = (
    "risk.suicide",
    "risk.self_harm",
    "risk.harm_to_others",
    "risk.substance_use",
)
MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "risk_screen.joblib"
MODEL_FORMAT = "talkingcure.risk_screen/1"
HASH_FEATURES = 2**16


# Words with inner apostrophes; unlike the emotion head, no "!"/"?" tokens.
RISK_TOKENS = r"(?u)\b\w[\w']*\b"


def hashed_counts(texts: Sequence[str]) -> sp.csr_matrix:
    """Word and character n-gram counts side by side (before IDF weighting)."""
    words, chars = hashing_vectorizers(HASH_FEATURES, HASH_FEATURES, RISK_TOKENS)
    normalised = [t.replace("\u2019", "'") for t in texts]
    return sp.hstack([words.transform(normalised), chars.transform(normalised)], format="csr")


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF-IDF, each of the two blocks (words, characters) scaled to unit length."""
    blocks = [
        sublinear_tfidf(counts[:, lo:hi], idf[lo:hi])
        for lo, hi in ((0, HASH_FEATURES), (HASH_FEATURES, 2 * HASH_FEATURES))
    ]
    return sp.hstack(blocks, format="csr")


@dataclass(frozen=True)
class RiskModel:
    """Learned arrays of the risk screen; ``predict_proba`` gives one column per label."""

    idf: np.ndarray
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    thresholds: Mapping[str, float]
    meta: Mapping[str, Any] = field(default_factory=dict)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(MODEL_LABELS)))
        x = tfidf(hashed_counts(texts), self.idf)
        logits = np.asarray(x @ self.coef.T.astype(np.float64)) + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

    def flagged(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Per text, the labels whose probability reaches their threshold (label -> p)."""
        rows = self.predict_proba(texts)
        return [
            {
                label: float(p)
                for label, p in zip(MODEL_LABELS, row, strict=True)
                if p >= self.thresholds[label]
            }
            for row in rows
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "labels": list(MODEL_LABELS),
            "idf": self.idf.astype(np.float32),
            "coef": self.coef.astype(np.float32),
            "intercept": self.intercept.astype(np.float64),
            "thresholds": dict(self.thresholds),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RiskModel:
        if data.get("format") != MODEL_FORMAT or list(data["labels"]) != list(MODEL_LABELS):
            raise ValueError("risk screen model artefact has an unknown format")
        return cls(
            idf=np.asarray(data["idf"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float32),
            intercept=np.asarray(data["intercept"], dtype=np.float64),
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            meta=dict(data.get("meta", {})),
        )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.to_dict(), path, compress=3)


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> RiskModel | None:
    """The shipped learned screen, or None when the artefact has not been built (the rule and
    cue tiers then work alone)."""
    if not path.exists():
        return None
    return RiskModel.from_dict(joblib.load(path))
