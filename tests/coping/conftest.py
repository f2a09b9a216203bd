from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from talkingcure.coping import drafts
from talkingcure.coping.models import Approach, CopingPlanVersion, TriggerCategory, TriggerKind
from talkingcure.plans import lifecycle
from talkingcure.programmes.models import Enrolment, Programme

BAR = {
    "trigger": "Walking past the bar after work (synthetic)",
    "kind": TriggerKind.PLACE,
    "category": TriggerCategory.SUBSTANCE_CUE,
    "approach": Approach.AVOID,
    "reason": "",
    "response": "craving",
    "instead": "Take the other road (synthetic)",
}


def enrol_in_substance_programme(client: Any) -> None:
    programme = Programme.objects.create(name="Residential", kind=Programme.Kind.SUBSTANCE_USE)
    Enrolment.objects.create(
        client=client, programme=programme, started_on=datetime.date(2026, 1, 5)
    )


def url(name: str, client: Any, *args: Any) -> str:
    return reverse(f"coping:{name}", args=[client.public_id, *args])


@pytest.fixture
def complete_draft(personas: dict[str, Any]) -> Callable[..., CopingPlanVersion]:
    """A draft with one confirmed trigger, a strategy and a person to call: ready to sign."""

    def make() -> CopingPlanVersion:
        owner, client = personas["owner"], personas["client"]
        draft = drafts.add_trigger(client, owner, BAR)
        draft.strategies = "Call my sponsor (synthetic)"
        draft.warning_signs = "Skipping meetings (synthetic)"
        draft.contacts = [{"name": "Sponsor (synthetic)", "phone": "+1 555 0100", "note": ""}]
        draft.save()
        return draft

    return make


@pytest.fixture
def signed_plan(
    personas: dict[str, Any], complete_draft: Callable[..., CopingPlanVersion]
) -> CopingPlanVersion:
    return lifecycle.sign(complete_draft(), personas["owner"])
