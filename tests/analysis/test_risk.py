"""talkingcure.risk.v1 on the synthetic risk gold set and on hand-built turns."""

from __future__ import annotations

import pytest

from talkingcure.analysis.detectors.risk import OWN_RISK_LABELS
from tests.analysis.gold_runner import load_gold, run_record, score_gold

DETECTOR = "talkingcure.risk.v1"


@pytest.fixture(scope="module")
def scores():  # type: ignore[no-untyped-def]
    return score_gold("risk", DETECTOR)


def test_gold_set_is_big_enough() -> None:
    records = load_gold("risk")
    assert len(records) >= 120
    assert sum(not r["expected"] for r in records) >= 40


@pytest.mark.parametrize("label", OWN_RISK_LABELS)
def test_recall_per_risk_label(scores, label: str) -> None:  # type: ignore[no-untyped-def]
    score = scores[label]
    assert score.recall >= 0.95, f"{label} misses: {score.misses}"


@pytest.mark.parametrize("label", OWN_RISK_LABELS)
def test_precision_per_risk_label(scores, label: str) -> None:  # type: ignore[no-untyped-def]
    # Recall is favoured; precision on the hard negatives is reported and held at 0.9.
    assert scores[label].precision >= 0.9, scores[label].false_alarms


def _state(text: str, context: list[list[str]] | None = None):  # type: ignore[no-untyped-def]
    record = {"id": "t", "label": "", "expected": True, "speaker": "Client", "text": text}
    record["context"] = context or [["Therapist", "How has the week been?"]]
    return run_record(record, DETECTOR)


@pytest.mark.parametrize(
    "text",
    [
        "This job is killing me.",
        "I could kill for a coffee.",
        "I'm dying to see the film.",
        "I've never thought about hurting myself.",
        "I cut my finger chopping onions.",
        "I used the bus to get here.",
    ],
)
def test_must_not_items_get_no_risk_label(text: str) -> None:
    labels = _state(text).turns[-1].labels
    assert not [label for label in labels if label in OWN_RISK_LABELS], labels


def test_finding_is_always_surfaced_with_exact_evidence() -> None:
    text = "Work was fine. I've been saving up my pills, just in case."
    state = _state(text)
    assert "risk.suicide" in state.turns[-1].labels
    findings = [f for f in state.findings if f.kind == "risk"]
    assert findings and not findings[0].candidate
    assert findings[0].extra["always_surfaced"] is True
    assert findings[0].extra["risk"] == "suicide"
    for evidence in findings[0].evidence:
        assert text[evidence.start : evidence.end] == evidence.quote
        assert "pills" in evidence.quote


def test_denial_is_a_finding_not_a_label() -> None:
    state = _state("I've never thought about killing myself.")
    assert "risk.suicide" not in state.turns[-1].labels
    assert [f.kind for f in state.findings] == ["risk_denial"]


def test_someone_elses_suicide_is_exposure() -> None:
    state = _state("My uncle took his own life years ago.")
    labels = state.turns[-1].labels
    assert "risk.exposure" in labels and "risk.suicide" not in labels


def test_denial_then_wish_is_still_caught() -> None:
    state = _state("I'm not going to kill myself, but I do think about not waking up.")
    assert "risk.suicide" in state.turns[-1].labels


def test_therapist_turns_are_not_labelled() -> None:
    record = {
        "id": "t",
        "label": "",
        "expected": True,
        "context": [],
        "speaker": "Therapist",
        "text": "Have you had thoughts of killing yourself or of suicide?",
    }
    assert run_record(record, DETECTOR).turns[-1].labels == {}


def test_violence_found_through_the_parse() -> None:
    assert (
        "risk.harm_to_others"
        in _state("I smacked the kids harder than I meant to.").turns[-1].labels
    )
    assert (
        "risk.harm_to_others" not in _state("I pushed him to apply for the job.").turns[-1].labels
    )


def test_broad_death_word_with_a_thing_as_subject_is_dropped() -> None:
    assert _state("The plant died because I forgot to water it.").turns[-1].labels == {}
    assert "risk.suicide" in _state("It would be a relief to be dead.").turns[-1].labels


