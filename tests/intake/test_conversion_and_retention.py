"""Conversion into a client with duplicate detection; purge of stale inquiries; reports."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from talkingcure.audit.models import AuditEntry
from talkingcure.clients.models import Client
from talkingcure.intake.models import Inquiry, Status
from talkingcure.intake.reports import weekly
from talkingcure.intake.retention import purge_stale
from talkingcure.intake.workflow import save_inquiry


def _inquiry(**extra: Any) -> Inquiry:
    answers = {
        "safe_now": "yes",
        "message": "looking for therapy",
        "contact_by": ["phone"],
        "phone": "+1 555 0100 777",
        "concerns": ["depression"],
        "consent_to_contact": True,
        **extra,
    }
    return save_inquiry(answers, source="web", complete=True)


def _convert(browser: Any, inquiry: Inquiry, owner: Any, **extra: Any) -> Any:
    data = {
        "given_name": "Rowan",
        "family_name": "Synthetic-Intake",
        "clinician": owner.pk,
        "first_session": "2026-12-03 10:00",
        **extra,
    }
    return browser.post(reverse("intake:convert", args=[inquiry.public_id]), data)


def test_conversion_creates_client_and_first_session(personas: Any, signed_in: Any) -> None:
    inquiry = _inquiry()
    _convert(signed_in(personas["intake"]), inquiry, personas["owner"])
    client = Client.objects.get(family_name__isnull=False, pk__gt=personas["client"].pk)
    assert client.clinician == personas["owner"] and client.concerns == ["depression"]
    assert client.phone == "+1 555 0100 777"
    assert client.appointments.get().minutes == 50
    inquiry.refresh_from_db()
    assert inquiry.status == Status.CONVERTED and inquiry.client == client


def test_duplicate_is_detected_before_creating(personas: Any, signed_in: Any) -> None:
    existing = personas["client"]
    existing.phone = "+1 (555) 0100-777"
    existing.save()
    inquiry = _inquiry()
    browser = signed_in(personas["intake"])
    response = _convert(browser, inquiry, personas["owner"])
    body = response.content.decode()
    assert "may already be a client" in body and str(existing.public_id) in body
    assert "Quinn" not in body  # the coordinator learns an identifier, not the record
    assert Client.objects.count() == 1
    _convert(browser, inquiry, personas["owner"], not_a_duplicate="on")
    assert Client.objects.count() == 2


def test_stale_unconverted_inquiries_are_purged(
    personas: Any, signed_in: Any, settings: Any
) -> None:
    old = _inquiry()
    Inquiry.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=settings.INQUIRY_RETENTION_DAYS + 1)
    )
    converted = _inquiry()
    _convert(signed_in(personas["intake"]), converted, personas["owner"])
    Inquiry.objects.filter(pk=converted.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=400)
    )
    recent = _inquiry()
    assert purge_stale() == 1
    assert set(Inquiry.objects.values_list("pk", flat=True)) == {converted.pk, recent.pk}
    assert AuditEntry.objects.filter(action="delete", object_id=str(old.public_id)).exists()
    assert AuditEntry.objects.filter(
        action="pruned", object_type="inquiries", object_id="1"
    ).exists()


def test_weekly_report_counts_without_personal_details(personas: Any, signed_in: Any) -> None:
    _inquiry()
    _inquiry(email="x@example.org")
    rows = weekly()
    assert rows[0].total == 2 and rows[0].by_source["web"] == 2
    body = signed_in(personas["admin"]).get(reverse("intake:report")).content.decode()
    assert "looking for therapy" not in body and "0100" not in body
    assert signed_in(personas["owner"]).get(reverse("intake:report")).status_code == 404


def test_risk_seen_at_intake_becomes_a_flag_for_the_clinician(
    personas: Any, signed_in: Any
) -> None:
    from talkingcure.risk.models import RiskFlag

    inquiry = _inquiry(message="I want to kill myself tonight.", safe_now="no")
    assert inquiry.urgent
    _convert(signed_in(personas["intake"]), inquiry, personas["owner"])
    flag = RiskFlag.objects.get()
    assert flag.kind == "suicide" and flag.source == "intake" and flag.is_open
    assert "kill myself" in str(flag.evidence)


def test_conversion_refuses_a_clash_and_creates_nothing(personas: Any, signed_in: Any) -> None:
    from talkingcure.scheduling.models import Appointment

    start = timezone.make_aware(datetime.datetime(2026, 12, 3, 10, 0))
    Appointment.objects.create(
        client=personas["client"], clinician=personas["owner"], starts_at=start
    )
    inquiry = _inquiry()
    body = _convert(signed_in(personas["intake"]), inquiry, personas["owner"]).content.decode()
    assert "already has a session" in body
    assert Client.objects.count() == 1
    inquiry.refresh_from_db()
    assert inquiry.status != Status.CONVERTED
