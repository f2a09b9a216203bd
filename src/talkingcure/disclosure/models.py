from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from talkingcure.crypto.fields import EncryptedTextField


class Disclosure(models.Model):
    """A record of data that left the product: who sent what to whom, why, under which consent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        related_name="disclosures",
        null=True,
        blank=True,
    )
    path = models.CharField(max_length=60)  # name of the export path, from paths.EXPORT_PATHS
    categories = models.CharField(max_length=200)  # comma-separated data categories released
    recipient = EncryptedTextField()
    purpose = EncryptedTextField()
    part2 = models.BooleanField(default=False)
    consent = models.ForeignKey("consents.Consent", on_delete=models.PROTECT, null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    at = models.DateTimeField(auto_now_add=True)
