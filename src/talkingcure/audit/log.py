"""Writing audit entries: ``record(action=..., actor=..., object_type=..., object_id=...)``."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from talkingcure.audit.chain import GENESIS, sign
from talkingcure.audit.models import AuditEntry

_RETRIES = 5


def record(
    *,
    action: str,
    actor: Any = None,
    request: HttpRequest | None = None,
    object_type: str = "",
    object_id: object = "",
    at: datetime.datetime | None = None,
) -> AuditEntry:
    """Append one entry to the chain. ``object_id`` must be an opaque identifier."""
    fields = {
        "at": at or timezone.now(),
        "actor_id": str(getattr(actor, "public_id", "") or ""),
        "actor_role": str(getattr(actor, "role", "") or ""),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "address": _address(request),
    }
    for attempt in range(_RETRIES):
        try:
            return _append(fields)
        except IntegrityError:
            if attempt == _RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def _append(fields: dict[str, Any]) -> AuditEntry:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(7310)")
        last = AuditEntry.objects.order_by("-seq").only("seq", "hmac").first()
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            prev_hmac=last.hmac if last else GENESIS,
            **fields,
        )
        entry.hmac = sign(entry.canonical())
        entry.save()
        return entry


def _address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
