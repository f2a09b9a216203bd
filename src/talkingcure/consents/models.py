from __future__ import annotations

import datetime
import uuid

from django.db import models

from talkingcure.crypto.fields import EncryptedJSONField, EncryptedTextField


class ConsentKind(models.TextChoices):
    TREATMENT = "treatment", "Treatment"
    RECORDING = "recording", "Recording or transcription of sessions"
    ANALYSIS = "analysis", "Automated analysis of transcripts"
    RESEARCH = "research", "Research use of de-identified data"
    PART2_DISCLOSURE = "part2_disclosure", "Disclosure of substance-use records (42 CFR Part 2)"


class Consent(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    given_on = models.DateField()
    revoked_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    # Part 2 written-consent elements (42 CFR 2.31): to whom, what, why, signature.
    recipient = EncryptedTextField(blank=True, default="")
    purpose = EncryptedTextField(blank=True, default="")
    information = EncryptedTextField(blank=True, default="")
    signed_by = EncryptedTextField(blank=True, default="")
    # Part 2: the categories of record the consent allows (disclosure.gate.Category values);
    # the gate releases nothing outside them, whatever the free-text description says.
    categories = EncryptedJSONField(default=list, blank=True)

    def in_force(self, on: datetime.date) -> bool:
        if self.given_on > on:
            return False
        if self.revoked_on is not None and self.revoked_on <= on:
            return False
        return self.expires_on is None or self.expires_on >= on

    def part2_elements_missing(self) -> list[str]:
        """Required elements of a written Part 2 consent that this one lacks."""
        required = {
            "recipient": self.recipient,
            "purpose": self.purpose,
            "information to disclose": self.information,
            "signature": self.signed_by,
            "expiry": self.expires_on,
            "categories of record": self.categories,
        }
        return [name for name, value in required.items() if not value]
