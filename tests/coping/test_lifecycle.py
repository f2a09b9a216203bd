"""Draft, sign locks, a change after signing makes a new version, a supervisor co-signs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from talkingcure.coping import drafts
from talkingcure.coping.models import CopingPlanVersion, PlanKind
from talkingcure.plans import lifecycle
from talkingcure.plans.models import VersionStatus

from .conftest import BAR, enrol_in_substance_programme, url


def test_an_empty_plan_cannot_be_signed(personas: Any) -> None:
    draft = drafts.draft_for(personas["client"], personas["owner"])
    draft.strategies = "Walk (synthetic)"
    draft.save()
    with pytest.raises(lifecycle.Refused, match="Confirm at least one trigger"):
        lifecycle.sign(draft, personas["owner"])


def test_sign_locks_and_a_change_makes_a_new_version(
    personas: Any, signed_plan: CopingPlanVersion
) -> None:
    assert signed_plan.status == VersionStatus.SIGNED
    with pytest.raises(lifecycle.Refused, match="already signed"):
        lifecycle.sign(signed_plan, personas["owner"])
    second = drafts.add_trigger(
        personas["client"], personas["owner"], {**BAR, "trigger": "Payday (synthetic)"}
    )
    assert second.number == 2 and not second.is_signed
    assert len(second.triggers) == 2
    signed_plan.refresh_from_db()
    assert len(signed_plan.triggers) == 1  # the signed version is untouched
    assert second.contacts == signed_plan.contacts


def test_a_supervisor_of_the_clinician_cosigns(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any
) -> None:
    refused = signed_in(personas["other_supervisor"]).post(
        url("cosign", personas["client"], signed_plan.number)
    )
    assert refused.status_code == 404  # cannot even see the client
    browser = signed_in(personas["supervisor"])
    browser.post(url("cosign", personas["client"], signed_plan.number))
    signed_plan.refresh_from_db()
    assert signed_plan.cosigned_by == personas["supervisor"]


def test_signing_through_the_page(
    personas: Any, complete_draft: Callable[..., CopingPlanVersion], signed_in: Any
) -> None:
    draft = complete_draft()
    browser = signed_in(personas["owner"])
    browser.post(url("sign", personas["client"], draft.number))
    draft.refresh_from_db()
    assert draft.is_signed
    page = browser.get(url("version", personas["client"], draft.number))
    assert "Share with the client" in page.content.decode()


def test_editing_sections_and_people_to_call(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    data = {
        "warning_signs": "Not sleeping (synthetic)",
        "strategies": "Go to a meeting (synthetic)\nWrite it down (synthetic)",
        "lapse_plan": "",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "Sponsor (synthetic)",
        "contacts-0-phone": "",
        "contacts-0-note": "",
        "contacts-1-name": "",
        "contacts-1-phone": "",
        "contacts-1-note": "",
    }
    refused = browser.post(url("edit", personas["client"]), data)
    assert refused.status_code == 200
    assert "Give a phone number for this person." in refused.content.decode()
    assert not CopingPlanVersion.objects.exists()
    data["contacts-0-phone"] = "+1 555 0101"
    assert browser.post(url("edit", personas["client"]), data).status_code == 302
    draft = CopingPlanVersion.objects.get()
    assert draft.contacts == [{"name": "Sponsor (synthetic)", "phone": "+1 555 0101", "note": ""}]
    assert draft.strategies.startswith("Go to a meeting")


def test_clinical_text_is_encrypted_at_rest(personas: Any, signed_plan: CopingPlanVersion) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT triggers, contacts, strategies, kind FROM coping_copingplanversion")
        row = " ".join(str(v) for v in cursor.fetchone())
    assert "past the bar" not in row and "Sponsor (synthetic)" not in row


def test_relapse_prevention_titling(personas: Any, signed_in: Any) -> None:
    client = personas["client"]
    plain = drafts.add_trigger(client, personas["owner"], BAR)
    assert plain.kind == PlanKind.COPING
    page = signed_in(personas["owner"]).get(url("version", client, plain.number))
    assert "Coping plan, version 1" in page.content.decode()
    assert "If I lapse" not in page.content.decode()
    enrol_in_substance_programme(client)
    again = drafts.add_trigger(client, personas["owner"], {**BAR, "trigger": "Payday (synthetic)"})
    assert again.kind == PlanKind.RELAPSE_PREVENTION
    body = signed_in(personas["owner"]).get(url("version", client, again.number)).content.decode()
    assert "Relapse-prevention plan, version 1" in body
    assert "My relapse triggers (high-risk situations)" in body
    assert "Early warning signs of relapse" in body
    assert "If I lapse" in body
    overview = signed_in(personas["owner"]).get(url("overview", client)).content.decode()
    assert "is in a substance-use programme" in overview


def test_crisis_line_and_emergency_number_come_from_settings(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any, settings: Any
) -> None:
    settings.CRISIS_LINE = "0800 SYNTHETIC"
    settings.EMERGENCY_NUMBER = "999-TEST"
    body = signed_in(personas["owner"]).get(url("version", personas["client"], 1)).content.decode()
    assert "0800 SYNTHETIC" in body and "999-TEST" in body