# --- formerly held-out batches (gold/risk_heldout.jsonl) --------------------------------------
# risk-ho-001..119 were written before any v1.1 change, risk-ho-120..175 after round 1 of v1.1 and
# before round 2. Blind recall, measured with
# `python -m tests.analysis.gold_runner risk_heldout talkingcure.risk.v1` (both batches):
#   v1.0.0: suicide 6/31, self-harm 13/30, harm to others 10/30, substance use 17/31
#   v1.1.0: suicide 9/31, self-harm 21/30, harm to others 14/30, substance use 17/31 (0.50 overall)
#   v1.2.0: 31/31, 30/30, 30/30, 31/31 - but v1.2 was written by looking at these misses (issue 4),
#   so the set is no longer held out and these are not blind figures. The blind figure is
#   gold/risk_blind.jsonl (docs/evaluation.md). A regression below the floor fails here.
HELDOUT_FLOOR = {
    "risk.suicide": (31, 31),
    "risk.self_harm": (30, 30),
    "risk.harm_to_others": (30, 30),
    "risk.substance_use": (31, 31),
}


@pytest.fixture(scope="module")
def heldout():  # type: ignore[no-untyped-def]
    return score_gold("risk_heldout", DETECTOR)


def test_heldout_batch_is_big_enough() -> None:
    records = load_gold("risk_heldout")
    assert all(r["id"].startswith("risk-ho-") for r in records)
    for label in OWN_RISK_LABELS:
        assert sum(r["label"] == label and r["expected"] for r in records) >= 15, label
    assert sum(not r["expected"] for r in records) >= 30


@pytest.mark.parametrize("label", OWN_RISK_LABELS)
def test_heldout_recall_does_not_fall_below_measured_floor(heldout, label: str) -> None:  # type: ignore[no-untyped-def]
    tp, positives = HELDOUT_FLOOR[label]
    score = heldout[label]
    assert score.tp + score.fn == positives
    assert score.recall >= tp / positives, f"{label} misses: {score.misses}"


@pytest.mark.parametrize("label", OWN_RISK_LABELS)
def test_heldout_must_not_statements_stay_unlabelled(heldout, label: str) -> None:  # type: ignore[no-untyped-def]
    # idioms, denials and someone else's past in the held-out batches (v1.1.0 had 6 false alarms)
    assert heldout[label].fp == 0, heldout[label].false_alarms


