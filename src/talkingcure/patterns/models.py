"""The computed patterns page of one client for one treating therapist, kept to serve it fast.

Derived from the therapist's analyses, so kept like them as psychotherapy notes: encrypted,
never exported, read only by that therapist. One row per client and therapist; it is thrown
away whenever one of the client's transcripts or analyses changes (so the words of a deleted
transcript do not outlive it here) and rebuilt on the next view or when an analysis finishes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedJSONField


class PatternsSnapshot(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="patterns_snapshots"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patterns_snapshots"
    )
    fingerprint = models.CharField(max_length=64)  # hash of the analyses' ids and times
    computed_at = models.DateTimeField()
    data = EncryptedJSONField()  # talkingcure.patterns.across_sessions.build() output

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "clinician"], name="patterns_one_snapshot_per_therapist"
            )
        ]
