"""What a client-record export contains. Process notes and transcripts are never in it."""

from __future__ import annotations

from typing import Any

from talkingcure.clients.models import Client
from talkingcure.disclosure.gate import Category

CATEGORIES = [Category.DEMOGRAPHICS, Category.CONTACT, Category.PROGRAMMES, Category.APPOINTMENTS]


def client_record(client: Client, categories: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"client": str(client.public_id)}
    if Category.DEMOGRAPHICS in categories:
        data["name"] = client.display_name
        data["date_of_birth"] = client.date_of_birth.isoformat() if client.date_of_birth else None
        data["status"] = client.status
    if Category.CONTACT in categories:
        data["email"] = client.email
        data["phone"] = client.phone
    if Category.PROGRAMMES in categories:
        data["programmes"] = [
            {
                "programme": e.programme.name,
                "started_on": e.started_on.isoformat(),
                "ended_on": e.ended_on.isoformat() if e.ended_on else None,
            }
            for e in client.enrolments.select_related("programme")
        ]
    if Category.APPOINTMENTS in categories:
        data["appointments"] = [
            {"starts_at": a.starts_at.isoformat(), "minutes": a.minutes, "status": a.status}
            for a in client.appointments.all()
        ]
    return data
