"""A therapist's sessions as an iCalendar (RFC 5545) feed, with no client identifier at all.

Calendar services sit outside the clinic, so each event carries only "Session", its time
(UTC) and the room: no name, initials, identifier or note. Event UIDs are keyed hashes of
the appointment, stable for updates but not linkable to any record without the server key.

The feed's address holds a random secret; only its SHA-256 hash is stored, so a database
copy does not reveal working addresses. Creating a new address revokes the old one.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

import icalendar
from django.conf import settings
from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.scheduling.conflicts import FREE_STATUSES
from talkingcure.scheduling.models import Appointment, CalendarFeedLink

PAST_DAYS = 60
PRODID = "-//talkingcure//scheduling feed//EN"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_link(user: User, *, now: datetime.datetime | None = None) -> str:
    """A new secret for ``user``'s feed (returned once, never stored); revokes older ones."""
    revoke_links(user, now=now)
    token = secrets.token_urlsafe(32)
    CalendarFeedLink.objects.create(user=user, token_hash=hash_token(token))
    return token


def revoke_links(user: User, *, now: datetime.datetime | None = None) -> int:
    active = CalendarFeedLink.objects.filter(user=user, revoked_at__isnull=True)
    return active.update(revoked_at=now or timezone.now())


def active_link(user: User) -> CalendarFeedLink | None:
    return CalendarFeedLink.objects.filter(user=user, revoked_at__isnull=True).first()


def owner_of(token: str) -> User | None:
    """The therapist whose live link this is, or None (unknown or revoked)."""
    link = (
        CalendarFeedLink.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if link is None or not link.user.is_active:
        return None
    return link.user


def _uid(appointment: Appointment) -> str:
    key = settings.SECRET_KEY.encode("utf-8")
    digest = hmac.new(key, f"feed-uid:{appointment.public_id}".encode(), hashlib.sha256)
    return f"{digest.hexdigest()[:32]}@talkingcure"


def _event(appointment: Appointment, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid(appointment))
    event.add("dtstamp", stamp)
    event.add("dtstart", appointment.starts_at.astimezone(datetime.UTC))
    event.add("dtend", appointment.ends_at.astimezone(datetime.UTC))
    event.add("summary", "Session")
    if appointment.room is not None:
        event.add("location", appointment.room.name)
    event.add("transp", "OPAQUE")
    return event


def build_calendar(user: User, *, now: datetime.datetime | None = None) -> bytes:
    """The feed for ``user``: sessions from :data:`PAST_DAYS` ago on, cancelled ones left out."""
    stamp = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Sessions")
    appointments = (
        Appointment.objects.filter(
            clinician=user, starts_at__gte=stamp - datetime.timedelta(days=PAST_DAYS)
        )
        .exclude(status__in=FREE_STATUSES)
        .select_related("room")
    )
    for appointment in appointments:
        calendar.add_component(_event(appointment, stamp))
    return calendar.to_ical()
