"""Inquiries that never became clients are purged after the retention period (90 days)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from talkingcure.audit.log import record
from talkingcure.intake.models import Inquiry, Status


def purge_stale(now: datetime.datetime | None = None) -> int:
    """Delete unconverted inquiries older than the retention period; returns the count.

    Each deletion is audited by the audit signals; one more entry records the purge and its
    count. Converted inquiries, urgent ones nobody acknowledged, and everything else are kept.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.INQUIRY_RETENTION_DAYS)
    stale = (
        Inquiry.objects.filter(received_at__lt=cutoff)
        .exclude(status=Status.CONVERTED)
        # an urgent inquiry nobody has taken on is never purged unseen
        .exclude(urgent=True, acknowledged_at__isnull=True)
    )
    count = 0
    for inquiry in stale:
        inquiry.delete()
        count += 1
    record(action="pruned", object_type="inquiries", object_id=str(count))
    return count