# --- blind sets -----------------------------------------------------------------------------
# Each written by an author who had seen neither the detectors nor the earlier sets, committed
# before the version it first measured. Recall (false alarms on the hard negatives):
#   blind2  v1.2.0: suicide 28/45, self-harm 20/30, harm to others 20/30, substance 26/35 (0.671)
#           v1.3.0: suicide 30/45, self-harm 21/30, harm to others 23/30, substance 26/35 (0.714)
#           v1.4.0: suicide 31/45, self-harm 21/30, harm to others 24/30, substance 26/35 (0.729)
#           v1.5.0: suicide 31/45, self-harm 21/30, harm to others 24/30, substance 27/35 (0.736)
#           v1.6.0: suicide 31/45, self-harm 21/30, harm to others 25/30, substance 27/35 (0.743)
#           v1.7.0: suicide 31/45, self-harm 21/30, harm to others 26/30, substance 28/35 (0.757)
#           never training data (both trainers refuse it)
#   blind3  v1.3.0: 89/160 (0.556), false alarms 25/80
#           v1.4.0: suicide 18/40, self-harm 26/40, harm to others 27/40, substance 23/40 (0.588),
#                   false alarms 25/80
#           v1.5.0 (cue families written after reading its misses, so no longer blind): suicide
#                   25/40, self-harm 36/40, harm to others 29/40, substance 33/40 (0.769), 25/80
#   blind4  v1.4.0 and v1.5.0 alike: suicide 15/40, self-harm 22/40, harm to others 28/40,
#                   substance 20/40 (0.531), false alarms 19/80 (the v1.5 cue families, written
#                   from blind3's misses, caught nothing more here)
#   blind5  v1.5.0: suicide 12/40, self-harm 21/40, harm to others 26/40, substance 19/40
#                   (0.488), false alarms 10/80
#   blind6  v1.5.0: suicide 17/40, self-harm 28/40, harm to others 27/40, substance 20/40
#                   (0.575), false alarms 17/80
#           v1.6.0: suicide 16/40, self-harm 28/40, harm to others 29/40, substance 21/40
#                   (0.588), false alarms 16/80
#   blind7  v1.6.0: suicide 19/40, self-harm 20/40, harm to others 23/40, substance 22/40
#                   (0.525), false alarms 15/80
#   blind8  v1.7.0: suicide 20/40, self-harm 25/40, harm to others 24/40, substance 26/40
#                   (0.594), false alarms 18/80 (v1.6.0: 92/160, 18/80)
#   blind9  v1.7.0: suicide 16/40, self-harm 18/40, harm to others 21/40, substance 24/40
#                   (0.494), false alarms 18/80
#   v1.8.0 (answers to questions the other tiers read as risk; the learned screen retrained with
#   blind8 and blind9): blind2 109/140 (0.779, was 106), blind3 138, blind4 116, blind5 103,
#   blind6 116, blind7 111, blind8 113, blind9 113 of 160; one statement fewer on some labels
#   (blind3 self-harm, blind4 suicide, blind7 suicide and harm to others), more on the sets.
#   blind10 (sealed until scored once, never training data) v1.8.0: suicide 20/40, self-harm
#                   25/40, harm to others 23/40, substance 27/40 (0.594), false alarms 27/80
#                   (v1.7.0: 90/160, 22/80); v1.8.1 ("God, no." and "Honestly, no." are
#                   denials): one false alarm fewer on blind2, blind9 and blind10
#   v1.9.0 ("no" to a safety question): one more on blind2 suicide, blind9 and blind10
#                   self-harm (written with their published misses in view)
#   blind11 (sealed until scored once, never training data) v1.9.0: suicide 16/40, self-harm
#                   32/40, harm to others 25/40, substance 23/40 (0.600), false alarms 27/80
#                   (v1.8.2: 95/160, 27/80)
#   blind12 (sealed until scored once, never training data) v1.9.2: suicide 20/40, self-harm
#                   24/40, harm to others 25/40, substance 18/40 (0.544), false alarms 27/80
#   v1.9.3 (reasons for living, the abstinence check-in, "I can't promise that"; written from
#                   blind12's published misses; Caribbean and Scots negators of "wake
#                   up"): blind12 suicide 23/40, substance 19/40,
#                   blind8 suicide 23/40; no false alarm more
#   blind13 (sealed until scored once, never training data) v1.9.4: suicide 16/40, self-harm
#                   28/40, harm to others 28/40, substance 21/40 (0.581), false alarms 18/80
#   v1.9.5 (follow-up questions that do not name the risk; written from blind13's published
#                   misses): blind13 suicide 17/40, harm to others 29/40, blind11 substance
#                   24/40; no false alarm more
#   blind14 (sealed until scored once, never training data) v1.9.5: suicide 18/40, self-harm
#                   29/40, harm to others 26/40, substance 28/40 (0.631), false alarms 18/80
# Since v1.6.0 the learned screen is trained on blind3, blind4 and blind5 as well, since v1.7.0
# on blind6 and blind7, and since v1.8.0 on blind8 and blind9, so their floors below are not
# blind figures (trained without blind5, v1.6.0 scored 83/160 on it). Far below the 0.95 target
# (docs/evaluation.md lists every miss). A regression fails here.
BLIND_FLOOR = {
    "risk_blind2": {
        "risk.suicide": (32, 45),
        "risk.self_harm": (23, 30),
        "risk.harm_to_others": (26, 30),
        "risk.substance_use": (29, 35),
    },
    "risk_blind3": {
        "risk.suicide": (29, 40),
        "risk.self_harm": (36, 40),
        "risk.harm_to_others": (36, 40),
        "risk.substance_use": (37, 40),
    },
    "risk_blind4": {
        "risk.suicide": (23, 40),
        "risk.self_harm": (29, 40),
        "risk.harm_to_others": (37, 40),
        "risk.substance_use": (27, 40),
    },
    "risk_blind5": {
        "risk.suicide": (20, 40),
        "risk.self_harm": (25, 40),
        "risk.harm_to_others": (29, 40),
        "risk.substance_use": (29, 40),
    },
    "risk_blind6": {
        "risk.suicide": (20, 40),
        "risk.self_harm": (31, 40),
        "risk.harm_to_others": (36, 40),
        "risk.substance_use": (29, 40),
    },
    "risk_blind7": {
        "risk.suicide": (26, 40),
        "risk.self_harm": (28, 40),
        "risk.harm_to_others": (29, 40),
        "risk.substance_use": (28, 40),
    },
    "risk_blind8": {
        "risk.suicide": (23, 40),
        "risk.self_harm": (34, 40),
        "risk.harm_to_others": (26, 40),
        "risk.substance_use": (31, 40),
    },
    "risk_blind9": {
        "risk.suicide": (22, 40),
        "risk.self_harm": (32, 40),
        "risk.harm_to_others": (30, 40),
        "risk.substance_use": (30, 40),
    },
    "risk_blind10": {
        "risk.suicide": (20, 40),
        "risk.self_harm": (26, 40),
        "risk.harm_to_others": (23, 40),
        "risk.substance_use": (27, 40),
    },
    "risk_blind11": {
        "risk.suicide": (16, 40),
        "risk.self_harm": (32, 40),
        "risk.harm_to_others": (25, 40),
        "risk.substance_use": (24, 40),
    },
    "risk_blind12": {
        "risk.suicide": (23, 40),
        "risk.self_harm": (24, 40),
        "risk.harm_to_others": (25, 40),
        "risk.substance_use": (19, 40),
    },
    "risk_blind13": {
        "risk.suicide": (17, 40),
        "risk.self_harm": (28, 40),
        "risk.harm_to_others": (29, 40),
        "risk.substance_use": (21, 40),
    },
    "risk_blind14": {
        "risk.suicide": (18, 40),
        "risk.self_harm": (29, 40),
        "risk.harm_to_others": (26, 40),
        "risk.substance_use": (28, 40),
    },
}
BLIND_FALSE_ALARMS = {
    "risk_blind2": (8, 60),
    "risk_blind3": (27, 80),
    "risk_blind4": (19, 80),
    "risk_blind5": (10, 80),
    "risk_blind6": (16, 80),
    "risk_blind7": (15, 80),
    "risk_blind8": (19, 80),
    "risk_blind9": (19, 80),
    "risk_blind10": (26, 80),
    "risk_blind11": (27, 80),
    "risk_blind12": (27, 80),
    "risk_blind13": (18, 80),
    "risk_blind14": (18, 80),
}


