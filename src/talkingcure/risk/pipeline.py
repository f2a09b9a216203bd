"""The one way risk flags come into being, and the one way they close.

Every source (a clinician by hand, questionnaire scoring, transcript analysis, intake)
calls :func:`raise_flag`. A flag closes only when a person acknowledges it with a note;
nothing closes a flag automatically.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.audit.log import record
from talkingcure.clients.access import visible_clients
from talkingcure.clients.models import Client
from talkingcure.notifications.senders import notify
from talkingcure.risk.models import Kind, RiskFlag, Source, Status

RAISED_SUBJECT = "A risk flag needs your attention"


class FlagRefused(ValueError):
    """Bad input to the pipeline, or an acknowledgement the rules do not allow."""


def address(user: User) -> str:
    """Where notifications for this staff member go."""
    return user.email or user.username


def raise_flag(
    *,
    client: Client,
    kind: str,
    source: str,
    evidence: str | dict[str, Any] | list[Any],
    raised_by: User | None = None,
    now: datetime.datetime | None = None,
) -> RiskFlag:
    """Open a risk flag on a client; the single entry point for every source.

    ``evidence`` is text or a JSON-compatible object (stored encrypted). A flag raised by
    someone other than the client's clinician (an automated source, a supervisor) is also
    announced to the clinician, without client data."""
    if kind not in Kind.values:
        raise FlagRefused(f"unknown risk kind {kind!r}; use one of {', '.join(Kind.values)}")
    if source not in Source.values:
        raise FlagRefused(f"unknown source {source!r}; use one of {', '.join(Source.values)}")
    if source == Source.CLINICIAN and raised_by is None:
        raise FlagRefused("a flag raised by a clinician must say who raised it")
    if not evidence or (isinstance(evidence, str) and not evidence.strip()):
        raise FlagRefused("a risk flag needs its evidence: what was said, answered or seen")
    with transaction.atomic():
        flag = RiskFlag.objects.create(
            client=client,
            kind=kind,
            source=source,
            evidence=evidence,
            raised_by=raised_by,
            raised_at=now or timezone.now(),
        )
        if raised_by is None or raised_by.pk != client.clinician_id:
            notify(
                address(client.clinician),
                RAISED_SUBJECT,
                "A risk flag was raised on your caseload. It stays at the top of your home "
                f"page until you acknowledge it: {reverse('home')}\n",
            )
    return flag


def may_acknowledge(user: User, flag: RiskFlag) -> bool:
    """The client's clinician or a supervisor who can see the client."""
    return user.is_clinical and visible_clients(user).filter(pk=flag.client_id).exists()


def acknowledge(
    flag: RiskFlag, *, by: User, note: str, now: datetime.datetime | None = None
) -> RiskFlag:
    """Close a flag: a clinical user who can see the client, with a note saying what was done."""
    if not flag.is_open:
        raise FlagRefused("This flag was already acknowledged.")
    if not may_acknowledge(by, flag):
        raise FlagRefused("Only the client's clinician or their supervisor acknowledges a flag.")
    if not note.strip():
        raise FlagRefused("Write a note saying what you did about this risk before acknowledging.")
    flag.status = Status.ACKNOWLEDGED
    flag.acknowledged_by = by
    flag.acknowledged_at = now or timezone.now()
    flag.acknowledgement = note.strip()
    flag.save()
    return flag


def open_flags(clients: Any) -> list[RiskFlag]:
    """Open flags on these clients, oldest first (the longest-waiting at the top)."""
    return list(
        RiskFlag.objects.filter(client__in=clients, status=Status.OPEN)
        .select_related("client", "client__clinician")
        .order_by("raised_at")
    )


def record_read(flag: RiskFlag, user: Any, request: Any = None) -> None:
    record(
        action="read", actor=user, request=request, object_type="riskflag", object_id=flag.public_id
    )
