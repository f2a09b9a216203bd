"""Held sessions suggest a billing code from the centre's table; the clinician confirms."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from talkingcure.scheduling.billing import confirm_code, record_held, suggest_code
from talkingcure.scheduling.models import Appointment, BillingCode
from tests.scheduling.helpers import make_series

BANDS = [
    (15, None),
    (16, "90832"),
    (37, "90832"),
    (38, "90834"),
    (52, "90834"),
    (53, "90837"),
    (60, "90837"),
]


@pytest.mark.parametrize(("minutes", "code"), BANDS)
def test_default_table_follows_us_time_bands(db: Any, minutes: int, code: str | None) -> None:
    found = suggest_code(minutes)
    assert (found.code if found else None) == code


def _held(personas: Any, minutes: int) -> Appointment:
    appointment = make_series(personas).occurrences.order_by("starts_at")[0]
    start = appointment.starts_at + datetime.timedelta(minutes=2)
    return record_held(
        appointment, started=start, ended=start + datetime.timedelta(minutes=minutes, seconds=59)
    )


def test_recording_held_times_suggests_a_code(personas: Any) -> None:
    appointment = _held(personas, 52)
    assert appointment.status == Appointment.Status.ATTENDED
    assert appointment.held_minutes == 52
    assert (appointment.billing_code, appointment.billing_status) == ("90834", "suggested")
    confirm_code(appointment, "90837")
    appointment.refresh_from_db()
    assert (appointment.billing_code, appointment.billing_status) == ("90837", "confirmed")


def test_too_short_a_session_gets_no_code(personas: Any) -> None:
    appointment = _held(personas, 15)
    assert appointment.billing_code == "" and appointment.billing_status == ""


def test_held_end_before_start_is_refused(personas: Any) -> None:
    appointment = make_series(personas).occurrences.order_by("starts_at")[0]
    with pytest.raises(ValidationError, match="is not after the start"):
        record_held(
            appointment,
            started=appointment.starts_at,
            ended=appointment.starts_at - datetime.timedelta(minutes=5),
        )
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_centre_table_is_used_and_unknown_codes_refused(personas: Any) -> None:
    BillingCode.objects.filter(code="90834").update(active=False)
    BillingCode.objects.create(code="LOCAL-45", min_minutes=38, max_minutes=52)
    appointment = _held(personas, 45)
    assert appointment.billing_code == "LOCAL-45"
    with pytest.raises(ValidationError, match="not an active code"):
        confirm_code(appointment, "90834")
