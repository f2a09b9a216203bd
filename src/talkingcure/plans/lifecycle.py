"""The life of a versioned, signed document: draft, sign, change after signing, co-sign.

Shared by treatment plans and discharge summaries. Every refusal is a ``Refused`` with a
message that says what to do.
"""

from __future__ import annotations

import datetime
from typing import TypeVar

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from talkingcure.accounts.models import Role, User
from talkingcure.clients.models import Client
from talkingcure.plans.models import DischargeSummary, SignedVersion, VersionStatus
from talkingcure.scheduling.booking import end_series

V = TypeVar("V", bound=SignedVersion)


class Refused(Exception):
    """An action on a plan or summary that the rules do not allow, with the reason."""


def versions(model: type[V], client: Client) -> list[V]:
    return list(model._default_manager.filter(client=client).order_by("number"))


def latest(model: type[V], client: Client) -> V | None:
    return model._default_manager.filter(client=client).order_by("-number").first()


def latest_signed(model: type[V], client: Client) -> V | None:
    signed = model._default_manager.filter(client=client, status=VersionStatus.SIGNED)
    return signed.order_by("-number").first()


def may_write(user: User, client: Client) -> bool:
    """Only the assigned clinician writes and signs a client's plan and summary."""
    return user.pk == client.clinician_id


def editable(model: type[V], client: Client, author: User) -> V:
    """The draft to edit: the open draft, or a new (unsaved) version after the last signed one.

    A new version starts as a copy of the last one, so a change after signing only adds."""
    if not may_write(author, client):
        raise Refused("Only the client's assigned clinician writes this record.")
    current = latest(model, client)
    if current is not None and not current.is_signed:
        return current
    draft = model(client=client, author=author, number=(current.number + 1) if current else 1)
    if current is not None:
        for name in model.CONTENT_FIELDS:
            setattr(draft, name, getattr(current, name))
    return draft


@transaction.atomic
def sign(version: V, by: User, now: datetime.datetime | None = None) -> V:
    """Lock this version. Refused when already signed, empty, or not the clinician's."""
    if version.is_signed:
        raise Refused(f"Version {version.number} is already signed; a change makes a new version.")
    if not may_write(by, version.client):
        raise Refused("Only the client's assigned clinician signs this record.")
    reason = version.emptiness()
    if reason:
        raise Refused(reason)
    version.status = VersionStatus.SIGNED
    version.signed_by = by
    version.signed_at = now or timezone.now()
    version.save()
    if isinstance(version, DischargeSummary):
        _discharge(version)
    return version


@transaction.atomic
def cosign_refusal(version: SignedVersion, by: User) -> str | None:
    """Why ``by`` may not co-sign ``version`` now, or None if they may."""
    if by.role != Role.SUPERVISOR:
        return "Only a clinical supervisor can co-sign."
    if not by.supervisees.filter(pk=version.client.clinician_id).exists():
        return "Only a supervisor of the client's clinician can co-sign."
    if by.pk == version.signed_by_id:
        return "You signed this version yourself; another supervisor co-signs it."
    if not version.is_signed:
        return "Sign the version before it is co-signed."
    if version.cosigned_by_id is not None:
        return f"Version {version.number} is already co-signed."
    return None


def may_cosign(by: User, version: SignedVersion) -> bool:
    return cosign_refusal(version, by) is None


def cosign(version: V, by: User, now: datetime.datetime | None = None) -> V:
    """A supervisor of the client's clinician countersigns a signed version."""
    refusal = cosign_refusal(version, by)
    if refusal:
        raise Refused(refusal)
    version.cosigned_by = by
    version.cosigned_at = now or timezone.now()
    version.save()
    return version


def _discharge(summary: DischargeSummary) -> None:
    client = summary.client
    client.status = Client.Status.DISCHARGED
    client.status_since = summary.discharged_on
    client.status_reason = summary.reason
    client.save()
    # No more sessions after discharge: end every series that would run on.
    running = client.series.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=summary.discharged_on))
    for series in running:
        end_series(series, last_day=summary.discharged_on)
