"""The v1.1 phrasings of issue 4 (the example turns the detectors used to miss), each checked on
wordings that are in no example or gold set (SYNTHETIC, written for these tests), with a hard
negative using the same words without the construct."""

from __future__ import annotations

import pytest

from tests.analysis.detector_cases import run_turn
from tests.analysis.therapist_helpers import analyse


@pytest.mark.parametrize(
    ("client", "therapist", "label", "expected"),
    [
        # exploration.avoidance: the move away right after an invitation, or near a topic
        (
            "Tell me about your mum.",
            "When I asked about your mum, you went quiet and started on the weather.",
            "exploration.avoidance",
            True,
        ),
        (
            "I don't know. Did you see the game?",
            "You jumped straight to the football when I asked how you felt.",
            "exploration.avoidance",
            True,
        ),
        (
            "Work's fine.",
            "Every time we get near your divorce, you keep it jokey.",
            "exploration.avoidance",
            True,
        ),
        (
            "Anyway.",
            "The topic shifted as soon as your brother came up.",
            "exploration.avoidance",
            True,
        ),
        (
            "I moved to Leeds.",
            "You moved straight to Leeds after university?",
            "exploration.avoidance",
            False,
        ),
        (
            "Let's keep it light.",
            "Let's keep it light today, it's been a heavy week.",
            "exploration.avoidance",
            False,
        ),
        (
            "The subject changed at school.",
            "So the subject changed from French to Spanish that year.",
            "exploration.avoidance",
            False,
        ),
        # interpretation: the function of a feeling, the child in the present
        (
            "I shout at my kids.",
            "Perhaps shouting is how you avoid feeling helpless with them.",
            "interpretation",
            True,
        ),
        (
            "I was so scared then.",
            "Maybe the frightened girl in the hallway is still here when your boss shouts.",
            "interpretation",
            True,
        ),
        (
            "How do I get there?",
            "That's how you get to the station from here.",
            "interpretation",
            False,
        ),
        (
            "The boy next door cried.",
            "The little boy next door sounds noisy.",
            "interpretation",
            False,
        ),
        # interpretation.transference: here and now, the therapist's imagined reaction
        (
            "I checked you were listening.",
            "I wonder if you watch me in here as well, the way you watched your mother.",
            "interpretation.transference",
            True,
        ),
        (
            "I didn't say.",
            "Maybe you feared I'd be disappointed in you.",
            "interpretation.transference",
            True,
        ),
        (
            "I let my boss decide.",
            "Perhaps you want me to decide for you, too.",
            "interpretation.transference",
            True,
        ),
        (
            "It's cold.",
            "It's cold in here too, I'll turn up the heating.",
            "interpretation.transference",
            False,
        ),
        (
            "I'm tired.",
            "I think I'm a bit tired today, let's keep going.",
            "interpretation.transference",
            False,
        ),
        # self_disclosure: the therapist's own identity
        ("Do you have kids?", "I'm a mother myself, so I recognise that.", "self_disclosure", True),
        ("Do you have kids?", "I'm not a parent myself.", "self_disclosure", False),
        ("Stuck?", "I am asking myself what you need.", "self_disclosure", False),
    ],
)
def test_therapist_move_phrasing(client: str, therapist: str, label: str, expected: bool) -> None:
    state = analyse([("C", client), ("T", therapist)])
    assert (label in state.turns[-1].labels) is expected, state.turns[-1].labels


@pytest.mark.parametrize(
    ("detector", "text", "label", "expected"),
    [
        # transference: the therapist imagined as weary of the client
        (
            "talkingcure.transference.v1",
            "Honestly, you're probably fed up with me by now.",
            "transference",
            True,
        ),
        (
            "talkingcure.transference.v1",
            "You looked so bored with me last week.",
            "transference",
            True,
        ),
        (
            "talkingcure.transference.v1",
            "I bet you can't wait to see the back of me.",
            "transference",
            True,
        ),
        (
            "talkingcure.transference.v1",
            "My boss must be sick of me by now.",
            "transference",
            False,
        ),
        ("talkingcure.transference.v1", "I can't wait for the holidays.", "transference", False),
        # defense.obsessional: the self explained as a case from the literature
        (
            "talkingcure.defenses.v1",
            "Research shows children of alcoholics become caretakers, so it's what happens.",
            "defense.obsessional",
            True,
        ),
        (
            "talkingcure.defenses.v1",
            "I'm a classic example of an avoidant attachment style.",
            "defense.obsessional",
            True,
        ),
        (
            "talkingcure.defenses.v1",
            "I cried reading the research about my illness.",
            "defense.obsessional",
            False,
        ),
        # defense.high_adaptive: self-observation, self-assertion, humour
        (
            "talkingcure.defenses.v1",
            "I've realised I go quiet whenever my partner raises her voice.",
            "defense.high_adaptive",
            True,
        ),
        (
            "talkingcure.defenses.v1",
            "I told her no, and she accepted it.",
            "defense.high_adaptive",
            True,
        ),
        (
            "talkingcure.defenses.v1",
            "We laughed about it later, even though it had hurt.",
            "defense.high_adaptive",
            True,
        ),
        (
            "talkingcure.defenses.v1",
            "I noticed I'd left my phone at home.",
            "defense.high_adaptive",
            False,
        ),
        # insight: a connection or a function seen in oneself
        (
            "talkingcure.insight.v1",
            "I'd never connected my panic with Dad's drinking until now.",
            "insight",
            True,
        ),
        (
            "talkingcure.insight.v1",
            "I stay busy so I don't have to feel how lonely I am.",
            "insight",
            True,
        ),
        (
            "talkingcure.insight.v1",
            "I leave early so I don't have to sit in traffic.",
            "insight",
            False,
        ),
        (
            "talkingcure.insight.v1",
            "I hadn't connected the speakers, so there was no sound.",
            "insight",
            False,
        ),
    ],
)
def test_client_label_phrasing(detector: str, text: str, label: str, expected: bool) -> None:
    state = run_turn(detector, text, [["Therapist", "How has the week been?"]])
    assert (label in state.turns[-1].labels) is expected, state.turns[-1].labels