@pytest.fixture(scope="module", params=sorted(BLIND_FLOOR))
def blind(request):  # type: ignore[no-untyped-def]
    return request.param, score_gold(request.param, DETECTOR)


@pytest.mark.parametrize("label", OWN_RISK_LABELS)
def test_blind_recall_does_not_fall_below_measured_floor(blind, label: str) -> None:  # type: ignore[no-untyped-def]
    family, scores = blind
    tp, positives = BLIND_FLOOR[family][label]
    score = scores[label]
    assert score.tp + score.fn == positives
    assert score.recall >= tp / positives, f"{label} misses: {score.misses}"


def test_blind_false_alarms_do_not_rise(blind) -> None:  # type: ignore[no-untyped-def]
    family, scores = blind
    most, negatives = BLIND_FALSE_ALARMS[family]
    own = [scores[label] for label in OWN_RISK_LABELS]
    assert sum(s.fp + s.tn for s in own) == negatives
    assert sum(s.fp for s in own) <= most, [a for s in own for a in s.false_alarms]


# --- the broad screen tier ---------------------------------------------------------------


def test_screen_match_is_a_lower_score_label_and_an_always_surfaced_finding() -> None:
    text = "I left the car running in the garage for a bit, just to see."
    state = _state(text)
    assert 0 < state.turns[-1].labels["risk.suicide"] < 0.5
    findings = [f for f in state.findings if f.kind == "risk"]
    assert len(findings) == 1 and not findings[0].candidate
    assert findings[0].extra["always_surfaced"] is True
    assert findings[0].extra["tier"] == "screen"
    assert "broad screen" in findings[0].explanation.lower()
    quotes = [e.quote for e in findings[0].evidence]
    assert "garage" in quotes and "just to see" in quotes
    for evidence in findings[0].evidence:
        assert text[evidence.start : evidence.end] == evidence.quote


