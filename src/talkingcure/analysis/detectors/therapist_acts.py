"""``talkingcure.therapist_acts.v1``: question (open/closed), reflection, advice (therapist turns).

A small scikit-learn head trained on AnnoMI (see ``training/train_therapist_acts.py`` and
``training/DATA_CARD.md``). The features avoid depending on punctuation alone: besides word and
character n-grams of the punctuation-stripped text they use spaCy's tags and dependencies (a
wh-word opening a clause, an auxiliary before its subject as in "do you ...", imperatives), common
question and reflection frames, and the lexical overlap with the preceding client turn (a
reflection echoes the client's words).
"""

from __future__ import annotations

import math
import re
from importlib import resources
from typing import Any, ClassVar

from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

ARTEFACT = "therapist_acts.joblib"

WH_WORDS = frozenset({"what", "how", "why", "when", "where", "who", "which", "whom", "whose"})
AUX_LEMMAS = frozenset(
    {"be", "do", "have", "can", "could", "will", "would", "should", "shall", "may", "might"}
)
# Tokens a clause may open with before its real first word ("so, what ...", "and do you ...").
DISCOURSE = frozenset(
    {"so", "and", "but", "okay", "ok", "well", "now", "um", "uh", "oh", "then", "right", "yeah"}
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})

# Frames matched on the lower-cased, punctuation-stripped text (word boundaries on both sides).
FRAMES: dict[str, tuple[str, ...]] = {
    "ask": (
        "tell me",
        "do you",
        "did you",
        "can you",
        "could you",
        "would you",
        "are you",
        "have you",
        "is it",
        "is that",
        "is there",
        "was it",
        "what about",
        "how about",
        "i wonder",
        "wondering",
        "curious",
        "say more",
        "talk about",
        "any thoughts",
        "how come",
        "is that right",
        "am i right",
    ),
    "reflect": (
        "sounds like",
        "it sounds",
        "so you",
        "you feel",
        "you re feeling",
        "you seem",
        "seems like",
        "i m hearing",
        "what i hear",
        "you re",
        "you ve",
        "you want",
        "you don t",
        "part of you",
        "on the one hand",
        "on the other hand",
        "for you",
        "you really",
    ),
    "advise": (
        "i would",
        "i d suggest",
        "suggest",
        "recommend",
        "you should",
        "you could",
        "you might",
        "might want",
        "try",
        "a lot of people",
        "research",
        "studies",
        "the risk",
        "let me",
        "i can give",
    ),
}
_FRAME_RES = {
    group: [re.compile(rf"\b{re.escape(frame)}\b") for frame in frames]
    for group, frames in FRAMES.items()
}

_PUNCT = re.compile(r"[.,!;:]")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def strip_text(text: str) -> str:
    """Lower-case ``text`` and drop punctuation, as unreliable speech-recognition output looks."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text.lower())).strip()


def _clause_opener(tokens: list[Any]) -> Any | None:
    """The first token of a clause that is not a discourse marker, filler or punctuation."""
    for token in tokens:
        if token.is_punct or token.pos_ in {"INTJ", "CCONJ", "SPACE"}:
            continue
        if token.lower_ in DISCOURSE:
            continue
        return token
    return None


def _aux_inversions(doc: Any) -> int:
    """Auxiliaries placed before their clause's subject at the clause start ("do you ...")."""
    count = 0
    for token in doc:
        if token.pos_ != "AUX" or token.lemma_ not in AUX_LEMMAS:
            continue
        head = token if token.dep_ == "ROOT" else token.head
        subjects = [c for c in head.children if c.dep_ in SUBJECT_DEPS and c.i > token.i]
        if not subjects:
            continue
        before = [t for t in head.subtree if t.i < token.i]
        if _clause_opener(before) is None:
            count += 1
    return count


def _sentence_features(doc: Any) -> dict[str, float]:
    wh_open = aux_open = imperative = 0
    for sent in doc.sents:
        opener = _clause_opener(list(sent))
        if opener is None:
            continue
        if opener.lower_ in WH_WORDS or opener.tag_ in {"WP", "WRB", "WDT", "WP$"}:
            wh_open += 1
        if opener.pos_ == "AUX" and opener.lemma_ in AUX_LEMMAS:
            aux_open += 1
        if opener.tag_ == "VB" and opener.dep_ == "ROOT":
            imperative += 1
    wh_any = sum(
        1 for t in doc if t.lower_ in WH_WORDS and t.dep_ not in {"relcl", "mark"} and t.i > 0
    )
    return {
        "wh_open": min(wh_open, 3),
        "aux_open": min(aux_open, 3),
        "imperative": min(imperative, 3),
        "wh_any": min(wh_any, 3),
        "aux_inversion": min(_aux_inversions(doc), 3),
    }


