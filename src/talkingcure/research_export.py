"""De-identified research extract: only consenting clients, through the disclosure gate."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from talkingcure.accounts.models import User
from talkingcure.clients.models import Client
from talkingcure.disclosure.gate import Category, disclose
from talkingcure.scheduling.models import Appointment


def research_extract(user: User, purpose: str) -> tuple[list[dict[str, Any]], int]:
    """Rows for consenting clients, and how many clients were withheld.

    Each extract uses a fresh random salt, so pseudonyms cannot be linked across extracts
    or back to a record.
    """
    salt = secrets.token_bytes(16)
    rows: list[dict[str, Any]] = []
    withheld = 0
    for client in Client.objects.prefetch_related("enrolments__programme").order_by("pk"):
        decision = disclose(
            path="research_extract",
            user=user,
            client=client,
            categories=[Category.PROGRAMMES, Category.APPOINTMENTS],
            recipient=f"researcher {user.public_id}",
            purpose=purpose,
            research=True,
        )
        if not decision.allowed:
            withheld += 1
            continue
        rows.append(_row(client, salt))
    return rows, withheld


def measures_extract(user: User, purpose: str) -> tuple[list[dict[str, Any]], int]:
    """Questionnaire scores of consenting clients: pseudonym, instrument, days since the
    client's first score (no dates), total, band and change label."""
    from talkingcure.outcomes.models import Administration

    salt = secrets.token_bytes(16)
    rows: list[dict[str, Any]] = []
    withheld = 0
    for client in Client.objects.order_by("pk"):
        done = list(
            client.administrations.filter(status=Administration.Status.COMPLETED).order_by(
                "completed_at"
            )
        )
        if not done:
            continue
        decision = disclose(
            path="measures_research_extract",
            user=user,
            client=client,
            categories=[Category.MEASURES],
            recipient=f"researcher {user.public_id}",
            purpose=purpose,
            research=True,
        )
        if not decision.allowed:
            withheld += 1
            continue
        pseudonym = _pseudonym(client, salt)
        first = done[0].completed_at
        for administration in done:
            assert administration.completed_at is not None and first is not None
            result = administration.result
            rows.append(
                {
                    "pseudonym": pseudonym,
                    "instrument": administration.instrument_id,
                    "day": (administration.completed_at - first).days,
                    "total": result.get("total"),
                    "band": result.get("band") or "",
                    "change": (result.get("change") or {}).get("label", "baseline"),
                }
            )
    return rows, withheld


def _pseudonym(client: Client, salt: bytes) -> str:
    return hmac.new(salt, client.public_id.bytes, hashlib.sha256).hexdigest()[:12]


def _row(client: Client, salt: bytes) -> dict[str, Any]:
    pseudonym = _pseudonym(client, salt)
    attended = client.appointments.filter(status=Appointment.Status.ATTENDED).count()
    kinds = sorted({e.programme.kind for e in client.enrolments.all()})
    return {"pseudonym": pseudonym, "programme_kinds": kinds, "sessions_attended": attended}
