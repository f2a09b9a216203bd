"""Links that show a signed plan to the client: the questionnaire links' properties.

A random token travels in the link and nothing else; only its SHA-256 is stored, so a copy
of the database opens nothing. A link expires (``settings.MEASURE_LINK_HOURS``, as for
questionnaires), can be revoked, and is single-use in spirit: from the first opening it
works for ``OPEN_MINUTES`` (reloading on a phone works), then it is spent. A link to a
version that a newer signed version replaces is refused too, so the client never reads an
outdated plan as current.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.coping.models import CopingPlanVersion, PlanLink
from talkingcure.plans.models import VersionStatus

OPEN_MINUTES = 60


class LinkRefused(LookupError):
    """The link is unknown, spent, revoked, replaced or expired; the message says which."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    version: CopingPlanVersion, by: User, now: datetime.datetime | None = None
) -> tuple[PlanLink, str]:
    """A new link to this signed version, with its token (shown once, in the link)."""
    moment = now or timezone.now()
    token = secrets.token_urlsafe(32)
    link = PlanLink.objects.create(
        version=version,
        token_hash=_hash(token),
        created_by=by,
        created_at=moment,
        expires_at=moment + datetime.timedelta(hours=settings.MEASURE_LINK_HOURS),
    )
    return link, token


def redeem(token: str, now: datetime.datetime | None = None) -> PlanLink:
    """The link this token opens, if it may still be read; the first opening is recorded."""
    moment = now or timezone.now()
    link = PlanLink.objects.filter(token_hash=_hash(token)).select_related("version").first()
    if link is None:
        raise LinkRefused("This link is not valid. Ask your clinic for a new one.")
    if link.revoked_at is not None:
        raise LinkRefused("This link was withdrawn by your clinic. Ask them for a new one.")
    if link.expires_at <= moment:
        raise LinkRefused("This link has expired. Ask your clinic for a new one.")
    if link.first_opened_at and link.first_opened_at + _window() <= moment:
        raise LinkRefused(
            "This link was already used. Use the copy you saved or printed, "
            "or ask your clinic for a new link."
        )
    if _replaced(link.version):
        raise LinkRefused("Your plan has been updated. Ask your clinic for a link to the new one.")
    if link.first_opened_at is None:
        link.first_opened_at = moment
        link.save(update_fields=["first_opened_at"])
    return link


def revoke(link: PlanLink, now: datetime.datetime | None = None) -> None:
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.save(update_fields=["revoked_at"])


def is_live(link: PlanLink, now: datetime.datetime | None = None) -> bool:
    moment = now or timezone.now()
    spent = link.first_opened_at is not None and link.first_opened_at + _window() <= moment
    return link.revoked_at is None and link.expires_at > moment and not spent


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=OPEN_MINUTES)


def _replaced(version: CopingPlanVersion) -> bool:
    return CopingPlanVersion.objects.filter(
        client_id=version.client_id, status=VersionStatus.SIGNED, number__gt=version.number
    ).exists()