def test_phrase_rule_match_keeps_the_rule_tier() -> None:
    state = _state("I've been saving up my pills, just in case.")
    tiers = {f.extra["tier"] for f in state.findings if f.kind == "risk"}
    assert tiers == {"rule"}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I scrubbed my arms with bleach till they stung.", "risk.self_harm"),
        ("I've got a blade in the glovebox in case I see him.", "risk.harm_to_others"),
        ("I had a few jars after work with the lads and then a few more.", "risk.substance_use"),
    ],
)
def test_screen_adds_up_cues_of_different_groups(text: str, label: str) -> None:
    assert label in _state(text).turns[-1].labels


@pytest.mark.parametrize(
    "text",
    [
        "We walked across the bridge to the market.",
        "I took two paracetamol for my headache.",
        "I'll call her tomorrow and sort it out.",
        "I hit my head on the cupboard door.",
        "My sister used to cut herself when she was a teenager.",
        "I've never hurt myself on purpose.",
        "I couldn't go to sleep for ages last night.",
    ],
)
def test_single_cues_ordinary_mentions_and_denials_stay_unlabelled(text: str) -> None:
    labels = _state(text).turns[-1].labels
    assert not [label for label in labels if label in OWN_RISK_LABELS], labels


# --- answers to the therapist's risk questions ---------------------------------------------


@pytest.mark.parametrize("answer", ["I'm not sure. Some nights, maybe.", "I am not certain."])
def test_not_being_sure_is_no_denial(answer: str) -> None:
    """v1.8.2: like "I don't know", an unsure answer to a risk question is flagged for review."""
    context = [["Therapist", "Have you had any thoughts of ending your life?"]]
    assert "risk.suicide" in _state(answer, context).turns[-1].labels


def test_answer_to_a_risk_question_is_flagged_with_the_question_in_the_explanation() -> None:
    context = [["Therapist", "Have you had any thoughts of ending your life?"]]
    state = _state("Sometimes, late at night. Not every day.", context)
    assert 0 < state.turns[-1].labels["risk.suicide"] < 0.5
    (finding,) = [f for f in state.findings if f.kind == "risk"]
    assert finding.extra["tier"] == "answer" and finding.extra["always_surfaced"] is True
    assert "ending your life" in finding.explanation
    assert [e.quote for e in finding.evidence] == ["Sometimes, late at night."]


