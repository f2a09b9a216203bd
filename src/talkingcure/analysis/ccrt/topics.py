"""Recurring themes across a treatment: an NMF topic model of the client's words.

Method (``talkingcure.topics.nmf.v1``), from the analysis dictionaries' turn texts, so nothing
extra is stored per session:

* **Documents** are the client turns of all sessions. Words are lower-cased, English stop words
  and speech fillers ("yeah", "dunno", "sort of"; ``data/theme_fillers.toml``) dropped, and
  cut to a light stem (plural, -ing, -ed, final e), so "drinking", "drinks" and "drink" count
  as one word. The stored analyses carry no spaCy docs, so the same rule-based normalisation
  is used whether the analyses come live or from JSON: the themes of a treatment do not depend
  on how it was read.
* **Vocabulary**: words in at least ``MIN_TURNS`` client turns *and* at least ``MIN_SESSIONS``
  sessions (a recurring theme is made of recurring words), and in at most ``MAX_DF`` of the
  turns (words nearly everywhere carry no theme).
* **Model**: TF-IDF (sublinear tf) and non-negative matrix factorisation (scikit-learn NMF,
  coordinate descent, NNDSVDa start from one truncated SVD with a fixed ``random_state``:
  deterministic). NMF rather than LDA because the
  documents are short turns and the corpus small (3-40 sessions): LDA's word counts per
  document are too sparse to estimate its topic mixtures, while NMF on TF-IDF is the usual
  choice for short texts and gives the same answer on every run.
* **Number of topics k**: every k from 2 to ``min(MAX_TOPICS, turns - 1, words - 1)`` is fitted.
  A k is admissible when its topics are well formed: each has at least two listed words (see
  Names) and no two topics share more than a third of their listed words (``MAX_SHARED``: a
  theme split into overlapping halves, or a one-word topic, means k is too large). Among the
  admissible k, the one with the highest mean NPMI coherence of each topic's listed words
  (co-occurrence counted within one client turn) wins; an exact tie goes to the smaller k
  (fewer, broader topics). If no k is admissible, k = 2. NPMI alone keeps rising with k on a
  small corpus (tiny topics of two words said together once): well-formedness bounds it.
* **Names**: a topic is named by its top ``NAME_WORDS`` words (each stem shown as its most
  frequent spelling in the client's turns); up to ``LIST_WORDS`` words with at least
  ``WORD_FLOOR`` of the top word's weight are listed.
* **Presence in a session**: the topic is the strongest topic of at least one client turn of the
  session *and* its share of the session's summed topic weight is at least
  ``PRESENCE_SHARE / k`` (half of an even split). A theme **recurs** when present in at least
  ``MIN_SESSIONS`` sessions; only those are reported.
* **Quotes**: per session where it recurs, the client turn carrying the topic most, quoted as the
  sentence of that turn with the most topic-word weight (turn index + exact character span).

A topic model, not a reading: it shows which words return together across sessions, not what
they mean to the client. Every theme is a candidate for the clinician to confirm or reject.
"""

from __future__ import annotations

import math
import re
import tomllib
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.utils.extmath import randomized_svd

VERSION = "talkingcure.topics.nmf.v1"
MAX_TOPICS = 8
MIN_TURNS = 2
MIN_SESSIONS = 2
MAX_DF = 0.5
MAX_SHARED = 1 / 3 + 1e-9  # two topics may share at most a third of their listed words
NAME_WORDS = 3
LIST_WORDS = 8
WORD_FLOOR = 0.25  # a listed word has at least this share of the topic's top word weight
PRESENCE_SHARE = 0.5
MAX_QUOTES = 8
RANDOM_STATE = 0
MAX_ITER = 400

WORD = re.compile(r"[a-z]+")
SENTENCE = re.compile(r"[^.!?]+[.!?]*")


@dataclass
class _Corpus:
    """Client turns as documents: (session number, turn position, text, stems)."""

    sessions: list[int] = field(default_factory=list)
    turns: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    stems: list[list[str]] = field(default_factory=list)
    spellings: dict[str, Counter[str]] = field(default_factory=dict)


