"""The iCalendar feed: valid, behind a revocable secret, and free of client identifiers."""

from __future__ import annotations

import datetime
import re
from typing import Any

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from talkingcure.audit.models import AuditEntry
from talkingcure.disclosure.gate import UnknownExportPath, disclose_unidentified
from talkingcure.disclosure.paths import EXPORT_PATHS
from talkingcure.scheduling import feed
from talkingcure.scheduling.models import CalendarFeedLink
from tests.scheduling.helpers import make_series, room


def _token_from(body: str) -> str:
    match = re.search(r"/scheduling/feed/([A-Za-z0-9_-]+)\.ics", body)
    assert match, body
    return match.group(1)


def test_creating_a_link_needs_sudo(personas: Any, signed_in: Any) -> None:
    response = signed_in(personas["owner"]).post(reverse("scheduling:calendar_link_new"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sudo"))
    assert not CalendarFeedLink.objects.exists()


def test_feed_is_valid_and_carries_no_client_identifier(
    personas: Any, signed_in: Any, client: Any
) -> None:
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    make_series(personas, room=room("Garden room"), starts_on=next_week, today=next_week)
    browser = signed_in(personas["owner"], sudo=True)
    token = _token_from(browser.post(reverse("scheduling:calendar_link_new")).content.decode())
    link = CalendarFeedLink.objects.get()
    assert link.token_hash == feed.hash_token(token) and token not in link.token_hash
    browser.logout()
    response = client.get(reverse("scheduling:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 6
    assert {str(e["SUMMARY"]) for e in events} == {"Session"}
    assert {str(e["LOCATION"]) for e in events} == {"Garden room"}
    assert all(e.decoded("DTEND") > e.decoded("DTSTART") for e in events)
    person = personas["client"]
    forbidden = [
        person.given_name,
        person.family_name,
        "Synthetic",
        person.email,
        str(person.public_id),
        person.public_id.hex,
        "Q.S.",
        "QS",
        *[str(a.public_id) for a in person.appointments.all()],
    ]
    assert [word for word in forbidden if word.casefold() in text.casefold()] == []
    assert AuditEntry.objects.filter(action="export", object_id="therapist_calendar_feed").exists()


def test_revoked_or_unknown_token_is_404(personas: Any, signed_in: Any, client: Any) -> None:
    token = feed.create_link(personas["owner"])
    url = reverse("scheduling:feed", args=[token])
    assert client.get(url).status_code == 200
    browser = signed_in(personas["owner"], sudo=True)
    response = browser.post(reverse("scheduling:calendar_link_revoke"))
    assert response.status_code == 302
    browser.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("scheduling:feed", args=["not-a-token"])).status_code == 404


def test_a_new_link_revokes_the_old_one(personas: Any, client: Any) -> None:
    old = feed.create_link(personas["owner"])
    new = feed.create_link(personas["owner"])
    assert client.get(reverse("scheduling:feed", args=[old])).status_code == 404
    assert client.get(reverse("scheduling:feed", args=[new])).status_code == 200


def test_feed_path_is_on_the_gate_list() -> None:
    assert EXPORT_PATHS["therapist_calendar_feed"].target == "scheduling:feed"


def test_outsiders_cannot_make_links(personas: Any, signed_in: Any) -> None:
    for persona in ("admin", "intake", "researcher"):
        browser = signed_in(personas[persona], sudo=True)
        assert browser.post(reverse("scheduling:calendar_link_new")).status_code == 404


def test_gate_refuses_an_unlisted_unidentified_path(personas: Any) -> None:
    with pytest.raises(UnknownExportPath):
        disclose_unidentified(path="side_door", user=personas["owner"], recipient="x", purpose="y")
    assert not AuditEntry.objects.filter(action="export").exists()
