"""Who may see which client: the one place that decides.

- a clinician sees the clients assigned to them;
- a supervisor sees their own clients and those of the clinicians they supervise;
- an administrator sees a client's record only during an audited break-glass grant;
- intake coordinators and researchers never see client records.
Everything else is answered with 404, so an outsider cannot even learn a record exists.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from talkingcure.accounts.models import Role, User
from talkingcure.audit.log import record
from talkingcure.clients.models import BreakGlassGrant, Client

BREAK_GLASS_MINUTES = 30


def visible_clients(user: Any) -> QuerySet[Client]:
    if not getattr(user, "is_authenticated", False):
        return Client.objects.none()
    if user.role == Role.CLINICIAN:
        return Client.objects.filter(clinician=user)
    if user.role == Role.SUPERVISOR:
        team = [user.pk, *user.supervisees.values_list("pk", flat=True)]
        return Client.objects.filter(clinician__in=team)
    if user.role == Role.ADMIN:
        open_grants = BreakGlassGrant.objects.filter(user=user, until__gt=timezone.now())
        return Client.objects.filter(pk__in=open_grants.values("client"))
    return Client.objects.none()


def get_client_for_user(request: HttpRequest, public_id: uuid.UUID | str) -> Client:
    """This client, if the requesting user may see it; otherwise 404.

    Either way it is audited: a read of the client (every page that fetches a client shows
    at least their name), or a refusal."""
    try:
        client = visible_clients(request.user).get(public_id=public_id)
        record(
            action="read",
            actor=request.user,
            request=request,
            object_type="client",
            object_id=client.public_id,
        )
        return client
    except (Client.DoesNotExist, ValidationError, ValueError, TypeError):
        record(
            action="denied",
            actor=request.user,
            request=request,
            object_type="client",
            object_id=_opaque(public_id),
        )
        raise Http404("No such client, or you may not see it.") from None


def _opaque(value: object) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return "malformed"


def grant_break_glass(request: HttpRequest, client: Client, reason: str) -> BreakGlassGrant:
    """Open one client's record to an administrator for a limited time, with a reason."""
    until = timezone.now() + datetime.timedelta(minutes=BREAK_GLASS_MINUTES)
    assert isinstance(request.user, User)
    grant = BreakGlassGrant.objects.create(
        user=request.user, client=client, reason=reason, until=until
    )
    record(
        action="break_glass",
        actor=request.user,
        request=request,
        object_type="client",
        object_id=client.public_id,
    )
    return grant


def record_reads(request: HttpRequest, clients: Iterable[Client]) -> None:
    """One read entry per distinct client a page shows (lists, calendars, home pages)."""
    for client in {c.pk: c for c in clients}.values():
        record(
            action="read",
            actor=request.user,
            request=request,
            object_type="client",
            object_id=client.public_id,
        )
