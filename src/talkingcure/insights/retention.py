"""Transcripts are deleted after the retention period (TALKINGCURE_TRANSCRIPT_RETENTION_DAYS).

Deleted the same way a therapist deletes one: the text goes, and the analysis keeps turn
numbers, offsets, labels and scores but no words.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from talkingcure.audit.log import record
from talkingcure.insights.models import Transcript
from talkingcure.insights.service import delete_transcript

REASON = "retention period ended"


def delete_expired(now: datetime.datetime | None = None) -> int:
    """Delete every transcript uploaded before the retention cutoff; returns the count."""
    days = settings.TRANSCRIPT_RETENTION_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    expired = Transcript.objects.filter(uploaded_at__lt=cutoff, deleted_at__isnull=True)
    count = 0
    for transcript in expired:
        delete_transcript(transcript, reason=f"{REASON} ({days} days)")
        record(
            action="transcript-deleted", object_type="transcript", object_id=transcript.public_id
        )
        count += 1
    record(action="pruned", object_type="transcripts", object_id=str(count))
    return count