@pytest.mark.parametrize(
    ("question", "answer", "label"),
    [
        (
            "Last month you said you'd kept back some of your sleeping tablets to take them all "
            "at once. Do you still have them?",
            "Yes. In the bathroom cabinet.",
            "risk.suicide",
        ),
        ("Have you been cutting your arms again since we last met?", "Twice.", "risk.self_harm"),
    ],
)
def test_answer_to_a_question_the_other_tiers_read_as_risk_is_flagged(
    question: str, answer: str, label: str
) -> None:
    """v1.8: the question's risk is read by the rules and screens too, not only the lexicon of
    risk questions; its last asking sentence and the one before it count."""
    state = _state(answer, [["Therapist", question]])
    assert label in state.turns[-1].labels
    (finding,) = [f for f in state.findings if f.kind == "risk" and f.extra["risk"] in label]
    assert finding.extra["tier"] == "answer"
    assert f'answer "{answer.split(".")[0]}' in finding.explanation
    asked = finding.explanation.split("question about ")[1].split('" does not')[0].strip('"')
    assert asked and asked in question, finding.explanation


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Did your brother ever hurt himself on purpose?", "Yes, a few times."),
        ("Has anyone in your family tried to take their own life?", "My aunt, years ago."),
        # the therapist's own words before a check-in question
        ("I lost my brother to suicide. How are you today?", "Okay, thanks."),
        ("I got blind drunk at my sister's wedding. Did you go to yours?", "Yes, it was lovely."),
        ("Mixing alcohol with your sleeping pills could kill you. Okay?", "Okay."),
        # v1.9: the lexicon's risk question asked about someone else's drinking
        ("Did your brother ever hurt himself when he was drinking?", "Yes, a few times."),
        ("Is your dad still drinking?", "Yes, every day."),
    ],
)
def test_a_question_about_someone_elses_or_the_therapists_words_is_no_alarm(
    question: str, answer: str
) -> None:
    labels = _state(answer, [["Therapist", question]]).turns[-1].labels
    assert not [label for label in labels if label in OWN_RISK_LABELS], labels


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Have you had any thoughts of ending your life?", "No, never."),
        ("Have you had any thoughts of ending your life?", "Honestly, no. Not for years."),
        ("Are you still drinking in the mornings?", "God, no."),
        ("Have you been drinking again?", "Not a drop."),
        ("Your dad's drinking sounds frightening.", "It was."),  # not a question
        ("Have you been using the breathing exercise?", "Yes, every night."),
    ],
)
def test_denial_or_no_risk_question_gives_no_answer_flag(question: str, answer: str) -> None:
    labels = _state(answer, [["Therapist", question]]).turns[-1].labels
    assert not [label for label in labels if label in OWN_RISK_LABELS], labels


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Did your friends pressure you into drinking?", "Yes, a few times."),
        ("Is your wife worried about your drinking?", "Yes, she is."),
    ],
)
def test_a_question_about_the_clients_own_use_beside_another_person_still_counts(
    question: str, answer: str
) -> None:
    assert "risk.substance_use" in _state(answer, [["Therapist", question]]).turns[-1].labels


@pytest.mark.parametrize(
    ("question", "answer", "label"),
    [
        ("Can you keep yourself safe tonight?", "No.", "risk.suicide"),
        ("Is the plaster from the kitchen, like you said?", "Not really, no.", "risk.self_harm"),
        ("Are the marks on your arm from the cat?", "No. There isn't a cat.", "risk.self_harm"),
        ("Is your son safe at home with you?", "Not really.", "risk.harm_to_others"),
        # v1.9.1: unsure is as worrying as no
        ("Can you keep yourself safe tonight?", "I'm not sure I can.", "risk.suicide"),
        ("Can you keep yourself safe until Thursday?", "I'll try.", "risk.suicide"),
        # v1.9.3: reasons for living, the abstinence check-in, "no" in other words
        (
            "Is there anything that would stop you acting on those thoughts?",
            "Not really, no.",
            "risk.suicide",
        ),
        ("Can you keep yourself safe until Monday?", "I can't promise that.", "risk.suicide"),
        ("Are you still clean?", "No.", "risk.substance_use"),
        (
            "Have you managed to stay sober since we met?",
            "Not since Tuesday.",
            "risk.substance_use",
        ),
        ("Have you kept off the gear?", "Not really.", "risk.substance_use"),
    ],
)
def test_no_to_a_question_whose_no_is_the_risk_is_flagged(
    question: str, answer: str, label: str
) -> None:
    """v1.9: a safety check or an offered harmless explanation answered "no" (v1.9.1: or unsure)."""
    state = _state(answer, [["Therapist", question]])
    assert label in state.turns[-1].labels
    (finding,) = [f for f in state.findings if f.kind == "risk" and f.extra["risk"] in label]
    assert finding.extra["tier"] == "no_to_safety" and finding.extra["always_surfaced"]
    assert "says no to the therapist's question" in finding.explanation


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Can you keep yourself safe tonight?", "Yes, I'll be at my sister's."),
        ("Are the marks from the cat?", "No, it was the dog, he's a menace."),
        ("Are the marks from the cat?", "Yes, she scratches when I pick her up."),
        ("Are those cuts from hurting yourself?", "No, it's the roses."),  # asked directly
        ("Do you feel safe at home?", "No."),  # the client's safety from others: not these labels
        # v1.9.3: the abstinence check-in's "yes" is no alarm, nor are housework, rain or the gym
        ("Are you still sober?", "Yes, three months now."),
        ("Have you stayed clean since the last session?", "Yes."),
        ("Are you keeping the flat clean?", "No, it's a mess."),
        ("Has the flat been clean?", "No."),
        ("Are you dry now?", "No, I'm soaked."),
        ("Is there anything stopping you from trying the gym?", "No."),
        ("Is there anything that would stop you acting on those thoughts?", "My daughter."),
        # v1.9.4: the learned screen read a time that falls short as suicide
        ("How long have you been clean?", "Not long enough."),
        ("How long have you worked there?", "I haven't been there long enough to ask."),
    ],
)
def test_yes_or_another_harmless_explanation_is_no_safety_alarm(question: str, answer: str) -> None:
    labels = _state(answer, [["Therapist", question]]).turns[-1].labels
    assert not [label for label in labels if label in OWN_RISK_LABELS], labels


