"""The coordinator's queue: urgency with evidence, workflow, notification and escalation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from talkingcure.intake.models import Inquiry, Status
from talkingcure.intake.workflow import escalate_unacknowledged
from tests.intake.inquiries import make_inquiry


def test_risk_in_free_text_makes_it_urgent_with_evidence(db: Any) -> None:
    inquiry = make_inquiry("Work is hard. Honestly I have been saving up my pills to end it.")
    assert inquiry.urgent
    labels = {r["label"] for r in inquiry.risk_evidence}
    assert "risk.suicide" in labels
    quote = next(r for r in inquiry.risk_evidence if r["label"] == "risk.suicide")
    assert quote["quote"] == inquiry.message[quote["start"] : quote["end"]]


def test_idiom_is_not_urgent(db: Any) -> None:
    assert not make_inquiry("This job is killing me and I want to talk about stress.").urgent


def test_queue_puts_urgent_first_and_escapes_text(personas: Any, signed_in: Any) -> None:
    routine = make_inquiry("<script>alert(1)</script> just looking for information")
    urgent = make_inquiry("I cut myself again last night.")
    browser = signed_in(personas["intake"])
    body = browser.get(reverse("intake:queue")).content.decode()
    assert body.index(str(urgent.public_id)) < body.index(str(routine.public_id))
    assert "<q>cut myself</q>" in body  # the evidence is shown in the queue
    detail = browser.get(reverse("intake:detail", args=[routine.public_id])).content.decode()
    assert "<script>alert(1)</script>" not in detail and "&lt;script&gt;" in detail


@pytest.mark.parametrize("persona", ["owner", "supervisor", "admin", "researcher"])
def test_only_coordinators_see_inquiries(personas: Any, signed_in: Any, persona: str) -> None:
    inquiry = make_inquiry("hello")
    browser = signed_in(personas[persona])
    assert browser.get(reverse("intake:queue")).status_code == 404
    assert browser.get(reverse("intake:detail", args=[inquiry.public_id])).status_code == 404


def test_coordinator_cannot_read_clinical_records(personas: Any, signed_in: Any) -> None:
    url = reverse("clients:detail", args=[personas["client"].public_id])
    assert signed_in(personas["intake"]).get(url).status_code == 404


def test_status_workflow_records_who_and_when(personas: Any, signed_in: Any) -> None:
    inquiry = make_inquiry("hello")
    browser = signed_in(personas["intake"])
    url = reverse("intake:detail", args=[inquiry.public_id])
    browser.post(url, {"status": "contacted", "note": "left a voicemail", "status_submit": "1"})
    browser.post(url, {"add_note": "1", "note": "calls back Tuesday"})
    inquiry.refresh_from_db()
    assert inquiry.status == Status.CONTACTED and inquiry.first_contact_at is not None
    events = list(inquiry.events.values_list("status", "note", "by__username"))
    assert ("contacted", "left a voicemail", "intake") in events
    assert ("", "calls back Tuesday", "intake") in events


def test_urgent_inquiry_notifies_on_call_then_escalates_once(
    rota: list[Any], outbox: list[Any]
) -> None:
    inquiry = make_inquiry("I don't want to be alive anymore.")
    assert [n.to for n in outbox] == ["first@example.org"]
    assert "Urgent inquiry" in outbox[0].subject and "alive" not in outbox[0].body
    now = timezone.now()
    assert escalate_unacknowledged(now + datetime.timedelta(minutes=5)) == 0
    assert escalate_unacknowledged(now + datetime.timedelta(minutes=16)) == 1
    assert [n.to for n in outbox] == ["first@example.org", "second@example.org"]
    inquiry.refresh_from_db()
    assert inquiry.notified_position == 2


def test_acknowledged_inquiry_does_not_escalate(
    rota: list[Any], outbox: list[Any], personas: Any, signed_in: Any
) -> None:
    inquiry = make_inquiry("I don't want to be alive anymore.")
    signed_in(personas["intake"]).post(
        reverse("intake:detail", args=[inquiry.public_id]), {"acknowledge": "1"}
    )
    later = timezone.now() + datetime.timedelta(hours=2)
    assert escalate_unacknowledged(later) == 0
    assert len(outbox) == 1


def test_coordinator_logs_a_phone_call(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["intake"])
    response = browser.post(
        reverse("intake:log_call"),
        {
            "source": "phone",
            "safe_now": "unsure",
            "asking_for": "other",
            "other_agreed": "Knows I am calling",
            "age_band": "18_64",
            "contact_by": ["phone"],
            "phone": "+1 555 0142",
            "consent_to_contact": "on",
        },
    )
    inquiry = Inquiry.objects.get()
    assert response["Location"] == reverse("intake:detail", args=[inquiry.public_id])
    assert inquiry.source == "phone" and inquiry.urgent
