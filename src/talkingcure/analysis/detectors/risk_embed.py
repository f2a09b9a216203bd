"""``talkingcure.risk_embed.v1``: an optional semantic risk screen, MiniLM fine-tuned to read risk.

Optional (the ``embeddings`` extra: ``make install-embeddings``). It runs after
``talkingcure.risk.v1`` and only adds: a client turn is flagged for a risk label when a run of up
to three of its sentences, or one sentence alone, reads as that label to all-MiniLM-L6-v2
fine-tuned with low-rank adapters (:mod:`minilm_tuned`) on the project's synthetic risk
statements, hard negatives and ordinary talk (``training/train_risk_tuned.py``; measured in
``training/risk_embed_results.md``). Version 2 replaces version 1's nearest-prototype
similarity, which caught less new wording. Version 3 also reads a client's answer together with
the therapist's question before it ("Most nights." to "Are you still thinking about ending your
life?"), as one text with its own thresholds: a short answer says nothing alone. An answer in
which the rules read a denial or someone else's risk is not read so.

The artefact (``models/risk_tuned.joblib``) holds only the adapters, the head and each label's
thresholds (for statements, and for answers read with their question); the encoder's own weights
are the pinned ones.

It never removes or changes a rules flag: a label the rules already gave a turn is left alone,
and a sentence the rules read as a denial or as someone else's risk (``risk_denial``,
``risk_exposure`` findings) is not screened. Its flags carry a lower score than the rules'
broad screen and say "semantic screen: reads as <label>; review", with the sentence that reads
most so as evidence; like every risk finding they are always surfaced.

Without the extra it does not start: ``initialize`` raises ``EmbeddingsUnavailable`` with the
install command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from talkingcure.analysis.findings import Evidence, Finding
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "risk_tuned.joblib"
LABELS = ("risk.suicide", "risk.self_harm", "risk.harm_to_others", "risk.substance_use")
# Below the rules' broad screen (0.4 in risk_screen.toml): a reading, not a rule.
SCORE = 0.3
SKIPPED_FINDINGS = ("risk_denial", "risk_exposure")
# How an answer is read with the question before it (training/train_risk_tuned.py reads the same).
ANSWER_MARK = "\nClient: "
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def question_of(therapist_text: str) -> str | None:
    """The last sentence of a therapist turn that asks something ("?"), with the sentence before
    it, which often says what is asked about ("You mentioned the pills. Are they still there?")."""
    sentences = [s.strip() for s in SENTENCE_END.split(therapist_text) if s.strip()]
    asked = [i for i, sentence in enumerate(sentences) if "?" in sentence]
    if not asked:
        return None
    return " ".join(sentences[max(0, asked[-1] - 1) : asked[-1] + 1])


def answer_pair(question: str, answer: str) -> str:
    """The text the screen reads for a client's answer to a therapist's question."""
    return f"Therapist: {question}{ANSWER_MARK}{answer}"


@dataclass(frozen=True)
class RiskReader:
    """The fine-tuned classifier and each label's threshold (from its artefact)."""

    classifier: Any
    thresholds: np.ndarray
    answer_thresholds: np.ndarray  # for an answer read with the question before it

    def read(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Probabilities per LABELS for each distinct text (each read once)."""
        return dict(zip(texts, self.classifier.predict(texts), strict=True))


@lru_cache(maxsize=2)
def load_reader(path: Path = MODEL_PATH) -> RiskReader:
    """Load (once per process) the fine-tuned classifier; the extra must be installed."""
    from talkingcure.analysis.detectors.minilm_embed import require_artefact
    from talkingcure.analysis.detectors.minilm_tuned import TunedClassifier

    classifier = TunedClassifier(require_artefact(path, "train_risk_tuned.py"))
    if tuple(classifier.meta.get("labels", ())) != LABELS:
        raise ValueError(f"{path} does not score the labels {', '.join(LABELS)}")
    chosen = []
    for kind in ("thresholds", "answer_thresholds"):
        if kind not in classifier.meta:
            raise ValueError(f"{path} has no {kind}; rebuild it with training/train_risk_tuned.py")
        chosen.append(np.array([classifier.meta[kind][label] for label in LABELS]))
    return RiskReader(classifier, *chosen)


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


def answers(state: AnalysisState, sentences: list[Sentence]) -> list[tuple[str, list[Sentence]]]:
    """(question, the first run of the answer) for each client turn right after a therapist turn
    that asks something, unless the rules read a denial or someone else's risk in the answer."""
    from talkingcure.analysis.detectors.minilm_tuned import runs

    skipped = _skipped_spans(state)
    found = []
    for turn, group in _by_turn(sentences).items():
        before = state.transcript.turns[turn - 1] if turn > 0 else None
        question = question_of(before.text) if before and before.is_therapist else None
        if question and turn not in skipped:
            found.append((question, runs(group)[0]))
    return found


def _by_turn(sentences: list[Sentence]) -> dict[int, list[Sentence]]:
    by_turn: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_turn.setdefault(sentence.turn, []).append(sentence)
    return by_turn


def turn_windows(sentences: list[Sentence]) -> list[list[Sentence]]:
    """What is read, per turn: runs of up to :data:`minilm_tuned.WINDOW` consecutive screened
    sentences (context), and each sentence alone when there are several (a risk sentence among
    ordinary ones is not drowned in them)."""
    from talkingcure.analysis.detectors.minilm_tuned import runs

    found = []
    for group in _by_turn(sentences).values():
        found += runs(group)
        if len(group) > 1:
            found += [[sentence] for sentence in group]
    return found


@register
class RiskEmbedScreen:
    """Adds risk labels for client sentences that read as risk statements (review, not rules)."""

    name: ClassVar[str] = "talkingcure.risk_embed.v1"
    version: ClassVar[str] = "3.5.0"
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
        self.reader_ = load_reader(path)

    def __call__(self, state: AnalysisState) -> None:
        sentences = client_sentences(state)
        runs = turn_windows(sentences)
        asked = answers(state, sentences)
        read = self.reader_.read(  # every sentence alone, too
            [joined(run) for run in runs] + [answer_pair(q, joined(run)) for q, run in asked]
        )
        flagged: dict[tuple[int, str], list[Sentence]] = {}
        for run in runs:
            for index in np.flatnonzero(read[joined(run)] >= self.reader_.thresholds):
                label, turn = LABELS[index], run[0].turn
                if label in state.turns[turn].labels:  # the rules' flag stands
                    continue
                # the evidence: the sentence of the run that reads most as the label
                sentence = max(run, key=lambda s: float(read[s.text][index]))
                found = flagged.setdefault((turn, label), [])
                if sentence not in found:
                    found.append(sentence)
        for (turn, label), group in flagged.items():
            evidence = [state.evidence_span(turn, s.start, s.end) for s in group]
            state.add_label(turn, label, SCORE, evidence)
            state.add_finding(semantic_finding(turn, label, evidence))
        for question, run in asked:
            self._read_answer(state, question, run, read[answer_pair(question, joined(run))])

    def _read_answer(
        self, state: AnalysisState, question: str, run: list[Sentence], read: np.ndarray
    ) -> None:
        """Flag an answer that reads as risk only with the question before it."""
        turn = run[0].turn
        for index in np.flatnonzero(read >= self.reader_.answer_thresholds):
            label = LABELS[index]
            if label in state.turns[turn].labels:
                continue
            evidence = [state.evidence_span(turn, s.start, s.end) for s in run]
            state.add_label(turn, label, SCORE, evidence)
            state.add_finding(semantic_finding(turn, label, evidence, question))


def joined(run: list[Sentence]) -> str:
    return " ".join(sentence.text for sentence in run)


def semantic_finding(
    turn: int, label: str, evidence: list[Evidence], question: str | None = None
) -> Finding:
    quotes = "; ".join(f'"{e.quote}"' for e in evidence)
    if question:
        quotes += f' (the answer to the therapist\'s question "{question}")'
    return Finding(
        kind="risk",
        turns=(turn,),
        score=SCORE,
        detector=RiskEmbedScreen.name,
        evidence=tuple(evidence),
        explanation=(
            f"Possible risk language - semantic screen: reads as {label}; review: {quotes}. "
            "A fine-tuned language model, not a rule: lower confidence, may be a false alarm."
        ),
        candidate=False,
        extra=_extra(label),
    )


def _extra(label: str) -> dict[str, Any]:
    return {"risk": label.removeprefix("risk."), "always_surfaced": True, "tier": "semantic"}
