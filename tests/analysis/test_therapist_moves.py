"""talkingcure.therapist_moves.v1: each move fires on a turn showing it, not on a near miss."""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from importlib import resources

import pytest

from talkingcure.analysis.detectors.therapist_moves import LABELS, TherapistMoves
from talkingcure.analysis.registry import REGISTRY

from .therapist_helpers import analyse

# (label, client turn, therapist turn showing the move, therapist turn with the same words not
# showing it). Written for these tests; the gold set in analysis/gold/ is separate.
CASES = [
    (
        "clarification",
        "It was a bit of a mess with my brother.",
        "What do you mean by a mess?",
        "I know what you mean, it was a mess.",
    ),
    (
        "reflection.feeling",
        "My best friend didn't invite me to her wedding.",
        "You sound deeply hurt by that.",
        "You sound like you have been travelling a lot.",
    ),
    (
        "exploration.emotion",
        "He shouted at me in front of everyone.",
        "How did you feel when he shouted at you?",
        "How did the meeting end after he shouted?",
    ),
    (
        "exploration.past",
        "I always end up looking after everyone.",
        "What was it like for you growing up, being the eldest?",
        "I remember growing up as the eldest myself.",
    ),
    (
        "exploration.avoidance",
        "Anyway, did I tell you about the new car?",
        "I notice we moved away from your mother's illness just now.",
        "I notice you moved house last month.",
    ),
    (
        "interpretation",
        "My manager ignored my idea again.",
        "Perhaps being overlooked by him feels just like how your father treated you.",
        "Perhaps you could email your manager the idea.",
    ),
    (
        "interpretation.transference",
        "You probably think I'm pathetic.",
        "I wonder if you expect me to judge you the way your mother did.",
        "I wonder if your mother will judge the new flat.",
    ),
    (
        "invite.free_association",
        "I'm not sure what to talk about today.",
        "Just say whatever comes to mind, however small.",
        "Nothing comes to mind from my side; let's start where you like.",
    ),
    (
        "self_disclosure",
        "My father died in the spring.",
        "When I lost my own father, the first year was very hard for me.",
        "When you lost your father, what was the hardest part?",
    ),
]


def labels_of_last(pairs: list[tuple[str, str]]) -> dict[str, float]:
    state = analyse(pairs, acts=False)
    return state.turns[len(pairs) - 1].labels


@pytest.mark.parametrize(("label", "client", "positive", "negative"), CASES)
def test_move_fires_on_its_turn_and_not_on_a_near_miss(
    label: str, client: str, positive: str, negative: str
) -> None:
    assert label in labels_of_last([("C", client), ("T", positive)])
    assert label not in labels_of_last([("C", client), ("T", negative)])


def test_client_turns_are_not_labelled() -> None:
    state = analyse(
        [("T", "Hello."), ("C", "What do you mean by that? You sound hurt.")], acts=False
    )
    assert not set(state.turns[1].labels) & set(LABELS)


def test_negated_feeling_is_no_reflection_of_feeling() -> None:
    assert "reflection.feeling" not in labels_of_last(
        [("C", "I told him it was fine."), ("T", "You don't sound angry about it.")]
    )


def test_echo_question_asks_for_clarification() -> None:
    state = analyse(
        [("C", "Things have been weird since the move."), ("T", "Weird since the move?")],
        acts=False,
    )
    evidence = state.turns[1].evidence["clarification"][0]
    assert evidence.quote.lower() in "things have been weird since the move."
    assert evidence.quote in "Weird since the move?"


def test_evidence_is_the_exact_matched_text() -> None:
    state = analyse(
        [("C", "She left."), ("T", "That must have been so painful. How did you feel?")],
        acts=False,
    )
    text = state.transcript.turns[1].text
    for items in state.turns[1].evidence.values():
        for evidence in items:
            assert evidence.quote == text[evidence.start : evidence.end]
            assert evidence.end - evidence.start < len(text)


def test_every_rule_names_its_source() -> None:
    data = tomllib.loads(
        resources.files("talkingcure.analysis.detectors")
        .joinpath("data/therapist_moves.toml")
        .read_text(encoding="utf-8")
    )
    for rule in data["rules"]:
        assert rule["label"] in LABELS, rule["id"]
        assert len(rule["source"]) > 10, rule["id"]