@dataclass
class ThemeModel:
    """The fitted topics and how they were chosen (``method``), with the recurring ones."""

    themes: list[dict[str, Any]]
    method: dict[str, Any]


def recurring_themes(sessions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Topics present in at least two sessions, most widespread first, with quotes."""
    return find_themes(sessions).themes


def find_themes(sessions: Sequence[Mapping[str, Any]]) -> ThemeModel:
    """Fit the topic model on the sessions' client turns (in the given order, numbered from 1)."""
    corpus = _corpus(sessions)
    method = _method_note()
    vectorizer = TfidfVectorizer(
        analyzer=_identity,
        min_df=MIN_TURNS,
        max_df=MAX_DF if len(corpus.texts) >= 2 * MIN_TURNS else 1.0,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(_recurring_words(corpus))
    except ValueError:  # no word left after filtering
        return ThemeModel([], {**method, "note": "too few recurring words for a topic model"})
    words = [str(w) for w in vectorizer.get_feature_names_out()]
    k_max = min(MAX_TOPICS, matrix.shape[0] - 1, len(words) - 1)
    if k_max < 2:
        return ThemeModel([], {**method, "note": "too few client turns or words for topics"})
    binary = (matrix > 0).astype(np.float64).tocsc()
    fits, shared = _admissible_fits(matrix, k_max)
    scores = {k: _coherence(h, binary) for k, (_, h) in fits.items()}
    k = _choose_k(scores)
    doc_topic, topic_word = fits[k]
    method.update(
        {
            "k": k,
            "coherence": {str(n): round(s, 3) for n, s in scores.items()},
            "shared_words": {str(n): round(o, 3) for n, o in shared.items()},
            "client_turns": len(corpus.texts),
            "vocabulary": len(words),
        }
    )
    themes = _themes(corpus, words, doc_topic, topic_word, len(sessions))
    return ThemeModel(themes, method)


def _method_note() -> dict[str, Any]:
    return {
        "detector": VERSION,
        "model": "NMF on TF-IDF of client turns (scikit-learn)",
        "k_rule": (
            f"k from 2 to {MAX_TOPICS} whose topics have two or more listed words and share at "
            "most a third of them, with the highest mean NPMI coherence of the listed words "
            "(ties to the smaller k)"
        ),
        "presence_rule": (
            "strongest topic of at least one client turn of the session and at least "
            f"{PRESENCE_SHARE}/k of the session's topic weight"
        ),
        "min_sessions": MIN_SESSIONS,
        "k": None,
    }


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def stem(word: str) -> str:
    """A light, rule-based stem: plural, -ied/-ies, -ing, -ed and a final e removed."""
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


@cache
def stop_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words, stems) left out: English stop words and ``data/theme_fillers.toml``."""
    resource = resources.files("talkingcure.analysis.ccrt").joinpath("data", "theme_fillers.toml")
    fillers = frozenset(str(w) for w in tomllib.loads(resource.read_text("utf-8"))["words"])
    return ENGLISH_STOP_WORDS | fillers, frozenset(stem(word) for word in fillers)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(stem, spelling, offset) of the theme-bearing words of ``text``."""
    words, stems = stop_words()
    found = []
    for match in WORD.finditer(text.lower()):
        word = match.group()
        if len(word) < 3 or word in words:
            continue
        token_stem = stem(word)
        if token_stem in stems:
            continue
        found.append((token_stem, word, match.start()))
    return found


def _corpus(sessions: Sequence[Mapping[str, Any]]) -> _Corpus:
    corpus = _Corpus()
    for number, session in enumerate(sessions, 1):
        for position, turn in enumerate(session.get("turns") or []):
            if turn.get("role") != "client":
                continue
            text = str(turn.get("text", ""))
            tokens = _tokens(text)
            corpus.sessions.append(number)
            corpus.turns.append(position)
            corpus.texts.append(text)
            corpus.stems.append([s for s, _, _ in tokens])
            for token_stem, spelling, _ in tokens:
                corpus.spellings.setdefault(token_stem, Counter())[spelling] += 1
    return corpus


def _recurring_words(corpus: _Corpus) -> list[list[str]]:
    """Each turn's stems, keeping only stems used in at least ``MIN_SESSIONS`` sessions."""
    where: dict[str, set[int]] = {}
    for number, stems in zip(corpus.sessions, corpus.stems, strict=True):
        for token_stem in stems:
            where.setdefault(token_stem, set()).add(number)
    keep = {s for s, numbers in where.items() if len(numbers) >= MIN_SESSIONS}
    return [[s for s in stems if s in keep] for stems in corpus.stems]


def _admissible_fits(
    matrix: Any, k_max: int
) -> tuple[dict[int, tuple[np.ndarray, np.ndarray]], dict[int, float]]:
    """Fits for k = 2 .. k_max whose topics are well formed (see :func:`_shared`)."""
    svd = randomized_svd(matrix, k_max, random_state=RANDOM_STATE)
    every = {k: _fit(matrix, _nndsvda(matrix, svd, k)) for k in range(2, k_max + 1)}
    shared = {k: _shared(topic_word) for k, (_, topic_word) in every.items()}
    fits = {k: fit for k, fit in every.items() if shared[k] <= MAX_SHARED}
    return fits or {2: every[2]}, shared


def listed(row: np.ndarray) -> list[int]:
    """A topic's listed words: up to ``LIST_WORDS`` with ``WORD_FLOOR`` of the top weight."""
    floor = WORD_FLOOR * float(row.max())
    return [int(i) for i in np.argsort(-row, kind="stable")[:LIST_WORDS] if row[i] >= floor > 0]


def _shared(topic_word: np.ndarray) -> float:
    """Largest share of listed words two topics have in common (1.0 for a one-word topic)."""
    sets = [set(listed(row)) for row in topic_word]
    if any(len(words) < 2 for words in sets):
        return 1.0
    return max(len(a & b) / min(len(a), len(b)) for i, a in enumerate(sets) for b in sets[i + 1 :])


def _coherence(topic_word: np.ndarray, binary: Any) -> float:
    """Mean NPMI of each topic's listed words' pairs, co-occurrence within one client turn."""
    total = binary.shape[0]
    scores = []
    for row in topic_word:
        top = listed(row)
        if len(top) < 2:
            scores.append(-1.0)
            continue
        columns = binary[:, top]
        together = (columns.T @ columns).toarray()
        pairs = [
            _npmi(together[a, b], together[a, a], together[b, b], total)
            for a in range(len(top))
            for b in range(a + 1, len(top))
        ]
        scores.append(sum(pairs) / len(pairs))
    return float(sum(scores) / len(scores))


def _nndsvda(
    matrix: Any, svd: tuple[np.ndarray, np.ndarray, np.ndarray], k: int
) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVDa start (Boutsidis & Gallopoulos 2008, as scikit-learn's ``init="nndsvda"``) for
    the first ``k`` components of one shared truncated SVD, so the SVD is computed once."""
    u, s, vt = svd
    w = np.zeros((matrix.shape[0], k))
    h = np.zeros((k, matrix.shape[1]))
    w[:, 0] = np.sqrt(s[0]) * np.abs(u[:, 0])
    h[0] = np.sqrt(s[0]) * np.abs(vt[0])
    for j in range(1, k):
        x, y = u[:, j], vt[j]
        halves = [(np.maximum(x, 0), np.maximum(y, 0)), (-np.minimum(x, 0), -np.minimum(y, 0))]
        (xs, ys), size = max(
            ((pair, float(np.linalg.norm(pair[0]) * np.linalg.norm(pair[1]))) for pair in halves),
            key=lambda item: item[1],
        )
        if size > 0:
            scale = np.sqrt(s[j] * size)
            w[:, j] = scale * xs / np.linalg.norm(xs)
            h[j] = scale * ys / np.linalg.norm(ys)
    mean = float(matrix.mean())
    w[w < 1e-6] = mean
    h[h < 1e-6] = mean
    return w, h


def _fit(matrix: Any, start: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    w, h = start
    model = NMF(n_components=h.shape[0], init="custom", max_iter=MAX_ITER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        doc_topic = model.fit_transform(matrix, W=w, H=h)
    return np.asarray(doc_topic), np.asarray(model.components_)


def _npmi(both: float, first: float, second: float, total: int) -> float:
    if both <= 0:
        return -1.0
    p_both = both / total
    if p_both >= 1.0:
        return 1.0
    pmi = math.log(p_both / ((first / total) * (second / total)))
    return pmi / -math.log(p_both)


def _choose_k(scores: Mapping[int, float]) -> int:
    best = min(scores)
    for k in sorted(scores):
        if scores[k] > scores[best]:
            best = k
    return best


def _themes(
    corpus: _Corpus,
    words: Sequence[str],
    doc_topic: np.ndarray,
    topic_word: np.ndarray,
    n_sessions: int,
) -> list[dict[str, Any]]:
    k = topic_word.shape[0]
    dominant = np.where(doc_topic.sum(axis=1) > 0, np.argmax(doc_topic, axis=1), -1)
    session_of = np.asarray(corpus.sessions)
    shares = np.zeros((n_sessions + 1, k))
    for number in range(1, n_sessions + 1):
        weight = doc_topic[session_of == number].sum(axis=0)
        if weight.sum() > 0:
            shares[number] = weight / weight.sum()
    themes = []
    for topic in range(k):
        present = [
            n
            for n in range(1, n_sessions + 1)
            if shares[n, topic] >= PRESENCE_SHARE / k
            and bool(np.any((dominant == topic) & (session_of == n)))
        ]
        if len(present) < MIN_SESSIONS:
            continue
        themes.append(
            _theme(corpus, words, doc_topic, topic_word, topic, present, dominant, shares)
        )
    themes.sort(key=lambda t: (-len(t["sessions"]), -sum(s["weight"] for s in t["sessions"])))
    return themes


def _theme(
    corpus: _Corpus,
    words: Sequence[str],
    doc_topic: np.ndarray,
    topic_word: np.ndarray,
    topic: int,
    present: Sequence[int],
    dominant: np.ndarray,
    shares: np.ndarray,
) -> dict[str, Any]:
    row = topic_word[topic]
    order = listed(row)
    shown = [_spelling(corpus, words[i]) for i in order]
    loading = {words[int(i)]: float(row[i]) for i in np.flatnonzero(row)}
    session_of = np.asarray(corpus.sessions)
    per_session = []
    quotes = []
    for number in present:
        docs = np.flatnonzero(session_of == number)
        best = int(docs[np.argmax(doc_topic[docs, topic])])
        quote = {"session": number, **_quote(corpus, best, loading)}
        quotes.append((float(doc_topic[best, topic]), quote))
        per_session.append(
            {
                "session": number,
                "turns": int(np.sum(dominant[docs] == topic)),
                "weight": round(float(shares[number, topic]), 3),
            }
        )
    strongest = sorted(quotes, key=lambda pair: -pair[0])[:MAX_QUOTES]
    return {
        "topic": f"topic-{topic + 1}",
        "name": ", ".join(shown[:NAME_WORDS]),
        "words": shown,
        "sessions": per_session,
        "quotes": sorted((q for _, q in strongest), key=lambda q: (q["session"], q["turn"])),
        "detector": VERSION,
        "candidate": True,
    }


def _spelling(corpus: _Corpus, token_stem: str) -> str:
    spellings = corpus.spellings.get(token_stem)
    if not spellings:
        return token_stem
    return min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]


def _quote(corpus: _Corpus, doc: int, loading: Mapping[str, float]) -> dict[str, Any]:
    """The sentence of the turn with the most topic-word weight, as an exact span."""
    text = corpus.texts[doc]
    best = (-1.0, 0, len(text))
    for match in SENTENCE.finditer(text):
        weight = sum(loading.get(s, 0.0) for s, _, _ in _tokens(match.group()))
        if weight > best[0]:
            best = (weight, match.start(), match.end())
    _, start, end = best
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"turn": corpus.turns[doc], "start": start, "end": end, "quote": text[start:end]}