SUICIDE_QUESTION = "Have you had any thoughts of ending your life?"


@pytest.mark.parametrize(
    ("question", "answer", "label"),
    [
        (SUICIDE_QUESTION, "I'm not going to be around much longer.", "risk.suicide"),
        (SUICIDE_QUESTION, "I don't think I can keep going.", "risk.suicide"),
        (SUICIDE_QUESTION, "I didn't want to wake up this morning.", "risk.suicide"),
        ("Have you been drinking again?", "I didn't stop, really.", "risk.substance_use"),
        (
            "Have you hurt yourself since we last met?",
            "I didn't mean to go so deep.",
            "risk.self_harm",
        ),
        (
            "Have you had thoughts of hurting anyone?",
            "I don't trust myself around him.",
            "risk.harm_to_others",
        ),
    ],
)
def test_i_am_not_or_i_did_not_that_says_more_is_no_denial(
    question: str, answer: str, label: str
) -> None:
    """v1.9.1: the clause after "I'm not", "I don't", "I didn't" decides, not the opener."""
    assert label in _state(answer, [["Therapist", question]]).turns[-1].labels


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Have you hurt yourself since we last met?", "I haven't, no."),
        ("Have you hurt yourself since we last met?", "I haven't hurt myself, I promise."),
        (SUICIDE_QUESTION, "I don't think so."),
        (SUICIDE_QUESTION, "I haven't had any thoughts like that."),
        ("Any thoughts of suicide?", "I'm not suicidal, I just feel flat."),
        ("Have you been drinking again?", "I haven't had a drink since March."),
        ("Do you ever worry about hurting them?", "I'd never lay a finger on them."),
        ("Have you had thoughts of hurting anyone?", "I'm not like that."),
    ],
)
def test_a_bare_or_echoing_denial_stays_a_denial(question: str, answer: str) -> None:
    labels = _state(answer, [["Therapist", question]]).turns[-1].labels
    assert not [label for label in labels if label in OWN_RISK_LABELS], labels


