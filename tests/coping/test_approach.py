"""Not every trigger is to be avoided: trauma reminders start from coping and gradual approach."""

from __future__ import annotations

import re
from typing import Any

from talkingcure.coping import suggestions
from talkingcure.coping.approach import TRAUMA_EXPLANATION, default_approach
from talkingcure.coping.forms import TriggerForm
from talkingcure.coping.models import Approach, CopingPlanVersion, TriggerCategory, TriggerKind

from .conftest import BAR, url


def test_defaults_by_category() -> None:
    assert default_approach(TriggerCategory.SUBSTANCE_CUE) == Approach.AVOID
    assert default_approach(TriggerCategory.USING_CONTACT) == Approach.AVOID
    assert default_approach(TriggerCategory.TRAUMA_REMINDER) == Approach.APPROACH
    assert default_approach(TriggerCategory.OTHER) is None


def _checked(html: str) -> list[str]:
    return re.findall(r'name="approach" value="(\w+)"[^>]*checked', html)


def test_a_blank_trigger_form_preselects_no_approach() -> None:
    assert _checked(str(TriggerForm()["approach"])) == []
    assert _checked(str(TriggerForm(initial={"approach": "approach"})["approach"])) == ["approach"]


def test_a_trauma_reminder_suggestion_starts_from_gradual_approach(
    personas: Any, signed_in: Any
) -> None:
    suggestions.note(
        personas["client"],
        personas["owner"],
        trigger="Shouting, which brings back home as a child (synthetic)",
        kind=TriggerKind.SITUATION,
        category=TriggerCategory.TRAUMA_REMINDER,
    )
    key = suggestions.suggestions_for(personas["client"])[0].key
    page = signed_in(personas["owner"]).get(url("confirm", personas["client"], key))
    body = page.content.decode()
    assert _checked(body) == ["approach"]
    assert "keeps post-traumatic stress going" in body


def test_avoiding_a_trauma_reminder_needs_a_reason(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    data = {
        **BAR,
        "trigger": "Anniversary of the accident (synthetic)",
        "kind": TriggerKind.SITUATION,
        "category": TriggerCategory.TRAUMA_REMINDER,
        "approach": Approach.AVOID,
    }
    refused = browser.post(url("add_trigger", personas["client"]), data)
    assert refused.status_code == 400
    assert "avoiding it keeps post-traumatic stress going" in refused.content.decode()
    assert not CopingPlanVersion.objects.exists()
    data["reason"] = "The person who hurt the client lives there; a real danger (synthetic)."
    accepted = browser.post(url("add_trigger", personas["client"]), data)
    assert accepted.status_code == 302
    assert CopingPlanVersion.objects.get().triggers[0]["approach"] == Approach.AVOID


def test_the_form_explains_why() -> None:
    assert "keeps post-traumatic stress going" in TRAUMA_EXPLANATION
    assert TRAUMA_EXPLANATION in str(TriggerForm()["approach"].help_text)
