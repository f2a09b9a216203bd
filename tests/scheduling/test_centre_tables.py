"""Administrators keep rooms and billing codes; others are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from talkingcure.scheduling.models import BillingCode, Room


def test_admin_adds_a_room_and_a_code(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["admin"])
    browser.post(reverse("scheduling:rooms"), {"name": "Room 4", "active": "on"})
    assert Room.objects.filter(name="Room 4", active=True).exists()
    form = {"code": "LOCAL-1", "description": "", "min_minutes": "20", "max_minutes": "10"}
    body = browser.post(reverse("scheduling:billing_codes"), form).content.decode()
    assert "The band ends (10 minutes) before it starts (20 minutes)." in body
    form["max_minutes"] = "30"
    form["active"] = "on"
    browser.post(reverse("scheduling:billing_codes"), form)
    code = BillingCode.objects.get(code="LOCAL-1")
    edit = reverse("scheduling:billing_code_edit", args=[code.pk])
    browser.post(edit, {**form, "active": ""})
    code.refresh_from_db()
    assert not code.active


@pytest.mark.parametrize("persona", ["owner", "supervisor", "colleague", "intake", "researcher"])
def test_non_admins_are_refused(personas: Any, signed_in: Any, persona: str) -> None:
    browser = signed_in(personas[persona])
    assert browser.get(reverse("scheduling:rooms")).status_code == 404
    assert browser.get(reverse("scheduling:billing_codes")).status_code == 404
