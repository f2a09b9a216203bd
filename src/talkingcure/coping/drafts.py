"""Changing a coping plan: every change goes to the draft (a new version after signing).

The lifecycle (draft, sign, change makes a new version, co-sign) is the treatment plans'
one, :mod:`talkingcure.plans.lifecycle`, used as it is.
"""

from __future__ import annotations

import copy
import uuid

from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.clients.models import Client
from talkingcure.coping.approach import avoidance_problem
from talkingcure.coping.models import (
    Approach,
    CopingPlanVersion,
    PlanKind,
    TriggerCategory,
    TriggerKind,
)
from talkingcure.plans import lifecycle
from talkingcure.plans.lifecycle import Refused

ENTRY_FIELDS = ("trigger", "kind", "category", "approach", "reason", "response", "instead")


def kind_for(client: Client) -> str:
    """A client in a substance-use programme has a relapse-prevention plan."""
    return PlanKind.RELAPSE_PREVENTION if client.in_part2_programme else PlanKind.COPING


def title_for(kind: str) -> str:
    return PlanKind(kind).label if kind in PlanKind.values else PlanKind.COPING.label


def draft_for(client: Client, author: User) -> CopingPlanVersion:
    """The draft to change (unsaved when it is a new version)."""
    draft = lifecycle.editable(CopingPlanVersion, client, author)
    for name in CopingPlanVersion.CONTENT_FIELDS:  # never share lists with the signed version
        setattr(draft, name, copy.deepcopy(getattr(draft, name)))
    draft.kind = kind_for(client)
    draft.author = author
    return draft


def check_entry(entry: dict[str, str]) -> str:
    """Why this trigger entry may not go into a plan; empty when it may."""
    if not entry.get("trigger", "").strip():
        return "Name the trigger."
    if entry.get("kind") not in TriggerKind.values:
        return "Choose what kind of trigger it is."
    if entry.get("category") not in TriggerCategory.values:
        return "Say whether it is a substance cue, a using contact, a trauma reminder or other."
    if entry.get("approach") not in Approach.values:
        return "Choose the approach for this trigger."
    return avoidance_problem(entry["category"], entry["approach"], entry.get("reason", ""))


def add_trigger(
    client: Client, by: User, entry: dict[str, str], *, source: str = "entered"
) -> CopingPlanVersion:
    """Add a trigger the therapist confirms to the draft; refused when the entry is incomplete."""
    problem = check_entry(entry)
    if problem:
        raise Refused(problem)
    draft = draft_for(client, by)
    item = {name: str(entry.get(name, "")).strip() for name in ENTRY_FIELDS}
    item.update(
        id=uuid.uuid4().hex[:12],
        source=source,
        confirmed_by=str(by.public_id),
        confirmed_on=timezone.localdate().isoformat(),
    )
    draft.triggers = [*draft.triggers, item]
    draft.save()
    return draft


def remove_trigger(client: Client, by: User, trigger_id: str) -> CopingPlanVersion:
    draft = draft_for(client, by)
    kept = [t for t in draft.triggers if t.get("id") != trigger_id]
    if len(kept) == len(draft.triggers):
        raise Refused("That trigger is not in the plan.")
    draft.triggers = kept
    draft.save()
    return draft
