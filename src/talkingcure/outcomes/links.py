"""Secure, single-use, expiring links. The link carries a random token and nothing else;
only its hash is stored, so a copy of the database cannot be used to answer."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.outcomes.models import Administration, MeasureSchedule


class LinkRefused(LookupError):
    """The link is unknown, used, revoked or expired; the message says which."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    client: Client,
    instrument_id: str,
    *,
    schedule: MeasureSchedule | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Administration, str]:
    """Create an administration and return it with its token (shown once, in the link)."""
    moment = now or timezone.now()
    token = secrets.token_urlsafe(32)
    administration = Administration.objects.create(
        client=client,
        instrument_id=instrument_id,
        schedule=schedule,
        token_hash=_hash(token),
        created_at=moment,
        expires_at=moment + datetime.timedelta(hours=settings.MEASURE_LINK_HOURS),
    )
    return administration, token


def redeem(token: str, now: datetime.datetime | None = None) -> Administration:
    """The administration this token opens, if it may still be answered."""
    administration = Administration.objects.filter(token_hash=_hash(token)).first()
    if administration is None:
        raise LinkRefused("This link is not valid. Ask your clinic for a new one.")
    if administration.status == Administration.Status.COMPLETED:
        raise LinkRefused("This questionnaire was already answered. Thank you.")
    if administration.status == Administration.Status.REVOKED:
        raise LinkRefused("This link was withdrawn by your clinic.")
    if administration.expires_at <= (now or timezone.now()):
        raise LinkRefused("This link has expired. Ask your clinic for a new one.")
    return administration