@pytest.mark.parametrize(
    ("question", "answer", "label"),
    [
        (
            "Have you ever tried to hurt yourself?",
            "No, but I think about it a lot.",
            "risk.self_harm",
        ),
        ("Have you made a plan to end your life?", "No, not yet.", "risk.suicide"),
        (
            "Have you thought about killing yourself?",
            "No, not really, only sometimes at night.",
            "risk.suicide",
        ),
        ("Have you cut yourself recently?", "No, only scratched a bit.", "risk.self_harm"),
        ("Have you hurt yourself this week?", "I haven't, but I've wanted to.", "risk.self_harm"),
        (SUICIDE_QUESTION, "No, though it's crossed my mind.", "risk.suicide"),
        (
            "Have you been using?",
            "Not really, just a couple of lines at the weekend.",
            "risk.substance_use",
        ),
        (
            "Do you ever feel like hurting him?",
            "No, but sometimes I picture it.",
            "risk.harm_to_others",
        ),
        ("Have you ever tried to kill yourself?", "No. Well, once.", "risk.suicide"),
    ],
)
def test_a_denial_taken_back_at_once_is_flagged(question: str, answer: str, label: str) -> None:
    """v1.9.2: "No, but ...", "No, not yet", "No, only ..." is a partial disclosure."""
    assert label in _state(answer, [["Therapist", question]]).turns[-1].labels


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (SUICIDE_QUESTION, "No, but I'm fine, honestly."),
        (SUICIDE_QUESTION, "No. I get low, but I've never wanted to die."),
        ("Have you hurt yourself?", "No, but my sister has."),
        ("Have you thought about hurting him?", "No, but I'd never do that."),
        ("Have you been drinking?", "No, just tired."),
        ("Have you been drinking?", "No, only water."),
        ("Have you been drinking?", "No. Not since Christmas."),
        ("Have you hurt yourself?", "No, not once."),
    ],
)
def test_a_denial_with_a_new_topic_someone_else_or_a_second_denial_stays_one(
    question: str, answer: str
) -> None:
    labels = _state(answer, [["Therapist", question]]).turns[-1].labels
    assert not [label for label in labels if label in OWN_RISK_LABELS], labels


# v1.9.5: the C-SSRS follow-up questions do not name the risk; they ask about the risk the
# client spoke of, or the therapist asked about, in the turns just before.
SUICIDE_TALK = [
    ["Client", "Some nights I think everyone would be better off if I was dead."],
    ["Therapist", "That sounds like a very heavy thing to carry."],
    ["Client", "It is."],
]
HARM_TALK = [
    ["Client", "When I see him I want to smash his face in."],
    ["Therapist", "That's a lot of anger."],
    ["Client", "He deserves it."],
]


@pytest.mark.parametrize(
    ("context", "question", "answer", "label"),
    [
        (SUICIDE_TALK, "Are you planning to act on those thoughts?", "Not yet.", "risk.suicide"),
        (SUICIDE_TALK, "Have you thought about how?", "Pills, probably.", "risk.suicide"),
        (SUICIDE_TALK, "Do you have a plan?", "Sort of.", "risk.suicide"),
        (HARM_TALK, "Have you thought about how?", "Not yet. But I will.", "risk.harm_to_others"),
        (
            [
                ["Therapist", "Have you been having thoughts of killing yourself?"],
                ["Client", "Yes."],
            ],
            "Do you intend to act on them?",
            "Some days.",
            "risk.suicide",
        ),
    ],
)
def test_an_answer_to_a_follow_up_question_takes_the_risk_talked_of_before(
    context: list[list[str]], question: str, answer: str, label: str
) -> None:
    labels = _state(answer, [*context, ["Therapist", question]]).turns[-1].labels
    assert label in labels, labels


@pytest.mark.parametrize(
    ("context", "question", "answer"),
    [
        ([], "Have you thought about how?", "Not yet."),  # nothing said of risk before
        ([["Client", "I want to move to Leeds."]], "Do you have a plan?", "Not yet."),
        (SUICIDE_TALK, "Are you planning to act on those thoughts?", "No, never."),  # a denial
        (
            [*SUICIDE_TALK, *[["Client", "Anyway."], ["Therapist", "Go on."]] * 4],
            "Do you have a plan?",
            "Not yet.",
        ),  # the risk talk was too long ago for "a plan" to mean it
    ],
)
def test_a_follow_up_question_without_risk_just_before_gives_no_flag(
    context: list[list[str]], question: str, answer: str
) -> None:
    labels = _state(answer, [*context, ["Therapist", question]]).turns[-1].labels
    assert not [label for label in labels if label in OWN_RISK_LABELS], labels