def _person_features(doc: Any) -> dict[str, float]:
    you_subj = sum(1 for t in doc if t.lower_ == "you" and t.dep_ in SUBJECT_DEPS)
    i_subj = sum(1 for t in doc if t.lower_ == "i" and t.dep_ in SUBJECT_DEPS)
    we_subj = sum(1 for t in doc if t.lower_ == "we" and t.dep_ in SUBJECT_DEPS)
    return {"you_subj": min(you_subj, 3), "i_subj": min(i_subj, 3), "we_subj": min(we_subj, 3)}


def content_lemmas(doc: Any) -> set[str]:
    return {t.lemma_.lower() for t in doc if t.pos_ in CONTENT_POS and not t.is_stop}


def _overlap_features(doc: Any, previous: Any | None) -> dict[str, float]:
    if previous is None:
        return {"no_prev_client": 1.0}
    mine = content_lemmas(doc)
    theirs = content_lemmas(previous)
    shared = mine & theirs
    return {
        "overlap_mine": len(shared) / len(mine) if mine else 0.0,
        "overlap_theirs": len(shared) / len(theirs) if theirs else 0.0,
        "overlap_count": min(len(shared), 5) / 5,
        "prev_len": min(math.log1p(len(previous)) / 5, 1.5),
        "prev_qmark": float("?" in previous.text),
    }


# How a client reply opens says something about the turn before it: "yes"/"no" answers a closed
# question, "exactly"/"right" confirms a reflection.
REPLY_OPENERS = frozenset(
    {
        "yes",
        "yeah",
        "yep",
        "no",
        "nope",
        "nah",
        "right",
        "exactly",
        "mm",
        "mhm",
        "hmm",
        "well",
        "i",
        "it",
        "that",
        "um",
        "uh",
        "okay",
        "ok",
        "sure",
        "definitely",
        "probably",
        "maybe",
        "not",
        "because",
        "like",
        "so",
        "oh",
        "true",
        "absolutely",
    }
)


def _reply_features(following: Any | None) -> dict[str, float]:
    if following is None:
        return {"no_next_client": 1.0}
    words = [t.lower_ for t in following if t.is_alpha]
    first = words[0] if words else ""
    first = first if first in REPLY_OPENERS else "other"
    return {f"next_first={first}": 1.0, "next_len": min(math.log1p(len(words)) / 5, 1.5)}


def turn_features(doc: Any, previous: Any | None, following: Any | None = None) -> dict[str, float]:
    """Hand-made features of a therapist turn ``doc`` between the client turns ``previous`` and
    ``following`` (the transcript is complete, so the client's reply is known)."""
    text = doc.text
    stripped = f" {strip_text(text)} "
    features: dict[str, float] = {
        "qmark": float("?" in text),
        "ends_qmark": float(text.rstrip().endswith("?")),
        # Lets the model tell "no '?' in punctuated text" from "no punctuation at all".
        "punct_no_qmark": float("?" not in text and bool(_PUNCT.search(text))),
        "len": min(math.log1p(len(doc)) / 5, 1.5),
        "n_sents": min(len(list(doc.sents)), 5) / 5,
    }
    features.update(_sentence_features(doc))
    features.update(_person_features(doc))
    for group, patterns in _FRAME_RES.items():
        hits = sum(1 for pattern in patterns if pattern.search(stripped))
        features[f"frame_{group}"] = min(hits, 3)
    features.update(_overlap_features(doc, previous))
    features.update(_reply_features(following))
    return features


def previous_client_doc(state: AnalysisState, index: int) -> Any | None:
    """The doc of the client turn just before therapist turn ``index``, if there is one."""
    if index == 0:
        return None
    turn = state.transcript.turns[index - 1]
    return state.docs[index - 1] if turn.is_client else None


def load_artefact(name: str = ARTEFACT) -> dict[str, Any]:
    """The trained artefact shipped in ``talkingcure.analysis.models`` (cached per process)."""
    if name not in _ARTEFACTS:
        import joblib

        resource = resources.files("talkingcure.analysis").joinpath(f"models/{name}")
        with resources.as_file(resource) as path:
            _ARTEFACTS[name] = joblib.load(path)
    return _ARTEFACTS[name]


_ARTEFACTS: dict[str, dict[str, Any]] = {}


