"""Retention of the audit trail: six years by default (TALKINGCURE_AUDIT_RETENTION_DAYS)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from talkingcure.audit.log import record
from talkingcure.audit.models import AuditEntry


@transaction.atomic
def prune(now: datetime.datetime | None = None) -> int:
    """Delete entries older than the retention period, and record the prune in the chain."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    old = AuditEntry.objects.filter(at__lt=cutoff)
    last = old.order_by("-seq").values_list("seq", flat=True).first()
    if last is None:
        return 0
    # Only a contiguous prefix of the chain is removed, so verification can resume after it.
    prefix = AuditEntry.objects.filter(seq__lte=last)
    count = prefix.count()
    prefix._raw_delete(prefix.db)
    record(action="pruned", object_type="audit", object_id=str(last))
    return count
