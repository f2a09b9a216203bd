"""Who may open a client's record: each role, and an outsider refused everywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from talkingcure.audit.models import AuditEntry

ALLOWED = {
    "owner": True,
    "supervisor": True,
    "colleague": False,
    "other_supervisor": False,
    "admin": False,
    "intake": False,
    "researcher": False,
}


@pytest.mark.parametrize(("persona", "allowed"), ALLOWED.items())
def test_client_record_visible_only_to_treating_team(
    personas: Any, signed_in: Any, persona: str, allowed: bool
) -> None:
    client_record = personas["client"]
    browser = signed_in(personas[persona])
    response = browser.get(reverse("clients:detail", args=[client_record.public_id]))
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "Quinn Synthetic-Test" in response.content.decode()
    else:
        assert "Quinn" not in response.content.decode()


@pytest.mark.parametrize(("persona", "allowed"), ALLOWED.items())
def test_export_refused_to_outsiders(
    personas: Any, signed_in: Any, persona: str, allowed: bool
) -> None:
    browser = signed_in(personas[persona], sudo=True)
    response = browser.get(reverse("clients:export", args=[personas["client"].public_id]))
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize(
    "persona", ["owner", "supervisor", "colleague", "admin", "intake", "researcher"]
)
def test_client_list_shows_only_visible_clients(
    personas: Any, signed_in: Any, persona: str
) -> None:
    response = signed_in(personas[persona]).get(reverse("clients:list"))
    body = response.content.decode()
    if persona in ("owner", "supervisor"):
        assert "Quinn Synthetic-Test" in body
    elif persona in ("intake", "researcher"):
        assert response.status_code == 404
    else:
        assert "Quinn" not in body


def test_refusal_is_audited_without_names(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["colleague"])
    browser.get(reverse("clients:detail", args=[personas["client"].public_id]))
    entry = AuditEntry.objects.filter(action="denied").get()
    assert entry.object_id == str(personas["client"].public_id)
    assert entry.actor_id == str(personas["colleague"].public_id)


def test_malformed_identifier_is_a_plain_404(personas: Any, signed_in: Any) -> None:
    response = signed_in(personas["owner"]).get("/clients/<script>/")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="denied", object_id="malformed").exists()


def test_admin_reads_only_through_break_glass(personas: Any, signed_in: Any) -> None:
    admin = signed_in(personas["admin"], sudo=True)
    url = reverse("clients:detail", args=[personas["client"].public_id])
    assert admin.get(url).status_code == 404
    response = admin.post(
        reverse("clients:break_glass"),
        {
            "client_id": str(personas["client"].public_id),
            "reason": "Duty-to-warn review requested by the director",
        },
    )
    assert response.status_code == 302
    assert admin.get(url).status_code == 200
    assert AuditEntry.objects.filter(
        action="break_glass", object_id=str(personas["client"].public_id)
    ).exists()


def test_break_glass_is_for_admins_only(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["colleague"], sudo=True)
    assert browser.get(reverse("clients:break_glass")).status_code == 404


def test_audit_trail_page_is_for_admins_only(personas: Any, signed_in: Any) -> None:
    assert signed_in(personas["owner"]).get(reverse("audit:list")).status_code == 404


def test_admin_filters_audit_trail(personas: Any, signed_in: Any) -> None:
    owner = signed_in(personas["owner"])
    owner.get(reverse("clients:detail", args=[personas["client"].public_id]))
    admin = signed_in(personas["admin"])
    body = admin.get(reverse("audit:list"), {"action": "read"}).content.decode()
    assert str(personas["client"].public_id) in body
    assert "Quinn" not in body
    bad = admin.get(reverse("audit:list"), {"since": "27/11/2026"}).content.decode()
    assert "The date must look like" in bad
