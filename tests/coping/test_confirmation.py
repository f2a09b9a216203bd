"""Nothing enters the plan unconfirmed: a suggestion waits beside it until the therapist decides."""

from __future__ import annotations

from typing import Any

from talkingcure.coping import suggestions
from talkingcure.coping.models import (
    CopingPlanVersion,
    Decision,
    TriggerCategory,
    TriggerDecision,
    TriggerKind,
)

from .conftest import BAR, url


def _note(personas: Any, **overrides: Any) -> Any:
    values = {
        "trigger": "Calls from an old drinking friend (synthetic)",
        "kind": TriggerKind.PERSON,
        "category": TriggerCategory.USING_CONTACT,
        "response": "urge to drink",
    }
    values.update(overrides)
    return suggestions.note(personas["client"], personas["owner"], **values)


def test_a_noted_trigger_is_a_suggestion_not_in_the_plan(personas: Any, signed_in: Any) -> None:
    _note(personas)
    found = suggestions.suggestions_for(personas["client"])
    assert [s.trigger for s in found] == ["Calls from an old drinking friend (synthetic)"]
    assert found[0].source == "noted" and found[0].key.startswith("noted:")
    assert not CopingPlanVersion.objects.exists()
    page = signed_in(personas["owner"]).get(url("overview", personas["client"]))
    assert "Suggested triggers, not in the plan" in page.content.decode()
    assert "No plan yet." in page.content.decode()


def test_confirming_puts_it_in_the_draft_and_it_is_no_longer_suggested(
    personas: Any, signed_in: Any
) -> None:
    _note(personas)
    key = suggestions.suggestions_for(personas["client"])[0].key
    browser = signed_in(personas["owner"])
    form = browser.get(url("confirm", personas["client"], key))
    assert form.status_code == 200
    # a using contact starts from "avoid"
    assert 'value="avoid"' in form.content.decode()
    data = {**BAR, "trigger": "Calls from Sam, who I used to drink with (synthetic)"}
    data.update(category=TriggerCategory.USING_CONTACT, kind=TriggerKind.PERSON)
    response = browser.post(url("confirm", personas["client"], key), data)
    assert response.status_code == 302
    draft = CopingPlanVersion.objects.get()
    assert [t["trigger"] for t in draft.triggers] == [data["trigger"]]
    assert draft.triggers[0]["source"] == key
    assert draft.triggers[0]["confirmed_by"] == str(personas["owner"].public_id)
    assert suggestions.suggestions_for(personas["client"]) == []
    assert TriggerDecision.objects.get().decision == Decision.CONFIRMED


def test_rejecting_keeps_it_out_for_good(personas: Any, signed_in: Any) -> None:
    _note(personas)
    key = suggestions.suggestions_for(personas["client"])[0].key
    response = signed_in(personas["owner"]).post(url("reject", personas["client"], key))
    assert response.status_code == 302
    assert suggestions.suggestions_for(personas["client"]) == []
    assert not CopingPlanVersion.objects.exists()
    assert TriggerDecision.objects.get().decision == Decision.REJECTED
    # a decided suggestion cannot be confirmed afterwards
    again = signed_in(personas["owner"]).post(url("confirm", personas["client"], key), BAR)
    assert again.status_code == 404


def test_an_incomplete_confirmation_is_refused_and_changes_nothing(
    personas: Any, signed_in: Any
) -> None:
    _note(personas, category=TriggerCategory.OTHER)
    key = suggestions.suggestions_for(personas["client"])[0].key
    data = {**BAR, "approach": ""}
    response = signed_in(personas["owner"]).post(url("confirm", personas["client"], key), data)
    assert response.status_code == 400
    assert "Choose the approach for this trigger." in response.content.decode()
    assert not CopingPlanVersion.objects.exists()
    assert len(suggestions.suggestions_for(personas["client"])) == 1


def test_only_the_assigned_clinician_decides(personas: Any, signed_in: Any) -> None:
    _note(personas)
    key = suggestions.suggestions_for(personas["client"])[0].key
    response = signed_in(personas["supervisor"]).post(url("confirm", personas["client"], key), BAR)
    assert response.status_code == 403
    assert not CopingPlanVersion.objects.exists()


def test_noting_through_the_page(personas: Any, signed_in: Any) -> None:
    response = signed_in(personas["owner"]).post(
        url("note_trigger", personas["client"]),
        {
            "trigger": "Being alone at night (synthetic)",
            "kind": TriggerKind.SITUATION,
            "category": TriggerCategory.OTHER,
            "response": "",
            "appointment": "",
        },
    )
    assert response.status_code == 302
    assert suggestions.suggestions_for(personas["client"])[0].origin.startswith(
        "noted by the clinician on"
    )
    assert not CopingPlanVersion.objects.exists()
