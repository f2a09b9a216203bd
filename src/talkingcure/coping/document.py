"""A coping plan as a document: the same sections for the pages, the client's page and the PDF.

A relapse-prevention plan (substance-use programme) names its sections for relapse:
high-risk situations, early warning signs of relapse, what to do after a lapse.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from talkingcure.coping.drafts import title_for
from talkingcure.coping.models import Approach, CopingPlanVersion, TriggerCategory
from talkingcure.notes.document import Block


@dataclass(frozen=True)
class Headings:
    triggers: str
    warning_signs: str
    strategies: str
    contacts: str
    lapse_plan: str
    crisis: str


COPING = Headings(
    triggers="What sets off my distress, and what I do about it",
    warning_signs="Warning signs that things are getting harder",
    strategies="Things I can do to cope",
    contacts="People I can call",
    lapse_plan="",
    crisis="In a crisis",
)
RELAPSE_PREVENTION = Headings(
    triggers="My relapse triggers (high-risk situations) and my plan for each",
    warning_signs="Early warning signs of relapse",
    strategies="Coping strategies instead of using",
    contacts="People I can call (sponsor, supporters)",
    lapse_plan="If I lapse",
    crisis="In a crisis",
)


def headings(version: CopingPlanVersion) -> Headings:
    return RELAPSE_PREVENTION if version.is_relapse_prevention else COPING


def title(version: CopingPlanVersion) -> str:
    return title_for(version.kind)


def crisis_steps() -> list[str]:
    """The centre's emergency steps, from settings (CRISIS_LINE, EMERGENCY_NUMBER)."""
    return [
        f"If I am in danger or might act on thoughts of harming myself or someone else, "
        f"I call {settings.EMERGENCY_NUMBER} now.",
        f"In a crisis I call or text the crisis line, {settings.CRISIS_LINE}, any time, "
        "day or night.",
        "I call one of the people on this plan and tell them I am using my plan.",
        "I tell my clinician at the next session, or call the centre sooner.",
    ]


def approach_label(item: dict[str, str]) -> str:
    value = item.get("approach", "")
    return Approach(value).label if value in Approach.values else "not chosen"


def category_label(item: dict[str, str]) -> str:
    value = item.get("category", "")
    return TriggerCategory(value).label if value in TriggerCategory.values else ""


def trigger_lines(item: dict[str, str]) -> str:
    lines = [f"{item.get('trigger', '')}: {approach_label(item).lower()}."]
    if item.get("response"):
        lines.append(f"What it sets off: {item['response']}")
    if item.get("instead"):
        lines.append(f"What I do: {item['instead']}")
    if item.get("reason"):
        lines.append(f"Why: {item['reason']}")
    return "\n".join(lines)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def blocks(version: CopingPlanVersion) -> list[Block]:
    h = headings(version)
    found = [
        Block(h.triggers, "\n\n".join(trigger_lines(t) for t in version.triggers) or "None yet."),
        Block(h.warning_signs, _bullets(_lines(version.warning_signs))),
        Block(h.strategies, _bullets(_lines(version.strategies))),
        Block(
            h.contacts,
            _bullets([_contact(c) for c in version.contacts]),
        ),
    ]
    if version.is_relapse_prevention:
        found.append(Block(h.lapse_plan, version.lapse_plan.strip() or "None written."))
    found.append(Block(h.crisis, _bullets(crisis_steps())))
    return found


def _contact(contact: dict[str, str]) -> str:
    note = f" ({contact['note']})" if contact.get("note") else ""
    return f"{contact.get('name', '')}{note}: {contact.get('phone', '')}"


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines) if lines else "None written."


def header(version: CopingPlanVersion) -> list[tuple[str, str]]:
    client = version.client
    rows = [
        ("Client", client.display_name + (" (synthetic record)" if client.synthetic else "")),
        ("Version", str(version.number)),
        ("Clinician", str(version.author)),
    ]
    if version.signed_at:
        rows.append(("Signed", f"{version.signed_by}, {timezone.localdate(version.signed_at)}"))
    if version.cosigned_at:
        rows.append(
            ("Co-signed", f"{version.cosigned_by}, {timezone.localdate(version.cosigned_at)}")
        )
    return rows
