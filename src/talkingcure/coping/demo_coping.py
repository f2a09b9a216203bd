"""A relapse-prevention plan for the demo clinic, built from triggers noted over sessions.

Everything is invented for the demo and says so. Running it again adds nothing twice.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.coping import suggestions
from talkingcure.coping.drafts import draft_for
from talkingcure.coping.models import Approach, CopingPlanVersion, TriggerCategory, TriggerKind
from talkingcure.plans import lifecycle
from talkingcure.scheduling.models import Appointment

MARK = "(synthetic demo text)"

# trigger, kind, category, response, approach, what the client does: one row per session
NOTED = [
    (
        f"Payday Friday, walking past the bar on the way home {MARK}",
        TriggerKind.SITUATION,
        TriggerCategory.SUBSTANCE_CUE,
        "craving, 'just one'",
        Approach.AVOID,
        "Take the bus route that does not pass the bar; plan Friday evening ahead.",
    ),
    (
        f"Calls from an old drinking friend {MARK}",
        TriggerKind.PERSON,
        TriggerCategory.USING_CONTACT,
        "urge to meet up and drink",
        Approach.AVOID,
        "Let the call go to voicemail; call my sponsor instead.",
    ),
    (
        f"Loud arguments, which bring back the nights at home as a child {MARK}",
        TriggerKind.SITUATION,
        TriggerCategory.TRAUMA_REMINDER,
        "panic, then wanting to drink to calm down",
        Approach.APPROACH,
        "Grounding (feet on the floor, name five things I see); stay a little longer "
        "each time; bring it to therapy.",
    ),
]


def add_demo_coping() -> None:
    """A signed, co-signed relapse-prevention plan for the first demo client in a
    substance-use programme who has held sessions."""
    for client in Client.objects.filter(synthetic=True).order_by("pk"):
        if not client.in_part2_programme:
            continue
        if CopingPlanVersion.objects.filter(client=client).exists():
            return
        sessions = list(
            Appointment.objects.filter(client=client, starts_at__lt=timezone.now()).order_by(
                "starts_at"
            )
        )
        if sessions:
            _build(client, sessions)
            return


def _build(client: Client, sessions: list[Appointment]) -> None:
    clinician = client.clinician
    for number, row in enumerate(NOTED):
        trigger, kind, category, response, approach, instead = row
        noted = suggestions.note(
            client,
            clinician,
            trigger=trigger,
            kind=kind,
            category=category,
            response=response,
            appointment=sessions[min(number, len(sessions) - 1)],
        )
        suggestion = suggestions.find(client, f"noted:{noted.public_id}")
        assert suggestion is not None
        entry = {
            "trigger": trigger,
            "kind": kind,
            "category": category,
            "approach": approach,
            "response": response,
            "instead": instead,
            "reason": "",
        }
        suggestions.confirm(suggestion, client, clinician, entry)
    # one noted and left for the therapist to decide on, so the demo shows a suggestion
    suggestions.note(
        client,
        clinician,
        trigger=f"Being alone on Sunday afternoons {MARK}",
        kind=TriggerKind.SITUATION,
        category=TriggerCategory.OTHER,
        response="low, restless",
        appointment=sessions[-1],
    )
    draft = draft_for(client, clinician)
    draft.warning_signs = "\n".join(
        [
            f"Skipping meetings {MARK}",
            f"Telling myself I have it under control {MARK}",
            f"Sleeping badly, irritable with everyone {MARK}",
        ]
    )
    draft.strategies = "\n".join(
        [
            f"Go to a meeting the same day {MARK}",
            f"Write down the craving and wait twenty minutes {MARK}",
            f"Walk, and call someone on the way {MARK}",
        ]
    )
    draft.contacts = [
        {"name": "Sponsor (synthetic)", "phone": "+1 555 0199 001", "note": "sponsor"},
        {"name": "Sister (synthetic)", "phone": "+1 555 0199 002", "note": "sister"},
    ]
    draft.lapse_plan = (
        f"{MARK} A lapse is not the end of recovery. Stop, get somewhere safe, call my "
        "sponsor within the hour and tell my clinician at the next session."
    )
    draft.save()
    signed_at = timezone.now() - datetime.timedelta(days=2)
    lifecycle.sign(draft, clinician, now=signed_at)
    supervisor = clinician.supervisors.first()
    if supervisor is not None:
        lifecycle.cosign(draft, supervisor, now=signed_at + datetime.timedelta(hours=20))
