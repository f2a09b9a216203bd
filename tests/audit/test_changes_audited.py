"""Creating, changing and deleting client data is audited, with the acting user when known."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from talkingcure.audit.models import AuditEntry
from talkingcure.clients.models import Client


def test_create_update_delete_of_client_data_are_audited(personas: Any) -> None:
    client = Client.objects.create(
        given_name="Ola", family_name="Synthetic-Audit", clinician=personas["owner"], synthetic=True
    )
    client.phone = "+1 555 0100"
    client.save()
    public_id = str(client.public_id)
    client.delete()
    actions = list(AuditEntry.objects.filter(object_id=public_id).values_list("action", flat=True))
    assert actions == ["create", "update", "delete"]
    assert all(e.object_type == "client" for e in AuditEntry.objects.filter(object_id=public_id))


def test_change_made_through_a_page_names_the_user(personas: Any, signed_in: Any) -> None:
    admin = signed_in(personas["admin"], sudo=True)
    admin.post(
        reverse("clients:break_glass"),
        {
            "client_id": str(personas["client"].public_id),
            "reason": "Court order received this morning",
        },
    )
    created = AuditEntry.objects.get(action="create", object_type="breakglassgrant")
    assert created.actor_id == str(personas["admin"].public_id)
    assert created.address == "127.0.0.1"


def test_expired_session_is_audited_and_explained(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()  # the server forgot the session: idle timeout
    response = browser.get(reverse("clients:list"), follow=True)
    assert "Your session ended" in response.content.decode()
    assert AuditEntry.objects.filter(action="session_expired").count() == 1


def test_forbidden_object_page_has_no_traceback(
    personas: Any, signed_in: Any, settings: Any
) -> None:
    settings.DEBUG = False
    response = signed_in(personas["colleague"]).get(
        reverse("clients:detail", args=[personas["client"].public_id])
    )
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in body and "Traceback" not in body
