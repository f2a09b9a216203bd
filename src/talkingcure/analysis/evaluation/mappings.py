"""How each of our labels maps onto each public set's human labels.

A mapping names the data set, our label, the human code it is compared with, which turns are
scored, whether the mapping is ``loose`` (the constructs overlap but are not the same) and a
sentence on why. Targets are the issue's; ``None`` means "reported, not a target".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from talkingcure.analysis.evaluation.datasets import Codes
from talkingcure.analysis.transcript import Role

THERAPIST_LABELS: tuple[str, ...] = (
    "question",
    "question.open",
    "question.closed",
    "clarification",
    "reflection",
    "reflection.feeling",
    "exploration.emotion",
    "exploration.past",
    "exploration.avoidance",
    "interpretation",
    "interpretation.transference",
    "invite.free_association",
    "self_disclosure",
    "advice",
)
DEFENSE_LEVELS: tuple[str, ...] = (
    "action",
    "major_image_distorting",
    "disavowal",
    "minor_image_distorting",
    "neurotic",
    "obsessional",
    "high_adaptive",
)
EMOTION_GROUPS: tuple[str, ...] = ("anger", "disgust", "fear", "joy", "sadness", "surprise")
CLIENT_LABELS: tuple[str, ...] = (
    *(f"emotion.{g}" for g in EMOTION_GROUPS),
    "catharsis",
    "avoidance",
    *(f"defense.{level}" for level in DEFENSE_LEVELS),
    "transference",
    "relationship_episode",
    "insight",
    "free_association",
    "risk.suicide",
    "risk.self_harm",
    "risk.harm_to_others",
    "risk.substance_use",
)
OUR_LABELS: frozenset[str] = frozenset(THERAPIST_LABELS + CLIENT_LABELS)

GoldRule = Callable[[list[Codes]], bool | None]


@dataclass(frozen=True)
class LabelMapping:
    """Our ``label`` against a human code of ``dataset``, scored on turns of ``role``."""

    dataset: str
    label: str
    human: str
    role: Role
    gold: GoldRule
    loose: bool
    why: str
    target: float | None = None


def majority(codes: list[Codes], field: str, value: str) -> bool:
    """True when more than half of the annotators gave ``field`` the value ``value``."""
    votes = sum(1 for c in codes if c.get(field) == value)
    return votes * 2 > len(codes)


def majority_value(codes: list[Codes], field: str) -> str | None:
    """The most frequent non-empty value of ``field`` (None on a tie or when nobody gave one)."""
    values = [c.get(field, "") for c in codes if c.get(field, "") not in ("", "n/a")]
    if not values:
        return None
    ranked = Counter(values).most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _annomi_behaviour(value: str) -> GoldRule:
    return lambda codes: majority(codes, "main_therapist_behaviour", value)


def _esconv(*strategies: str) -> GoldRule:
    return lambda codes: codes[0].get("strategy") in strategies


def _ekman(group: str) -> GoldRule:
    return lambda codes: group in codes[0].get("ekman", "").split(",")


def _epitome_level(codes: list[Codes]) -> bool:
    return codes[0].get("explorations", "0") not in ("0", "")


_ANNOMI_Q = "AnnoMI main_therapist_behaviour = question (majority of annotators)"
_ANNOMI_WHY = "Same construct: the annotators' main behaviour of the therapist's utterance."

MAPPINGS: tuple[LabelMapping, ...] = (
    LabelMapping(
        "annomi",
        "question",
        _ANNOMI_Q,
        "therapist",
        _annomi_behaviour("question"),
        False,
        _ANNOMI_WHY,
        0.90,
    ),
    LabelMapping(
        "annomi_stripped",
        "question",
        _ANNOMI_Q + ", text lower-cased without punctuation",
        "therapist",
        _annomi_behaviour("question"),
        False,
        "Stand-in for transcripts whose punctuation is unreliable (ASR); the target is "
        "the issue's target for real sessions.",
        0.85,
    ),
    LabelMapping(
        "annomi",
        "reflection",
        "AnnoMI main_therapist_behaviour = reflection",
        "therapist",
        _annomi_behaviour("reflection"),
        False,
        _ANNOMI_WHY,
        0.75,
    ),
    LabelMapping(
        "annomi",
        "advice",
        "AnnoMI main_therapist_behaviour = therapist_input",
        "therapist",
        _annomi_behaviour("therapist_input"),
        True,
        "Loose: therapist_input covers information, advice, options and negotiation; "
        "our advice covers suggestions, information and instructions.",
    ),
    LabelMapping(
        "esconv",
        "question",
        "ESConv strategy = Question",
        "therapist",
        _esconv("Question"),
        True,
        "Loose: ESConv codes one strategy per supporter turn, so a turn that asks and "
        "also reassures may be coded as another strategy.",
    ),
    LabelMapping(
        "esconv",
        "reflection.feeling",
        "ESConv strategy = Reflection of feelings",
        "therapist",
        _esconv("Reflection of feelings"),
        False,
        "Same construct: the supporter names the seeker's feeling.",
        0.60,
    ),
    LabelMapping(
        "esconv",
        "reflection",
        "ESConv strategy = Restatement or Paraphrasing or Reflection of feelings",
        "therapist",
        _esconv("Restatement or Paraphrasing", "Reflection of feelings"),
        True,
        "Loose: peer supporters, one strategy per turn.",
    ),
    LabelMapping(
        "esconv",
        "self_disclosure",
        "ESConv strategy = Self-disclosure",
        "therapist",
        _esconv("Self-disclosure"),
        True,
        "Loose: ESConv self-disclosure is a peer sharing a similar experience.",
    ),
    LabelMapping(
        "esconv",
        "advice",
        "ESConv strategy = Providing Suggestions",
        "therapist",
        _esconv("Providing Suggestions"),
        True,
        "Loose: our advice also covers information (ESConv 'Information').",
    ),
    LabelMapping(
        "epitome",
        "exploration.emotion",
        "EPITOME explorations level > 0",
        "therapist",
        _epitome_level,
        True,
        "Loose: EPITOME explorations include asking about experiences, not only "
        "feelings; Reddit peer responses, not therapy.",
    ),
    *(
        LabelMapping(
            "goemotions",
            f"emotion.{g}",
            f"GoEmotions Ekman group {g}",
            "client",
            _ekman(g),
            False,
            "Same construct on Reddit comments (the domain differs from therapy talk).",
        )
        for g in EMOTION_GROUPS
    ),
)

EMOTION_MACRO_TARGET = 0.58
OPEN_CLOSED_TARGET = 0.80
DMRS_LEVELS: dict[str, str | None] = {
    "0": None,
    **{str(i): level for i, level in enumerate(DEFENSE_LEVELS, start=1)},
}
"""PsyDefConv DMRS level -> our ``defense.<level>`` (0 = no defence label); 8 is not scored."""

MAPPING_NOTES: dict[str, str] = {
    "open_closed": "AnnoMI question_subtype (majority of annotators who coded it) against "
    "question.open / question.closed, on turns the annotators' majority calls a question. "
    "A turn the engine does not call a question counts as wrong.",
    "psydefconv": "PsyDefConv DMRS level of the target seeker utterance against the "
    "highest-scoring defense.<level> label on that turn (no defence label = level 0). Level 8 "
    "(needs more information) is not scored. Loose: peer-support chat, one rater scheme.",
    "goemotions_macro": "Macro-F1 over the six Ekman groups; 'neutral' is no group. Reported on "
    "all dev comments (neutral-only comments are negatives for every group) and on comments "
    "with at least one group. The comments are independent: the harness puts 25 in one "
    "transcript of client turns for speed, and 'n conv.' counts those groups.",
}
