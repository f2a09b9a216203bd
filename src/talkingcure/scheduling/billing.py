"""Held sessions: actual start and end, and the billing code their length supports.

The code comes from the centre's table (:class:`BillingCode`, edited by administrators).
The default table, loaded by migration 0003, follows the US psychotherapy time bands
(CPT, psychotherapy without an E/M service):

=========  ==============  ==========================
code       minutes held    meaning
=========  ==============  ==========================
(none)     under 16        too short to bill as psychotherapy
90832      16 to 37        psychotherapy, 30 minutes
90834      38 to 52        psychotherapy, 45 minutes
90837      53 or more      psychotherapy, 60 minutes
=========  ==============  ==========================

Minutes are whole minutes from the recorded start to the recorded end (seconds dropped).
The code is only *suggested*; the clinician confirms it (or another, or none).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from talkingcure.scheduling.models import Appointment, BillingCode
from talkingcure.scheduling.zones import clinic_zone, end_not_after_start

DEFAULT_CODES = [
    ("90832", "Psychotherapy, 30 minutes (16-37 minutes held)", 16, 37),
    ("90834", "Psychotherapy, 45 minutes (38-52 minutes held)", 38, 52),
    ("90837", "Psychotherapy, 60 minutes (53 or more minutes held)", 53, None),
]
LONGEST_HELD = datetime.timedelta(hours=4)
RECORDABLE = (Appointment.Status.BOOKED, Appointment.Status.ATTENDED)


def suggest_code(minutes: int) -> BillingCode | None:
    """The first active code of the centre's table whose band holds ``minutes``."""
    for code in BillingCode.objects.filter(active=True):
        if code.applies_to(minutes):
            return code
    return None


@transaction.atomic
def record_held(
    appointment: Appointment, *, started: datetime.datetime, ended: datetime.datetime
) -> Appointment:
    """Mark the session held with its actual times and a suggested billing code."""
    if appointment.status not in RECORDABLE:
        raise ValidationError(
            f"This session is “{appointment.get_status_display()}”; it cannot be recorded as held."
        )
    tz = clinic_zone()
    if ended <= started:
        raise ValidationError(end_not_after_start(started, ended, tz))
    if ended > timezone.now():
        raise ValidationError("A session can be recorded as held only after it has ended.")
    if ended - started > LONGEST_HELD:
        raise ValidationError("A held session of more than four hours is not plausible; check it.")
    appointment.status = Appointment.Status.ATTENDED
    appointment.held_started_at = started
    appointment.held_ended_at = ended
    code = suggest_code(appointment.held_minutes or 0)
    appointment.billing_code = code.code if code else ""
    appointment.billing_status = Appointment.Billing.SUGGESTED if code else Appointment.Billing.NONE
    appointment.save(
        update_fields=[
            "status",
            "held_started_at",
            "held_ended_at",
            "billing_code",
            "billing_status",
        ]
    )
    return appointment


def confirm_code(appointment: Appointment, code: str) -> Appointment:
    """The clinician confirms a code from the table, or no code (empty string)."""
    if appointment.status != Appointment.Status.ATTENDED:
        raise ValidationError("Record the session as held before confirming a billing code.")
    if code and not BillingCode.objects.filter(code=code, active=True).exists():
        raise ValidationError(f"“{code}” is not an active code in the centre's table.")
    appointment.billing_code = code
    appointment.billing_status = Appointment.Billing.CONFIRMED
    appointment.save(update_fields=["billing_code", "billing_status"])
    return appointment
