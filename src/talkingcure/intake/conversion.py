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
from talkingcure.scheduling.models import Appointment


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
    and risk evidence stay with the inquiry (a risk is raised with the clinician instead).
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
    Appointment.objects.create(client=client, clinician=clinician, starts_at=first_session)
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
