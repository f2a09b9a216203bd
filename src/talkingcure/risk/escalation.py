"""Escalation of risk flags left unacknowledged to the clinician's supervisor(s)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from talkingcure.audit.log import record
from talkingcure.notifications.senders import notify
from talkingcure.risk.models import RiskFlag, Status
from talkingcure.risk.pipeline import address

log = logging.getLogger("talkingcure.risk")
ESCALATION_SUBJECT = "Unacknowledged risk flag"


def overdue_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(settings.RISK_ESCALATION_MINUTES))


def escalate_overdue(now: datetime.datetime | None = None) -> int:
    """Tell the supervisor(s) of each open flag left unacknowledged too long; returns flags
    escalated. A flag escalates once; escalation does not close it. Safe to run often."""
    now = now or timezone.now()
    cutoff = now - overdue_after()
    overdue = RiskFlag.objects.filter(
        status=Status.OPEN, escalated_at__isnull=True, raised_at__lte=cutoff
    ).select_related("client__clinician")
    escalated = 0
    for flag in overdue:
        if _escalate(flag, now):
            escalated += 1
    return escalated


def _escalate(flag: RiskFlag, now: datetime.datetime) -> bool:
    clinician = flag.client.clinician
    supervisors = list(clinician.supervisors.filter(is_active=True))
    if not supervisors:
        log.warning("risk flag %s is overdue but its clinician has no supervisor", flag.public_id)
        return False
    minutes = int(settings.RISK_ESCALATION_MINUTES)
    with transaction.atomic():
        claimed = RiskFlag.objects.filter(pk=flag.pk, escalated_at__isnull=True).update(
            escalated_at=now
        )
        if not claimed:
            return False  # escalated meanwhile by another run
        for supervisor in supervisors:
            notify(
                address(supervisor),
                ESCALATION_SUBJECT,
                f"A risk flag raised on the caseload of {clinician} has not been acknowledged "
                f"within {minutes} minutes. Sign in to see it on your home page: "
                f"{reverse('home')}\n",
            )
    record(action="escalate", object_type="riskflag", object_id=flag.public_id, at=now)
    return True
