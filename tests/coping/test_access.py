"""Outsiders are refused with 404 on every coping page; reads are audited."""

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.audit.models import AuditEntry
from talkingcure.coping import suggestions
from talkingcure.coping.models import CopingPlanVersion, PlanLink, TriggerCategory, TriggerKind

from .conftest import BAR, url

OUTSIDERS = ["colleague", "admin", "intake", "researcher", "other_supervisor"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_everywhere(
    who: str, personas: Any, signed_plan: CopingPlanVersion, signed_in: Any
) -> None:
    client = personas["client"]
    noted = suggestions.note(
        client,
        personas["owner"],
        trigger="x (synthetic)",
        kind=TriggerKind.THOUGHT,
        category=TriggerCategory.OTHER,
    )
    key = f"noted:{noted.public_id}"
    link = PlanLink.objects.create(
        version=signed_plan,
        token_hash="0" * 64,
        created_by=personas["owner"],
        created_at=signed_plan.signed_at,
        expires_at=signed_plan.signed_at,
    )
    browser = signed_in(personas[who], sudo=True)
    gets = [
        url("overview", client),
        url("version", client, 1),
        url("edit", client),
        url("add_trigger", client),
        url("note_trigger", client),
        url("confirm", client, key),
        url("export_pdf", client, 1),
    ]
    posts = [
        (url("confirm", client, key), BAR),
        (url("reject", client, key), {}),
        (url("sign", client, 1), {}),
        (url("cosign", client, 1), {}),
        (url("share", client, 1), {}),
        (url("remove_trigger", client, signed_plan.triggers[0]["id"]), {}),
        (url("revoke_link", client, link.public_id), {}),
        (url("export_pdf", client, 1), {"recipient": "x", "purpose": "y"}),
    ]
    for address in gets:
        assert browser.get(address).status_code == 404, address
    for address, data in posts:
        assert browser.post(address, data).status_code == 404, address
    assert CopingPlanVersion.objects.count() == 1
    assert PlanLink.objects.get().revoked_at is None
    assert AuditEntry.objects.filter(action="denied").exists()


def test_the_supervisor_reads_but_does_not_write(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any
) -> None:
    browser = signed_in(personas["supervisor"])
    assert browser.get(url("overview", personas["client"])).status_code == 200
    assert browser.get(url("edit", personas["client"])).status_code == 403
    assert browser.post(url("add_trigger", personas["client"]), BAR).status_code == 403
    assert CopingPlanVersion.objects.count() == 1


def test_reading_a_version_is_audited(
    personas: Any, signed_plan: CopingPlanVersion, signed_in: Any
) -> None:
    signed_in(personas["owner"]).get(url("version", personas["client"], 1))
    assert AuditEntry.objects.filter(
        action="read", object_type="copingplanversion", object_id=str(signed_plan.public_id)
    ).exists()
