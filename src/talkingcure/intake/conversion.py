"""Turning an inquiry into a client with a first appointment, without creating duplicates."""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any

from django.db import transaction
from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.intake.models import Inquiry, InquiryEvent, Status
from talkingcure.programmes.models import Enrolment
from talkingcure.risk.pipeline import raise_flag
from talkingcure.scheduling.booking import book_single
from talkingcure.scheduling.models import DEFAULT_SESSION_MINUTES

# Risk labels of the engine, mapped to the risk pipeline's kinds.
RISK_KINDS = {
    "risk.suicide": "suicide",
    "risk.self_harm": "self_harm",
    "risk.harm_to_others": "harm_to_others",
    "risk.substance_use": "substance_use",
}


def _norm(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.casefold() if ch.isalnum())


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())[-9:]


def possible_duplicates(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    phone: str,
    email: str,
) -> list[Client]:
    """Existing clients who may be this person: same name and birth date, or same contact.

    Client fields are encrypted, so the comparison runs here over decrypted values.
    """
    name = (_norm(given_name), _norm(family_name))
    found = []
    for client in Client.objects.all():
        same_name = (_norm(client.given_name), _norm(client.family_name)) == name
        same_birth = date_of_birth is not None and client.date_of_birth == date_of_birth
        same_phone = bool(_digits(phone)) and _digits(client.phone) == _digits(phone)
        same_email = bool(email) and client.email.casefold() == email.casefold()
        if (same_name and (same_birth or date_of_birth is None)) or same_phone or same_email:
            found.append(client)
    return found


@transaction.atomic
def convert(
    inquiry: Inquiry,
    *,
    user: Any,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    clinician: Any,
    first_session: datetime.datetime,
) -> Client:
    """Create the client, enrol them and book the first 50-minute session.

    Only what is needed carries over: contact details and presenting concerns. The message
    stays with the inquiry; risk seen at intake becomes a risk flag for the clinician, with
    the words that showed it. A clash or a non-existent local time refuses the whole
    conversion (ValidationError) and nothing is created.
    """
    client = Client.objects.create(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        phone=inquiry.phone,
        email=inquiry.email,
        concerns=inquiry.concerns,
        clinician=clinician,
    )
    if inquiry.programme is not None:
        Enrolment.objects.create(
            client=client, programme=inquiry.programme, started_on=timezone.localdate()
        )
    book_single(
        client=client,
        clinician=clinician,
        room=None,
        start=first_session,
        end=first_session + datetime.timedelta(minutes=DEFAULT_SESSION_MINUTES),
    )
    _carry_risk(inquiry, client, user)
    inquiry.client = client
    inquiry.status = Status.CONVERTED
    inquiry.first_contact_at = inquiry.first_contact_at or timezone.now()
    inquiry.save()
    InquiryEvent.objects.create(
        inquiry=inquiry,
        at=timezone.now(),
        by=user,
        status=Status.CONVERTED,
        note="converted to a client",
    )
    return client


def _carry_risk(inquiry: Inquiry, client: Client, user: Any) -> None:
    """One flag per kind of risk the inquiry showed, and one if the person was not safe."""
    kinds: dict[str, list[str]] = {}
    for item in inquiry.risk_evidence:
        kind = RISK_KINDS.get(item["label"])
        if kind:
            kinds.setdefault(kind, []).append(item["quote"])
    for kind, quotes in kinds.items():
        raise_flag(
            client=client,
            kind=kind,
            source="intake",
            raised_by=user,
            evidence={
                "inquiry": str(inquiry.public_id),
                "quotes": quotes,
                "detector": "talkingcure.risk.v1",
            },
        )
    if inquiry.safe_now in ("no", "unsure") and "suicide" not in kinds:
        raise_flag(
            client=client,
            kind="other",
            source="intake",
            raised_by=user,
            evidence={
                "inquiry": str(inquiry.public_id),
                "answer": f"Are you safe right now? {inquiry.safe_now}",
            },
        )
