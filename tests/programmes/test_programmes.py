"""Administrators define the centre's programmes; substance-use programmes are Part 2."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from talkingcure.programmes.models import Programme


def test_admin_defines_programmes(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["admin"])
    browser.post(
        reverse("programmes:list"),
        {"name": "Residential", "kind": "substance_use", "residential": "on"},
    )
    programme = Programme.objects.get()
    assert programme.is_part2 and programme.residential
    assert "42 CFR Part 2" in browser.get(reverse("programmes:list")).content.decode()
    duplicate = browser.post(
        reverse("programmes:list"), {"name": "Residential", "kind": "mental_health"}
    )
    assert "already exists" in duplicate.content.decode()


@pytest.mark.parametrize("persona", ["owner", "supervisor", "intake", "researcher"])
def test_only_admins_manage_programmes(personas: Any, signed_in: Any, persona: str) -> None:
    assert signed_in(personas[persona]).get(reverse("programmes:list")).status_code == 404