def next_client_doc(state: AnalysisState, index: int) -> Any | None:
    """The doc of the client turn just after therapist turn ``index``, if there is one."""
    turns = state.transcript.turns
    if index + 1 >= len(turns) or not turns[index + 1].is_client:
        return None
    return state.docs[index + 1]


def feature_matrix(
    artefact: dict[str, Any],
    docs: list[Any],
    previous: list[Any | None],
    following: list[Any | None],
) -> Any:
    """The sparse design matrix the artefact's classifiers were trained on."""
    from scipy.sparse import hstack

    texts = [strip_text(doc.text) for doc in docs]
    handmade = [
        turn_features(doc, prev, nxt)
        for doc, prev, nxt in zip(docs, previous, following, strict=True)
    ]
    return hstack(
        [
            artefact["words"].transform(texts),
            artefact["chars"].transform(texts),
            artefact["handmade"].transform(handmade) * artefact["handmade_weight"],
        ]
    ).tocsr()


@register
class TherapistActs:
    """Labels therapist turns ``question`` (+ ``.open``/``.closed``), ``reflection``, ``advice``.

    Options: ``artefact`` (file name in ``talkingcure.analysis.models``), ``min_score`` (the
    lowest probability that assigns a label; the AnnoMI figures use the most probable class).
    """

    name: ClassVar[str] = "talkingcure.therapist_acts.v1"
    version: ClassVar[str] = "1.0.0"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = (
        "label:question",
        "label:question.open",
        "label:question.closed",
        "label:reflection",
        "label:advice",
    )
    # All below their targets on AnnoMI (cross-validated, training/DATA_CARD.md): question F1
    # 0.80 (target 0.90), open/closed 0.77 (0.80), reflection 0.72 (0.75); advice is a loose
    # mapping. Shown as candidates until they reach their targets.
    candidate_labels: ClassVar[tuple[str, ...]] = (
        "question",
        "question.open",
        "question.closed",
        "reflection",
        "advice",
    )

    LABELS: ClassVar[dict[str, str]] = {
        "question": "question",
        "reflection": "reflection",
        "therapist_input": "advice",
    }

    def __init__(self, *, artefact: str = ARTEFACT, min_score: float = 0.0) -> None:
        self.artefact = artefact
        self.min_score = min_score
        self.model_: dict[str, Any] | None = None

    def initialize(self) -> None:
        self.model_ = load_artefact(self.artefact)

    def __call__(self, state: AnalysisState) -> None:
        if self.model_ is None:
            self.initialize()
        assert self.model_ is not None
        indices = [t.index for t in state.transcript.turns if t.is_therapist and t.text.strip()]
        if not indices:
            return
        docs = [state.docs[i] for i in indices]
        previous = [previous_client_doc(state, i) for i in indices]
        following = [next_client_doc(state, i) for i in indices]
        matrix = feature_matrix(self.model_, docs, previous, following)
        acts = self.model_["acts"]
        probabilities = acts.predict_proba(matrix)
        subtype = self.model_["subtype"].predict_proba(matrix)
        open_column = list(self.model_["subtype"].classes_).index("open")
        for row, index in enumerate(indices):
            self._assign(state, index, dict(zip(acts.classes_, probabilities[row], strict=True)))
            if "question" in state.turns[index].labels:
                p_open = float(subtype[row][open_column])
                which = "question.open" if p_open >= 0.5 else "question.closed"
                score = max(p_open, 1 - p_open)
                state.add_label(index, which, score, [state.evidence_span(index)])

    def _assign(self, state: AnalysisState, index: int, probs: dict[str, float]) -> None:
        best = max(probs, key=lambda k: probs[k])
        label = self.LABELS.get(best)
        if label is None or probs[best] < self.min_score:
            return
        state.add_label(index, label, probs[best], [state.evidence_span(index)])


def looks_like_question(doc: Any) -> bool:
    """True if a clause of ``doc`` opens like a question, with or without a "?"."""
    if "?" in doc.text:
        return True
    found = _sentence_features(doc)
    return bool(found["wh_open"] or found["aux_open"] or found["aux_inversion"])


def opens_like_question(sent: Any) -> bool:
    """True if the sentence (a spaCy span) opens with a wh-word or an auxiliary ("are you ...")."""
    opener = _clause_opener(list(sent))
    if opener is None:
        return False
    wh = opener.lower_ in WH_WORDS or opener.tag_ in {"WP", "WRB", "WDT", "WP$"}
    return wh or (opener.pos_ == "AUX" and opener.lemma_ in AUX_LEMMAS)
