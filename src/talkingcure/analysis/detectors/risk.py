"""Risk language in client turns: suicide, self-harm, harm to others, substance use.

Rules are data (``data/risk.toml``), each with its source (C-SSRS categories, relapse-prevention
and violence-screening wording). Every match is a label and a ``risk`` finding with its score;
nothing is hidden behind a threshold (``extra.always_surfaced``). Recall is favoured over
precision: a false alarm costs the clinician a glance, a miss can cost a life.

Choices (documented in ``data/risk.toml`` too):
- A clear denial ("I've never thought about hurting myself": the matched clause is negated in the
  spaCy parse) is not a risk label; it is reported as a ``risk_denial`` finding so the clinician
  still sees that risk was talked about.
- Someone else's risk ("my uncle took his own life") is labelled ``risk.exposure`` and reported as
  a ``risk_exposure`` finding, never as the client's own risk.
- A second, broad screen tier (``risk_screen.py``, ``data/risk_screen.toml``) flags sentences whose
  cues add up (a means with an act, a self-injury act with one's own body ...) with a lower score
  and an explanation saying it is a broad screen to review. It is used only for a label the phrase
  rules did not already give the turn; its matches go through the same idiom, accident, negation
  and third-person filters, and a negated or someone else's screen match is dropped silently.
- v1.2 (issue 4): a phrase that carries its own negation ("I don't want to be here") is still a
  denial when a negation comes right before it ("I've never wanted to die"); a screen match over
  words a phrase rule read as a denial of the same label is that denial; and when the parser
  leaves a clause without a subject ("My flatmate smokes weed", "smokes" taken for a noun), a
  person noun earlier in the sentence with no "I" before the match makes it someone else's.
- A client's answer to the therapist's risk question ("Have you had thoughts of ending your
  life?" - "Sometimes, late at night.") is flagged at the screen score unless it opens with a
  denial ("No, never."); the explanation quotes the question. ``extra.tier`` says which tier
  ("rule", "screen", "answer" or "learned") a finding comes from; every tier is always surfaced.
- v1.3 (risk rules v1.3): blind batches kept scoring 0.70-0.75 recall on new wording, so two
  general measures were added. The cue groups of the screen gained whole families (slang for
  killing oneself, past attempts, lethality research, plans with a time nobody is there,
  welcoming an accident; self-poisoning meant to hurt; veiled threats, stalking, firearms;
  relapse situations, urges, offers, drug and drink slang). And a learned screen tier
  (``risk_screen.RiskModel``, ``models/risk_screen.joblib``, trained by
  ``training/train_risk_screen.py`` on our own synthetic statements) for wording outside the cue
  lexicon: a sentence with no cue of a label that the model scores at or above its threshold is
  flagged at the lowest score (0.35) when no other tier gave the turn that label, after the same
  idiom, denial, someone-else and accident filters. Its explanation names the learned screen and
  the model's probability.
- v1.8: an answer tier question is also one in whose last asking sentence (with the sentence
  before it when that one is about the client: "You mentioned the tablets you'd been saving. Are
  they still in the drawer?") the other tiers read the client's own risk, not only one the
  lexicon of risk questions knows; the learned screen retrained with the eighth and ninth blind
  sets (training/risk_screen_results.md). v1.8.1: "God, no." and "Honestly, no." open a denial;
  v1.8.2: "I'm not sure ..." does not.
- v1.9: "No" to a question whose "no" is the worrying answer (``[[safety_question]]`` in
  risk_screen.toml: "Can you keep yourself safe tonight?", "Are the marks from the cat, like you
  said?", "Is she safe at home with you?") flags that label (tier ``no_to_safety``), unless the
  answer gives another harmless explanation at once ("No, it was the dog."). And a lexicon risk
  question about someone else ("Did your brother ever hurt himself when he was drinking?") no
  longer makes the client's "Yes" an alarm. v1.9.1: an answer opening "I'm not ...", "I don't
  ...", "I didn't ..." (not "I'd never ...") is a denial only when its first clause says no more
  than that or repeats the question's words ("I haven't hurt myself"): "I don't think I can keep
  going" and "I didn't want to wake up this morning" after a risk question are flagged; an
  unsure answer to a safety question ("I'll try.") is flagged as "no" is; and "I'm not going to
  be around much longer" is risk, not a denial of "be around much longer".
- v1.9.2: a denial taken back at once is a partial disclosure, not a denial: "No, but I think
  about it a lot.", "No, not yet.", "Not really, only a couple of lines at the weekend.", "I
  haven't, but I've wanted to.", "No. Well, once." A new topic ("No, but I'm fine."), someone else
  ("No, but my sister has.") or a second denial ("No, but I'd never do that.") leave the "no".
- v1.9.3: two more safety questions, what would stop the client acting on the thoughts and the
  abstinence check-in ("Are you still clean?"), whose "no", "Not since Saturday." or "I can't
  promise that." is flagged; their own risk words no longer make a "yes" a flag ("Are you still
  sober?" "Yes."). And "not wake up" with Caribbean and Scots negators ("an' nuh wake up").
- v1.9.4: "Not long enough." (to "How long have you been clean?") is an idiom of time, not the
  learned screen's suicide.
- v1.9.5: a follow-up question that does not name the risk (the C-SSRS's "Have you thought
  about how?", "Are you planning to act on those thoughts?", "Do you have a plan?") asks about
  the risk talked of or asked about in the six turns before it: "Not yet." is flagged.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from talkingcure.analysis.detectors.phrase_rules import (
    Rule,
    RuleMatch,
    any_overlap,
    clause_path,
    find_matches,
    is_negated,
    load_data,
    rules_from,
    span_root,
    subject_of,
)
from talkingcure.analysis.detectors.risk_screen import (
    MODEL_PATH,
    ScreenMatch,
    asked_about,
    cue_labels,
    denies,
    load_model,
    load_screen,
    screen_doc,
)
from talkingcure.analysis.findings import Evidence, Finding
from talkingcure.analysis.registry import register
from talkingcure.analysis.state import AnalysisState

OWN_RISK_LABELS = ("risk.suicide", "risk.self_harm", "risk.harm_to_others", "risk.substance_use")
EXPOSURE = "risk.exposure"
FIRST_PERSON_SUBJECTS = frozenset({"i", "we"})
OTHER_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "who"})
LEARNED_SCORE = 0.35  # below the cue screen (0.4): the least certain tier


@dataclass(frozen=True)
class RiskRules:
    rules: tuple[Rule, ...]
    exposure: tuple[Rule, ...]
    idioms: tuple[Rule, ...]
    accidents: tuple[Rule, ...]
    deliberate: tuple[Rule, ...]
    reversers: frozenset[str]
    person_nouns: frozenset[str]
    violence: Rule
    violence_verbs: frozenset[str]
    person_objects: frozenset[str]
    body_parts: frozenset[str]


_RULES: RiskRules | None = None


def load_rules() -> RiskRules:
    global _RULES
    if _RULES is None:
        data = load_data("risk.toml")
        _RULES = RiskRules(
            rules=tuple(rules_from(data, "rule")),
            exposure=tuple(rules_from(data, "exposure")),
            idioms=tuple(rules_from(data, "idiom")),
            accidents=tuple(rules_from(data, "accident")),
            deliberate=tuple(rules_from(data, "deliberate")),
            reversers=frozenset(data.get("negation_reversers", [])),
            person_nouns=frozenset(data.get("person_nouns", [])),
            violence=Rule(
                id="others.violence_parse",
                label="risk.harm_to_others",
                patterns=(),
                score=float(data["violence"]["score"]),
                source="HCR-20 style violence screening; spaCy dependency parse",
                options={"thing_subject": "drop"},  # "the dog bit my neighbour's son"
            ),
            violence_verbs=frozenset(data["violence"]["verbs"]),
            person_objects=frozenset(data["violence"]["person_objects"]),
            body_parts=frozenset(data["violence"]["other_body_parts"]),
        )
    return _RULES


@dataclass(frozen=True)
class Verdict:
    """What one rule match means: the client's own risk, a denial, or someone else's risk."""

    match: RuleMatch
    kind: str  # "own", "denial", "exposure" or "drop"
    tier: str = "rule"  # "rule" (phrase rules) or "screen" (broad screen)
    spans: tuple[tuple[int, int], ...] = ()  # evidence spans if not the match itself


@register
class RiskDetector:
    name: ClassVar[str] = "talkingcure.risk.v1"
    version: ClassVar[str] = "1.9.5"
    requires: ClassVar[tuple[str, ...]] = ("docs",)
    assigns: ClassVar[tuple[str, ...]] = (
        *(f"label:{label}" for label in OWN_RISK_LABELS),
        f"label:{EXPOSURE}",
        "finding:risk",
        "finding:risk_denial",
        "finding:risk_exposure",
    )
    candidate_labels: ClassVar[tuple[str, ...]] = ()

    def initialize(self) -> None:
        load_rules()
        load_screen()
        if load_model(MODEL_PATH) is None:  # a risk screen must not quietly lose a tier
            raise FileNotFoundError(
                f"the learned risk screen {MODEL_PATH} is missing; rebuild it with "
                "training/train_risk_screen.py (training/DATA_CARD.md)"
            )

    def __call__(self, state: AnalysisState) -> None:
        rules = load_rules()
        turns = state.transcript.turns
        clients = [t for t in turns if not t.is_therapist]
        questions = [
            turns[t.index - 1]
            for t in clients
            if t.index > 0 and turns[t.index - 1].is_therapist and "?" in turns[t.index - 1].text
        ]
        docs = [_doc(state, t.index) for t in clients]
        asked_docs = [_doc(state, t.index) for t in questions]
        learned = learned_scores([d for d in docs + asked_docs if d is not None])
        recent: list[tuple[int, str]] = []  # (turn, label) of risk talked of or asked about
        for turn, doc in zip(clients, docs, strict=True):
            verdicts = classify_turn(turn.text, doc, rules, learned)
            previous = turns[turn.index - 1] if turn.index > 0 else None
            if previous is not None and previous.is_therapist:
                asked = asked_labels(previous.text, _doc(state, previous.index), rules, learned)
                asked = asked or _follow_up(previous.text, previous.index, recent)
                recent += [(previous.index, m.rule.label) for m in asked]
                safety = asked_about(previous.text, load_screen(), "safety_questions")
                asked = _outside(asked, safety)
                said = _says_no(doc, _doc(state, previous.index))
                verdicts += _answers(previous.text, turn.text, verdicts, asked, said)
                verdicts += _no_to_safety(previous.text, turn.text, verdicts, asked, safety)
            recent += [(turn.index, v.match.rule.label) for v in verdicts if v.kind == "own"]
            _report(state, turn.index, verdicts)


def _doc(state: AnalysisState, index: int) -> Any | None:
    return state.docs[index] if index < len(state.docs) else None


def classify_turn(
    text: str, doc: Any | None, rules: RiskRules, learned: LearnedScores | None = None
) -> list[Verdict]:
    """Every risk-relevant match in ``text`` with what it means. ``learned`` holds the learned
    screen's flags of the doc's sentences when a caller scored many turns at once
    (:func:`learned_scores`); without it they are scored here."""
    idioms = list(find_matches(rules.idioms, text))
    verdicts = []
    for match in find_matches(rules.rules, text):
        if any_overlap(idioms, match.start, match.end):
            continue
        if match.rule.label == "risk.self_harm" and _accidental(text, match, rules):
            continue
        meaning = _meaning(doc, match, rules)
        if meaning != "drop":
            verdicts.append(Verdict(match, meaning))
    if doc is not None:
        for match in _violence_by_parse(doc, rules):
            meaning = _meaning(doc, match, rules)
            if meaning != "drop" and not any_overlap(idioms, match.start, match.end):
                verdicts.append(Verdict(match, meaning))
    for match in find_matches(rules.exposure, text):
        if not _first_person(doc, match):
            verdicts.append(Verdict(match, "exposure"))
    if doc is not None:
        ruled = {v.match.rule.label for v in verdicts if v.kind == "own"}
        denied = [v.match for v in verdicts if v.kind == "denial"]
        verdicts += _screen(text, doc, rules, idioms, ruled, denied)
        verdicts += _learned(text, doc, rules, idioms, verdicts, learned)
    return verdicts


# The learned screen's flags per sentence text (label -> probability at or above threshold).
LearnedScores = Mapping[str, Mapping[str, float]]


def learned_scores(docs: Sequence[Any]) -> dict[str, dict[str, float]]:
    """The learned screen's flags for every sentence of ``docs``, scored in one batch (scoring
    turn by turn costs more than the model itself)."""
    model = load_model()
    texts = sorted({s.text for doc in docs for s in doc.sents if s.text.strip()})
    if model is None or not texts:
        return {}
    return dict(zip(texts, model.flagged(texts), strict=True))


def _screen(
    text: str,
    doc: Any,
    rules: RiskRules,
    idioms: list[RuleMatch],
    ruled: set[str],
    denied: Sequence[RuleMatch] = (),
) -> list[Verdict]:
    """Broad-screen verdicts for labels the phrase rules did not give; only the client's own.
    A screen match over words a phrase rule already read as a denial of the same label ("I'm
    not tired of living") is that denial, not a new alarm."""
    verdicts = []
    for screened in screen_doc(doc, load_screen(), idioms):
        if screened.label in ruled:
            continue
        if any(
            d.rule.label == screened.label and d.overlaps(screened.start, screened.end)
            for d in denied
        ):
            continue
        match = RuleMatch(_screen_rule(screened), screened.start, screened.end)
        if screened.label == "risk.self_harm" and _accidental(text, match, rules):
            continue
        if _meaning(doc, match, rules) == "own":
            spans = tuple((h.start, h.end) for h in screened.hits)
            verdicts.append(Verdict(match, "own", tier="screen", spans=spans))
    return verdicts


def _learned(
    text: str,
    doc: Any,
    rules: RiskRules,
    idioms: list[RuleMatch],
    verdicts: list[Verdict],
    learned: LearnedScores | None = None,
) -> list[Verdict]:
    """Learned-screen verdicts (v1.3) for wording the cue lexicon does not know: a sentence
    without any cue of a label (``risk_screen.toml``; context groups such as a person or a
    setting do not count) that the trained model scores at or above that label's threshold,
    for a label no other tier gave the turn. Where cues of the label are present but do not add
    up ("I wrote a letter to my mum"), the cue screen has decided and the model is not asked
    (asking it there, at its usual threshold or at a stricter one chosen out-of-fold, was tried
    for v1.4: four or five more catches on the blind set 2, and false alarms on everyday
    sentences such as that letter or "a bottle of shampoo in a week").
    A sentence over an idiom, over a denial or someone else's risk found by the rules, or whose
    subject is another person, or an accident (self-harm), is left out.
    """
    if learned is None:
        learned = learned_scores([doc])
    given = {v.match.rule.label for v in verdicts if v.kind == "own"}
    heard = [v.match for v in verdicts if v.kind in ("denial", "exposure")]
    found: dict[str, Verdict] = {}
    for sent in doc.sents:
        flagged = learned.get(sent.text, {})
        if not flagged:
            continue
        start, end = sent.start_char, sent.start_char + len(sent.text.rstrip())
        if any_overlap(idioms, start, end) or any(m.overlaps(start, end) for m in heard):
            continue
        cued = cue_labels(sent, load_screen())
        for label, probability in flagged.items():
            if label in given or label in found:
                continue
            if label in cued:
                continue  # cues of the label that did not add up: the cue screen has decided
            match = RuleMatch(_learned_rule(label, probability), start, end)
            if label == "risk.self_harm" and _accidental(text, match, rules):
                continue
            if _meaning(doc, match, rules) == "own":
                found[label] = Verdict(match, "own", tier="learned")
    return list(found.values())


def _learned_rule(label: str, probability: float) -> Rule:
    return Rule(
        id=f"learned:{label.removeprefix('risk.')}",
        label=label,
        patterns=(),
        score=LEARNED_SCORE,
        source="learned screen (logistic regression on synthetic statements, "
        "training/train_risk_screen.py)",
        options={
            "probability": round(probability, 2),
            "allow_negation": True,  # the model saw denials as negatives
            "deny_before": False,  # the match is a whole sentence: nothing stands just before
            "other_person": "drop",
            "thing_subject": "drop",
        },
    )


def asked_labels(
    question: str, doc: Any | None, rules: RiskRules, learned: LearnedScores | None = None
) -> list[RuleMatch]:
    """What a therapist turn asks about: the risk questions of the cue lexicon
    (``risk_screen.toml``), and (v1.8) the client's own risk that the other tiers read in the
    question itself (:func:`_question_span`), read apart from the rest of the turn. A denial,
    someone else's risk ("Did your brother ever hurt himself?") and the therapist's own words
    ("I lost my brother to suicide. How are you today?") do not count."""
    asked = [m for m in asked_about(question, load_screen()) if not _about_another(doc, m, rules)]
    span = _question_span(doc)
    if span is None:
        return asked
    part = span.as_doc()
    for verdict in classify_turn(part.text, part, rules, learned):
        match = verdict.match
        if verdict.kind == "own" and not _first_person(part, match):
            start = span.start_char
            asked.append(RuleMatch(match.rule, start + match.start, start + match.end))
    return asked


# How far back (in turns) a follow-up question reaches for the risk it asks about (v1.9.5).
FOLLOW_UP_TURNS = 6


def _follow_up(question: str, index: int, recent: Sequence[tuple[int, str]]) -> list[RuleMatch]:
    """A follow-up question that does not name the risk ("Are you planning to act on those
    thoughts?", "Have you thought about how?": ``follow_up_question`` in risk_screen.toml) asks
    about the risk last talked of by the client, or asked about by the therapist, in the
    :data:`FOLLOW_UP_TURNS` turns before it (v1.9.5); with none, it asks nothing."""
    labels = [label for turn, label in recent if index - turn <= FOLLOW_UP_TURNS]
    matches = asked_about(question, load_screen(), "follow_ups")
    if not labels or not matches:
        return []
    match = matches[-1]
    return [RuleMatch(replace(match.rule, label=labels[-1]), match.start, match.end)]


def _about_another(doc: Any | None, match: RuleMatch, rules: RiskRules) -> bool:
    """A risk question about someone else (v1.9): the clause of the risk words has another person
    as its subject and nothing of the client's outside that subject ("Did your brother ever hurt
    himself when he was drinking?", "Is your dad still using?"; not "Did your friends pressure
    you into drinking?" or "Is your wife worried about your drinking?")."""
    root = span_root(doc, match.start, match.end) if doc is not None else None
    if root is None:
        return False
    verb = next((t for t in (root, *root.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not any(_other_person(subject, rules) for subject in subjects):
        return False
    theirs = {t.i for subject in subjects for t in subject.subtree}
    return not any(
        t.lower_ in ("you", "your", "yourself") and t.i not in theirs for t in verb.subtree
    )


def _question_span(doc: Any | None) -> Any | None:
    """The last sentence of ``doc`` that asks something ("?"), with the sentence before it when
    that one is about the client ("You mentioned the tablets you'd been saving. Are they still
    in the drawer?"), not the therapist's remark or advice before a check-in question."""
    if doc is None:
        return None
    sentences = list(doc.sents)
    asking = [i for i, sentence in enumerate(sentences) if "?" in sentence.text]
    if not asking:
        return None
    last = asking[-1]
    first = last - 1 if last > 0 and _about_the_client(sentences[last - 1]) else last
    return doc[sentences[first].start : sentences[last].end]


def _about_the_client(sentence: Any) -> bool:
    return any(t.lower_ == "you" and t.dep_ in ("nsubj", "nsubjpass") for t in sentence)


def _answers(
    question: str,
    answer: str,
    verdicts: list[Verdict],
    asked: Sequence[RuleMatch],
    says_no: bool | None = None,
) -> list[Verdict]:
    """The client's answer to a risk question (``asked``: :func:`asked_labels`), unless it is a
    denial (``says_no``, :func:`_says_no`; without parses, :func:`denies`) or already
    labelled."""
    lexicon = load_screen()
    if not answer.strip() or (denies(answer, lexicon) if says_no is None else says_no):
        return []
    seen = {v.match.rule.label for v in verdicts if v.kind in ("own", "denial")}
    start, end = _first_sentence(answer)
    found: dict[str, Verdict] = {}
    for asked_match in asked:
        label = asked_match.rule.label
        if label in seen or label in found:
            continue
        rule = _answer_rule(asked_match, question, lexicon.score, "answer")
        found[label] = Verdict(RuleMatch(rule, start, end), "own", tier="answer")
    return list(found.values())


# Not sure whether all is well: as worrying as "no" after a safety question (v1.9.1).
UNSURE = re.compile(
    r"^\W*(?:i'?m not (?:sure|certain)|i am not (?:sure|certain)|not sure|i don'?t know|"
    r"i do not know|dunno|maybe|perhaps|i'?ll try|i can try|i will try|hopefully|i hope so|"
    r"probably|i think so\?|i guess|i can'?t promise|i cannot promise|i won'?t promise|"
    r"can'?t promise|no promises)\b",
    re.IGNORECASE,
)
# "Not since Saturday." to "Are you still clean?": a "no" in other words (v1.9.3).
NO_LONGER = re.compile(
    r"^\W*(?:not since|not for (?:a while|long|ages|weeks|days)|not any ?more|no longer)\b",
    re.IGNORECASE,
)
# "No, it was the dog.": a denial that gives another harmless explanation at once.
OTHER_EXPLANATION = re.compile(
    r"^\W*(?:no|nope|nah|not really)\W+(?:it'?s|it was|they'?re|they were|that'?s|from|just)"
    r" (?:the|my|a|an|our|his|her|their)\b",
    re.IGNORECASE,
)


# "I haven't ...", "I'm not ...", "I don't ...": a denial only when the clause says no more than
# that or repeats the question's words (v1.9.1); these words add nothing to it. "I'd never ..."
# and "I've never ..." stay denials whatever follows ("I'd never lay a finger on them").
PRONOUN_OPENER = re.compile(
    r"^\W*i ?(?:haven'?t|have not|hadn'?t|wouldn'?t|would not|won'?t|will not|didn'?t|did not|"
    r"'?m not|am not|don'?t|do not)\b",
    re.IGNORECASE,
)
EMPTY_WORDS = frozenset(
    [
        "be",
        "have",
        "do",
        "get",
        "go",
        "ever",
        "really",
        "now",
        "anymore",
        "again",
        "lately",
        "recently",
        "since",
        "yet",
        "still",
        "much",
        "very",
        "that",
        "thing",
        "anything",
        "nothing",
        "like",
        "this",
        "it",
        "so",
        "think",
        "know",
        "reckon",
        "believe",
        "mean",
        "sure",
        "at",
        "all",
        "any",
        "even",
        "once",
        "honestly",
        "actually",
    ]
)
CONTENT = ("NOUN", "PROPN", "VERB", "ADJ", "ADV")


def _says_no(answer: Any | None, question: Any | None) -> bool | None:
    """Whether an answer opens with a denial, reading the clause after "I haven't", "I'm not",
    "I don't" (v1.9.1): "I haven't.", "I'm not, no." and "I haven't hurt myself." (to "Have you
    hurt yourself?") deny; "I'm not going to be around much longer" and "I don't think I can
    keep going" do not. None without both parses (then the opener alone decides)."""
    if answer is None or question is None:
        return None
    lexicon = load_screen()
    if not denies(answer.text, lexicon):
        return False
    opener = PRONOUN_OPENER.match(answer.text)
    if opener is None:  # "No.", "Never.", "Not a drop."
        denial = lexicon.denial_opener.match(answer.text) if lexicon.denial_opener else None
        return not _qualified(answer, denial.end() if denial else 0, question)
    clause = []
    for token in next(iter(answer.sents)):
        if token.idx < opener.end():
            continue
        if token.is_punct or token.dep_ == "cc":
            break
        clause.append(token)
    said = {_stem(t) for t in clause if t.pos_ in CONTENT and t.lemma_.lower() not in EMPTY_WORDS}
    if said and not said & _stems(question):
        return False
    end = clause[-1].idx + len(clause[-1]) if clause else opener.end()
    return not _qualified(answer, end, question)


def _stems(doc: Any) -> set[str]:
    return {_stem(t) for t in doc if t.pos_ in CONTENT}


# v1.9.2: a denial that takes itself back at once ("No, but I think about it a lot.", "No, not
# yet.", "Not really, only a bit.", "I haven't, but I've wanted to.", "No. Well, once."): the
# words right after the denial opener, in its sentence or, when the denial is a sentence of its
# own, the next. Written from clinical interviewing practice: a hedged or partial denial of a
# risk question is followed up, not taken as reassurance (Shea, The Practical Art of Suicide
# Assessment, on the validity of answers about suicidal ideation).
QUALIFIER = re.compile(
    r"^(?:\W|\b(?:no|not really|not exactly|not as such|well|um|uh|erm)\b)*?\b(?P<word>"
    r"not yet|sometimes|occasionally|now and then|once|twice|a couple|a few|a bit|a little|"
    r"kind of|sort of|"
    r"not much|not as much|not as often|only|just|except|apart from|other than|but|though)\b",
    re.IGNORECASE,
)
PARTIAL = ("only", "just", "except", "apart from", "other than")
# "..., only a couple of times", "..., just the odd one": an amount, however small.
AMOUNT = re.compile(
    r"\b(?:a bit|a little|a few|a couple|the odd|once|twice|sometimes|occasionally|at night|"
    r"at weekends?|on weekends?|when|one|two|three|\d+)\b",
    re.IGNORECASE,
)
# "No, but I'd never ...", "No, but no.": the contrast is another denial.
DENIED_AGAIN = re.compile(
    r"^\W*(?:no|not|nothing|never|i never|i'?d never|i would never|i'?ve never|i have never|"
    r"i wouldn'?t|i would not|i won'?t|i will not)\b",
    re.IGNORECASE,
)
# What "but ..." must point back at to take the "no" back ("No, but I've thought about it"), not
# a new topic ("No, but I'm fine", "No, but I understand why you ask").
BACK_TO_IT = re.compile(
    r"\b(?:it|that|them|those|wanted to|felt like|feel like|close|nearly|almost|tempted|urges?|"
    r"crossed my mind|considered|thought about|think about|thinking about)\b",
    re.IGNORECASE,
)
FIRST_PERSON = frozenset({"i", "me", "my", "myself"})


def _qualified(answer: Any, offset: int, question: Any) -> bool:
    """Whether the words after a denial opener (``answer.text[offset:]``) take it back: "not
    yet", an amount ("sometimes", "a bit"), "only"/"just" with a deed or an amount ("only
    scratched", "just the odd one"), or "but"/"though" with the client's own words pointing
    back at what was asked ("but I think about it"). Someone else's deed ("only my brother
    did"), a new topic ("but I'm fine") or a second denial ("but I'd never") leave the "no"."""
    sentences = list(answer.sents)
    end = sentences[0].end_char
    if not re.search(r"\w", answer.text[offset:end]) and len(sentences) > 1:
        end = sentences[1].end_char  # "No. Well, once.": the denial is a sentence of its own
    found = QUALIFIER.match(answer.text[offset:end])
    if found is None:
        return False
    word = found.group("word").lower()
    start = offset + found.end()
    rest = [t for t in answer if start <= t.idx < end]
    text = answer.text[start:end]
    if any(_other_person(t, load_rules()) for t in rest if t.dep_ in ("nsubj", "nsubjpass")):
        return False
    if word in PARTIAL:
        return any(t.pos_ == "VERB" for t in rest) or bool(AMOUNT.search(text))
    if word in ("but", "though"):
        own = any(t.lower_ in FIRST_PERSON for t in rest)
        echoes = bool({_stem(t) for t in rest if t.pos_ in CONTENT} & _stems(question))
        return own and not DENIED_AGAIN.match(text) and (echoes or bool(BACK_TO_IT.search(text)))
    return True


def _stem(token: Any) -> str:
    return str(token.lemma_.lower()[:5])


def _outside(asked: list[RuleMatch], safety: list[RuleMatch]) -> list[RuleMatch]:
    """The risk questions that are not part of a safety question whose "yes" is reassuring
    (v1.9.3): "Are you still sober?" asks about drink, but its "no", not its "yes", is the risk."""
    spans = [(s.start, s.end) for s in safety if s.rule.get("yes_is_reassuring")]
    return [m for m in asked if not any(m.start < end and start < m.end for start, end in spans)]


def _no_to_safety(
    question: str,
    answer: str,
    verdicts: list[Verdict],
    asked: Sequence[RuleMatch],
    safety: Sequence[RuleMatch],
) -> list[Verdict]:
    """v1.9: "No" to a question whose "no" is the risk (``[[safety_question]]``: "Can you keep
    yourself safe tonight?", "Is the bandage from the kitchen, like you said?"), or (v1.9.1) an
    unsure answer ("I'm not sure.", "I'll try."), for a label the turn has not got and the
    therapist did not also ask about directly (``asked``, without the safety questions'
    words: :func:`_outside`)."""
    lexicon = load_screen()
    worrying = denies(answer, lexicon) or UNSURE.match(answer) or NO_LONGER.match(answer)
    if not worrying or OTHER_EXPLANATION.match(answer):
        return []
    taken = {v.match.rule.label for v in verdicts} | {m.rule.label for m in asked}
    start, end = _first_sentence(answer)
    found: dict[str, Verdict] = {}
    for match in safety:
        label = match.rule.label
        if label not in taken and label not in found:
            rule = _answer_rule(match, question, lexicon.score, "no_to")
            found[label] = Verdict(RuleMatch(rule, start, end), "own", tier="no_to_safety")
    return list(found.values())


def _answer_rule(asked: RuleMatch, question: str, score: float, prefix: str) -> Rule:
    return Rule(
        id=f"{prefix}:{asked.rule.id}",
        label=asked.rule.label,
        patterns=(),
        score=score,
        source=asked.rule.source,
        options={"question": question[asked.start : asked.end]},
    )


def _first_sentence(text: str) -> tuple[int, int]:
    """Character span of the first sentence of ``text``, without surrounding spaces."""
    found = re.search(r"\S[^.!?]*[.!?]?", text)
    return (found.start(), found.end()) if found else (0, len(text))


def _screen_rule(screened: ScreenMatch) -> Rule:
    options: dict[str, Any] = {
        "deny_before": False,  # "can't get through the evening without a glass or three"
        "other_person": "drop",
        "subject_check": not screened.any_cue_sets("subject_check", False),
        "allow_negation": screened.any_cue_sets("allow_negation", True),
    }
    if screened.any_cue_sets("thing_subject", "drop"):
        options["thing_subject"] = "drop"
    return Rule(
        id="screen:" + "+".join(sorted({h.cue.id for h in screened.hits})),
        label=screened.label,
        patterns=(),
        score=load_screen().score,
        source="; ".join(sorted({h.cue.source for h in screened.hits})),
        options=options,
    )


def _violence_by_parse(doc: Any, rules: RiskRules) -> list[RuleMatch]:
    """A violence verb whose object is a person or another person's body part."""
    found = []
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in rules.violence_verbs:
            continue
        if any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
            continue  # "pushed him to apply for the job"
        for obj in verb.children:
            if obj.dep_ in ("dobj", "dative") and _person_or_their_body(obj, rules):
                start, end = verb.idx, obj.idx + len(obj.text)
                found.append(RuleMatch(rules.violence, min(start, obj.idx), max(end, verb.idx)))
    return found


def _person_or_their_body(obj: Any, rules: RiskRules) -> bool:
    word = obj.lower_
    if word in rules.person_objects or obj.lemma_.lower() in rules.person_objects:
        return True
    if obj.lemma_.lower() in rules.body_parts:
        owners = [c for c in obj.children if c.dep_ == "poss"]
        return any(
            o.lower_ in ("his", "her", "their") or o.lemma_.lower() in rules.person_nouns
            for o in owners
        )  # "broke his nose", "broke my son's arm"
    return False


def _accidental(text: str, match: RuleMatch, rules: RiskRules) -> bool:
    start = max(text.rfind(stop, 0, match.start) for stop in ".!?")
    ends = [i for i in (text.find(stop, match.end) for stop in ".!?") if i >= 0]
    end = min(ends) if ends else len(text)
    sentence = text[start + 1 : end]
    if any(True for _ in find_matches(rules.deliberate, sentence)):
        return False
    return any(True for _ in find_matches(rules.accidents, sentence))


def _meaning(doc: Any | None, match: RuleMatch, rules: RiskRules) -> str:
    if doc is None:
        return "own"  # no parse: cannot check subject or negation, so keep the alarm
    root = span_root(doc, match.start, match.end)
    if root is None:
        return "own"
    path = clause_path(root)
    subject = subject_of(path) or _possessor(path[-1]) or _person_before(doc, match, rules)
    if match.rule.get("subject_check", True):
        if _other_person(subject, rules):
            return str(match.rule.get("other_person", "exposure"))
        if match.rule.get("thing_subject") == "drop" and _thing(subject):
            return "drop"  # "the plant died", "my battery is dead"
    if match.rule.get("allow_negation", False):
        denied = match.rule.get("deny_before", True) and _denied_just_before(doc.text, match.start)
        return "denial" if denied else "own"
    if is_negated(path, skip=(match.start, match.end), reversers=rules.reversers):
        return "denial"
    return "own"


# A phrase that may carry its own negation ("I don't want to be here") is still denied by a
# negation right before it: "I've never wanted to die", "I'm not really tired of living".
DENIED_BEFORE = re.compile(
    r"(?:\b(?:never|not|no longer)|n['\u2019]t|\b(?:dont|cant|wont|didnt|wouldnt|havent|hasnt))\s+"
    r"(?:(?:really|ever|once|actually|even|truly|seriously|honestly|genuinely)\s+)?$",
    re.IGNORECASE,
)


def _denied_just_before(text: str, start: int) -> bool:
    return bool(DENIED_BEFORE.search(text[max(0, start - 40) : start]))


def _person_before(doc: Any, match: RuleMatch, rules: RiskRules) -> Any | None:
    """For a clause the parser left without a subject ("My flatmate smokes weed", with "smokes"
    taken for a noun): a person noun earlier in the sentence, if no "I" or "we" comes before the
    match. None when the client speaks of themselves."""
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    before = [t for t in span[0].sent if t.i < span[0].i]
    if any(t.lower_ in FIRST_PERSON_SUBJECTS for t in before):
        return None
    people = [
        t
        for t in before
        if t.pos_ in ("NOUN", "PROPN")
        and (t.lemma_.lower() in rules.person_nouns or t.ent_type_ == "PERSON")
    ]
    return people[0] if people else None


def _possessor(head: Any) -> Any | None:
    """In a verbless clause ("Dad's dying of cancer") the possessor stands in for the subject."""
    return next((c for c in head.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)


def _thing(subject: Any | None) -> bool:
    return subject is not None and subject.pos_ in ("NOUN", "PROPN")


def _first_person(doc: Any | None, match: RuleMatch) -> bool:
    if doc is None:
        return False
    root = span_root(doc, match.start, match.end)
    subject = subject_of(clause_path(root)) if root is not None else None
    return subject is not None and subject.lower_ in FIRST_PERSON_SUBJECTS


def _other_person(subject: Any | None, rules: RiskRules) -> bool:
    if subject is None:
        return False
    if subject.lower_ in OTHER_PRONOUNS:
        return True
    if subject.pos_ == "PROPN":  # "Dad's dying": a kin word tagged as a name
        return subject.ent_type_ == "PERSON" or subject.lemma_.lower() in rules.person_nouns
    return subject.pos_ == "NOUN" and subject.lemma_.lower() in rules.person_nouns


def _report(state: AnalysisState, turn: int, verdicts: list[Verdict]) -> None:
    grouped: dict[tuple[str, str, str], list[Verdict]] = defaultdict(list)
    for verdict in verdicts:
        label = EXPOSURE if verdict.kind == "exposure" else verdict.match.rule.label
        grouped[(verdict.kind, label, verdict.tier)].append(verdict)
    for (kind, label, tier), group in grouped.items():
        matches = [v.match for v in group]
        evidence = _evidence(state, turn, group)
        score = max(m.rule.score for m in matches)
        if kind in ("own", "exposure"):
            state.add_label(turn, label, score, evidence)
        state.add_finding(_finding(kind, label, turn, score, evidence, matches, tier))


def _evidence(state: AnalysisState, turn: int, verdicts: list[Verdict]) -> list[Evidence]:
    spans = sorted(
        {span for v in verdicts for span in (v.spans or ((v.match.start, v.match.end),))}
    )
    return [state.evidence_span(turn, start, end) for start, end in spans]


def _finding(
    kind: str,
    label: str,
    turn: int,
    score: float,
    evidence: list[Evidence],
    matches: list[RuleMatch],
    tier: str = "rule",
) -> Finding:
    risk = label.removeprefix("risk.")
    rule_ids = sorted({m.rule.id for m in matches})
    sources = sorted({m.rule.source for m in matches})
    quotes = "; ".join(f'"{e.quote}"' for e in evidence)
    explanations = {
        "own": f"Client risk language ({risk.replace('_', ' ')}): {quotes}.",
        "denial": f"Client denies risk ({risk.replace('_', ' ')}): {quotes}. Shown, not labelled.",
        "exposure": f"Client speaks of someone else's risk: {quotes}.",
    }
    if tier in ("answer", "no_to_safety"):
        asked = "; ".join(sorted({f'"{m.rule.get("question")}"' for m in matches}))
        said = (
            f"to the therapist's question about {asked} does not open with a denial"
            if tier == "answer"
            else f"says no to the therapist's question {asked}, where no is the worrying answer"
        )
        explanations["own"] = (
            f"Possible risk language ({risk.replace('_', ' ')}) - review: the client's answer "
            f"{quotes} {said}. Broad screen: lower confidence, may be a false alarm."
        )
    if tier == "learned":
        chances = ", ".join(sorted({f"{m.rule.get('probability'):.2f}" for m in matches}))
        explanations["own"] = (
            f"Possible risk language ({risk.replace('_', ' ')}) - review: {quotes}. Learned "
            f"screen (a statistical model trained on synthetic statements, probability "
            f"{chances}; no rule or cue matched): lowest confidence, may be a false alarm."
        )
    if tier == "screen":
        explanations["own"] = (
            f"Possible risk language ({risk.replace('_', ' ')}) - review: {quotes}. Broad screen "
            "(cues that add up, not a known phrase): lower confidence, may be a false alarm."
        )
    finding_kind = {"own": "risk", "denial": "risk_denial", "exposure": "risk_exposure"}[kind]
    return Finding(
        kind=finding_kind,
        turns=(turn,),
        score=score,
        detector=RiskDetector.name,
        evidence=tuple(evidence),
        explanation=explanations[kind],
        candidate=False,
        extra={
            "risk": risk,
            "always_surfaced": True,
            "tier": tier,
            "rules": rule_ids,
            "sources": sources,
        },
    )
