"""Refuse an action while the consent it needs is missing or revoked, and say which."""

from __future__ import annotations

import datetime

from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.consents.models import Consent, ConsentKind


class ConsentMissing(PermissionError):
    """The client has not given, or has revoked, the consent an action needs."""

    def __init__(self, kind: str, detail: str) -> None:
        self.kind = kind
        label = ConsentKind(kind).label.lower()
        super().__init__(f"Refused: the client's consent to {label} {detail}.")


def consent_in_force(client: Client, kind: str, on: datetime.date | None = None) -> Consent | None:
    day = on or timezone.localdate()
    for consent in client.consents.filter(kind=kind).order_by("-given_on"):
        if consent.in_force(day):
            return consent
    return None


def require_consent(client: Client, kind: str) -> Consent:
    """The consent in force, or :class:`ConsentMissing` naming the consent and why."""
    consent = consent_in_force(client, kind)
    if consent is not None:
        return consent
    latest = client.consents.filter(kind=kind).order_by("-given_on").first()
    if latest is None:
        raise ConsentMissing(kind, "is not on file")
    if latest.revoked_on is not None:
        raise ConsentMissing(kind, f"was revoked on {latest.revoked_on.isoformat()}")
    if latest.expires_on is not None and latest.expires_on < timezone.localdate():
        raise ConsentMissing(kind, f"expired on {latest.expires_on.isoformat()}")
    raise ConsentMissing(kind, f"starts only on {latest.given_on.isoformat()}")


__all__ = ["ConsentKind", "ConsentMissing", "consent_in_force", "require_consent"]
