"""Rate limiting of public submissions per address, without storing the address itself."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from talkingcure.intake.models import SubmissionHit

WINDOW = datetime.timedelta(hours=1)


def _hash(address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def allow(address: str, now: datetime.datetime | None = None) -> bool:
    """Count this submission; False once the address passed the hourly limit."""
    moment = now or timezone.now()
    digest = _hash(address)
    SubmissionHit.objects.filter(at__lt=moment - WINDOW).delete()
    recent = SubmissionHit.objects.filter(address_hash=digest, at__gte=moment - WINDOW).count()
    if recent >= settings.INTAKE_SUBMISSIONS_PER_HOUR:
        return False
    SubmissionHit.objects.create(address_hash=digest, at=moment)
    return True


def client_address(meta: dict[str, str]) -> str:
    """The submitting address. Behind the configured TLS proxy every request comes from the
    proxy, so the address it appended last to X-Forwarded-For is used instead."""
    if settings.SECURE_PROXY_SSL_HEADER and meta.get("HTTP_X_FORWARDED_FOR"):
        return meta["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return meta.get("REMOTE_ADDR") or "unknown"
