"""The booking pages: refused input is explained and nothing typed is lost."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from talkingcure.scheduling.booking import NO_END_MESSAGE
from talkingcure.scheduling.models import Appointment, AppointmentSeries
from tests.scheduling.helpers import make_series, other_client, room


def _series_form(personas: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "client": str(personas["client"].public_id),
        "room": "",
        "starts_on": "2026-03-02",
        "weekday": "2",
        "local_time": "14:00",
        "minutes": "50",
        "time_zone": "America/New_York",
        "ends_on": "",
        "count": "",
        "client_time_zone": "",
    }
    data.update(overrides)
    return data


def test_series_without_end_is_refused_on_the_page(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    response = browser.post(reverse("scheduling:series_new"), _series_form(personas))
    body = response.content.decode()
    assert response.status_code == 200
    assert NO_END_MESSAGE.replace("'", "&#x27;") in body and 'role="alert"' in body
    assert 'value="14:00"' in body  # what was typed is kept
    assert not AppointmentSeries.objects.exists()


def test_series_is_booked_from_the_page(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    response = browser.post(reverse("scheduling:series_new"), _series_form(personas, count="8"))
    assert response.status_code == 302
    assert AppointmentSeries.objects.get().occurrences.count() == 8


def test_unknown_time_zone_is_refused(personas: Any, signed_in: Any) -> None:
    browser = signed_in(personas["owner"])
    form = _series_form(personas, count="8", time_zone="Mars/Olympus")
    body = browser.post(reverse("scheduling:series_new"), form).content.decode()
    assert "is not a time zone name" in body


def test_colleagues_client_cannot_be_booked(personas: Any, signed_in: Any) -> None:
    stranger = other_client(personas)
    form = _series_form(personas, count="8", client=str(stranger.public_id))
    response = signed_in(personas["owner"]).post(reverse("scheduling:series_new"), form)
    assert response.status_code == 200 and not AppointmentSeries.objects.exists()


def test_single_session_end_before_start_on_the_page(
    personas: Any, signed_in: Any, settings: Any
) -> None:
    settings.TIME_ZONE = "America/New_York"
    form = {
        "client": str(personas["client"].public_id),
        "day": "2026-03-04",
        "start": "11:00",
        "end": "10:10",
        "room": "",
        "client_time_zone": "",
    }
    browser = signed_in(personas["owner"])
    body = browser.post(reverse("scheduling:session_new"), form).content.decode()
    assert "is not after the start" in body and not Appointment.objects.exists()
    form["end"] = "11:50"
    assert browser.post(reverse("scheduling:session_new"), form).status_code == 302
    assert Appointment.objects.get().minutes == 50


def test_occurrence_moved_and_held_from_its_page(
    personas: Any, signed_in: Any, settings: Any
) -> None:
    settings.TIME_ZONE = "America/New_York"
    series = make_series(personas)
    first, second = series.occurrences.order_by("starts_at")[:2]
    url = reverse("scheduling:appointment", args=[second.public_id])
    browser = signed_in(personas["owner"])
    move = {
        "action": "move",
        "move-day": "2026-03-05",
        "move-start": "16:00",
        "move-end": "16:50",
        "move-room": str(room().public_id),
    }
    assert browser.post(url, move).status_code == 302
    second.refresh_from_db()
    assert second.starts_at == datetime.datetime(2026, 3, 5, 21, 0, tzinfo=datetime.UTC)
    first.refresh_from_db()
    assert first.starts_at == first.original_starts_at
    assert "selected>Room 2</option>" in browser.get(url).content.decode()
    held = {
        "action": "held",
        "held-day": "2026-03-05",
        "held-started": "16:02",
        "held-ended": "16:40",
    }
    assert browser.post(url, held).status_code == 302
    second.refresh_from_db()
    assert (second.status, second.billing_code, second.billing_status) == (
        "attended",
        "90834",
        "suggested",
    )
    page = browser.get(url).content.decode()
    assert "90834" in page and "Suggested" in page
    bad = {
        "action": "held",
        "held-day": "2026-03-05",
        "held-started": "16:40",
        "held-ended": "16:02",
    }
    assert "is not after the start" in browser.post(url, bad).content.decode()


def test_series_ended_from_an_occurrence_page(personas: Any, signed_in: Any) -> None:
    series = make_series(personas)
    first = series.occurrences.order_by("starts_at")[0]
    url = reverse("scheduling:appointment", args=[first.public_id])
    data = {"action": "end", "end-last_day": "2026-03-03"}
    unconfirmed = signed_in(personas["owner"]).post(url, data)
    assert "confirm it&#x27;s you" in unconfirmed.content.decode()  # deleting needs sudo
    assert series.occurrences.count() > 2
    response = signed_in(personas["owner"], sudo=True).post(url, data)
    assert response.status_code == 302
    assert series.occurrences.count() == 2


def test_only_the_clinician_records_a_past_session_as_held(personas: Any, signed_in: Any) -> None:
    import datetime

    from django.utils import timezone

    from talkingcure.scheduling.models import Appointment

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(10, 0)))
    past = Appointment.objects.create(
        client=personas["client"], clinician=personas["owner"], starts_at=start
    )
    url = reverse("scheduling:appointment", args=[past.public_id])
    local = timezone.localtime(start)
    data = {
        "action": "held",
        "held-day": local.date().isoformat(),
        "held-started": local.strftime("%H:%M"),
        "held-ended": (local + datetime.timedelta(minutes=50)).strftime("%H:%M"),
    }
    signed_in(personas["supervisor"]).post(url, data)
    past.refresh_from_db()
    assert past.status == Appointment.Status.BOOKED
    signed_in(personas["owner"]).post(url, data)
    past.refresh_from_db()
    assert past.status == Appointment.Status.ATTENDED and past.billing_code == "90834"
    future = Appointment.objects.create(
        client=personas["client"],
        clinician=personas["owner"],
        starts_at=start + datetime.timedelta(days=4),
    )
    later = timezone.localtime(future.starts_at)
    body = (
        signed_in(personas["owner"])
        .post(
            reverse("scheduling:appointment", args=[future.public_id]),
            {
                "action": "held",
                "held-day": later.date().isoformat(),
                "held-started": later.strftime("%H:%M"),
                "held-ended": (later + datetime.timedelta(minutes=50)).strftime("%H:%M"),
            },
        )
        .content.decode()
    )
    assert "only after it has ended" in body
