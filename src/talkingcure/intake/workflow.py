"""What happens to an inquiry: arrival, on-call notification, escalation, status changes."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from talkingcure.intake.models import Inquiry, InquiryEvent, RotaEntry, Status
from talkingcure.intake.triage import is_urgent, risk_evidence
from talkingcure.notifications.senders import notify

ANSWER_FIELDS = (
    "asking_for",
    "other_agreed",
    "age_band",
    "concerns",
    "message",
    "name",
    "phone",
    "email",
    "contact_by",
    "best_time",
    "safe_to_leave_message",
    "safe_now",
    "programme",
)


def save_inquiry(
    answers: dict[str, Any],
    *,
    source: str,
    complete: bool,
    inquiry: Inquiry | None = None,
    by: Any = None,
) -> Inquiry:
    """Store what the person told us (all of it, or what was valid), triaged for urgency."""
    inquiry = inquiry or Inquiry(received_at=timezone.now(), source=source)
    for name in ANSWER_FIELDS:
        if name in answers and answers[name] not in (None, ""):
            setattr(inquiry, name, answers[name])
    if "consent_to_contact" in answers:
        inquiry.consent_to_contact = "yes" if answers["consent_to_contact"] else "no"
    inquiry.incomplete = not complete
    inquiry.part2 = bool(inquiry.programme and inquiry.programme.is_part2)
    inquiry.risk_evidence = risk_evidence(inquiry.message)
    was_urgent = inquiry.urgent
    inquiry.urgent = is_urgent(inquiry.safe_now, inquiry.risk_evidence)
    inquiry.save()
    if by is not None:
        InquiryEvent.objects.create(
            inquiry=inquiry,
            at=timezone.now(),
            by=by,
            status=inquiry.status,
            note=f"logged ({source})",
        )
    if inquiry.urgent and not was_urgent:
        notify_on_call(inquiry, position=1)
    return inquiry


def _rota_user(position: int) -> Any:
    entry = RotaEntry.objects.filter(position__gte=position).select_related("user").first()
    return entry


def notify_on_call(
    inquiry: Inquiry, *, position: int, now: datetime.datetime | None = None
) -> bool:
    """Tell the on-call coordinator at ``position`` (or the next one) about an urgent inquiry.

    The message holds no personal details: only that an urgent inquiry waits, and where.
    """
    entry = _rota_user(position)
    if entry is None:
        return False
    link = reverse("intake:detail", args=[inquiry.public_id])
    notify(
        entry.user.email or entry.user.username,
        "Urgent inquiry waiting",
        f"An urgent inquiry arrived and needs a response. Sign in to see it: {link}",
    )
    inquiry.notified_position = entry.position
    inquiry.notified_at = now or timezone.now()
    inquiry.save(update_fields=["notified_position", "notified_at"])
    return True


def escalate_unacknowledged(now: datetime.datetime | None = None) -> int:
    """Pass each urgent, unacknowledged inquiry to the next person on the rota once its
    current person has had the configured time; returns how many were escalated."""
    moment = now or timezone.now()
    wait = datetime.timedelta(minutes=settings.INTAKE_ESCALATION_MINUTES)
    waiting = Inquiry.objects.filter(
        urgent=True,
        acknowledged_at__isnull=True,
        notified_at__lte=moment - wait,
        notified_position__isnull=False,
    )
    escalated = 0
    for inquiry in waiting:
        assert inquiry.notified_position is not None
        if notify_on_call(inquiry, position=inquiry.notified_position + 1, now=moment):
            escalated += 1
    return escalated


def acknowledge(inquiry: Inquiry, user: Any) -> None:
    if inquiry.acknowledged_at is None:
        inquiry.acknowledged_at = timezone.now()
        inquiry.acknowledged_by = user
        inquiry.save(update_fields=["acknowledged_at", "acknowledged_by"])
        InquiryEvent.objects.create(
            inquiry=inquiry, at=inquiry.acknowledged_at, by=user, note="acknowledged"
        )


def change_status(inquiry: Inquiry, status: str, user: Any, note: str = "") -> None:
    now = timezone.now()
    inquiry.status = status
    if status != Status.NEW and inquiry.first_contact_at is None:
        inquiry.first_contact_at = now
    inquiry.save()
    InquiryEvent.objects.create(inquiry=inquiry, at=now, by=user, status=status, note=note)
    acknowledge(inquiry, user)