def test_gold_set_has_positives_and_hard_negatives_for_every_label() -> None:
    path = resources.files("talkingcure.analysis").joinpath("gold/therapist_moves.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    counts = Counter((r["label"], r["expected"]) for r in records)
    for label in LABELS:
        if label == "advice":
            continue
        assert counts[(label, True)] >= 12, label
        assert counts[(label, False)] >= 12, label
    assert len({r["id"] for r in records}) == len(records)


def test_conformance() -> None:
    assert REGISTRY[TherapistMoves.name] is TherapistMoves
    assert re.fullmatch(r"talkingcure\.[a-z_]+\.v\d+", TherapistMoves.name)
    assert TherapistMoves.requires == ("docs",)
    pairs: list[tuple[str, str]] = []
    for _, client, positive, _ in CASES:
        pairs += [("C", client), ("T", positive)]
    pairs += [("C", "I can't sleep."), ("T", "I'd suggest you try a regular bedtime.")]
    state = analyse(pairs, acts=False)
    assigned = {f"label:{name}" for turn in state.turns for name in turn.labels}
    assert assigned == set(TherapistMoves.assigns)
    assert set(TherapistMoves.candidate_labels) <= set(LABELS)


# reflection.feeling: the feeling is attributed to the client, in a statement about them as they
# are. (Client turn, therapist turn.) Written for these tests.
REFLECTS_FEELING = [
    ("My boss keeps changing the deadline.", "I can tell this really bothers you."),
    ("Nobody at the office answers my emails.", "I can feel your frustration."),
    ("I ate dinner alone every night that winter.", "How lonely that must have been."),
    ("I forgot her birthday again.", "You're feeling bad about letting her down."),
    ("I haven't slept properly in weeks.", "You sound exhausted, is that right?"),
    ("I moved cities and know nobody.", "That must be so isolating and lonely."),
    ("They cancelled the surgery twice.", "It sounds like you have a lot of anger about that."),
    ("The results come on Friday.", "You must be so worried, waiting for Friday."),
]

# Same feeling words, but not the client's feeling as they are: a third party's, the therapist's,
# negated, asked about, hypothetical, wished for, or a plain remark on difficulty.
NOT_A_REFLECTION = [
    ("My sister found out about the loan.", "Your sister must be furious with him."),
    ("My sister found out about the loan.", "She sounds really hurt."),
    ("I told him it was fine.", "You're not angry with her."),
    ("I keep checking the locks.", "Are you feeling scared at night?"),
    ("He said he would call and he didn't.", "So you feel let down?"),
    ("I have the interview tomorrow.", "If you feel anxious tonight, call the helpline."),
    ("I have to hand in my notice.", "You will feel relieved once it's done."),
    ("It's been a rough month.", "I hope you feel less alone soon."),
    ("My dog died on Sunday.", "I feel sad hearing that."),
    ("I've applied to forty jobs.", "It is hard to find work right now."),
    ("I failed the exam again.", "I know it's hard, but you'll get through this."),
    ("The kids were at their dad's.", "You were alone in the house that weekend."),
    ("I have a new course starting.", "Watch comedies that make you happy."),
]


@pytest.mark.parametrize(("client", "therapist"), REFLECTS_FEELING)
def test_reflection_of_feeling_fires(client: str, therapist: str) -> None:
    assert "reflection.feeling" in labels_of_last([("C", client), ("T", therapist)])


@pytest.mark.parametrize(("client", "therapist"), NOT_A_REFLECTION)
def test_feeling_not_attributed_to_the_client_is_no_reflection(client: str, therapist: str) -> None:
    assert "reflection.feeling" not in labels_of_last([("C", client), ("T", therapist)])


def test_reflection_evidence_names_the_feeling() -> None:
    state = analyse(
        [("C", "Nobody at the office answers my emails."), ("T", "I can feel your frustration.")],
        acts=False,
    )
    quotes = [e.quote for e in state.turns[1].evidence["reflection.feeling"]]
    assert any("frustration" in quote for quote in quotes)
