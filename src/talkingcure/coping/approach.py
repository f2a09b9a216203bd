"""Which approach a trigger starts from, and why avoidance is not the answer to every one.

Avoiding some triggers helps: a bar, a dealer, a friend to use with. Avoiding trauma
reminders keeps post-traumatic stress going, so for them the plan starts from coping and
gradual approach, worked on in therapy. For other stressors the therapist chooses.
"""

from __future__ import annotations

from talkingcure.coping.models import Approach, TriggerCategory, TriggerKind

TRAUMA_EXPLANATION = (
    "Avoiding trauma reminders brings short relief but keeps post-traumatic stress going: "
    "the reminder stays frightening and the world gets smaller. For these the plan starts "
    "from coping in the moment and approaching the reminder gradually, worked on in therapy. "
    "Choose 'avoid' only for a real present danger (for example, the person who hurt the "
    "client), and say why."
)

AVOID_EXPLANATION = (
    "Substance cues and using contacts are worth avoiding, especially early in recovery."
)

_DEFAULTS: dict[str, Approach] = {
    TriggerCategory.SUBSTANCE_CUE: Approach.AVOID,
    TriggerCategory.USING_CONTACT: Approach.AVOID,
    TriggerCategory.TRAUMA_REMINDER: Approach.APPROACH,
}


def default_approach(category: str) -> Approach | None:
    """The approach a trigger of this category starts from; None: the therapist chooses."""
    return _DEFAULTS.get(category)


def category_for_kind(kind: str) -> str:
    """The category a suggestion's kind implies, when it implies one ('' otherwise)."""
    return TriggerCategory.SUBSTANCE_CUE if kind == TriggerKind.SUBSTANCE_CUE else ""


def avoidance_problem(category: str, approach: str, reason: str) -> str:
    """Why this choice may not be saved as it is; empty when it may."""
    trauma = category == TriggerCategory.TRAUMA_REMINDER
    if trauma and approach == Approach.AVOID and not reason.strip():
        return (
            "This is a trauma reminder: avoiding it keeps post-traumatic stress going. "
            "Choose coping and gradual approach, or say why avoiding it is right here "
            "(for example, a real present danger)."
        )
    return ""
