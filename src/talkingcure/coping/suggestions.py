"""Trigger suggestions for a client's coping plan, and the therapist's decision on each.

Interface (stable; the engine side plugs in here):

``suggestions_for(client) -> list[Suggestion]`` returns the suggestions not yet confirmed or
rejected, oldest first. Each has a stable ``key`` ("<source>:<id>"); the decision on it is
stored against that key, so a decided suggestion is never offered again.

Sources: ``noted``, possible triggers the clinician wrote down (usually after a session),
:class:`~talkingcure.coping.models.NotedTrigger`; and ``analysis``, the triggers
``talkingcure.triggers.v1`` found in the client's analysed session transcripts (each stored
analysis's ``summary["triggers"]``, schema in docs/triggers.md), one suggestion per entry with
the client's words as evidence. An analysis whose transcript was deleted offers nothing: its
words are gone. A suggestion never enters a plan by itself: ``confirm`` does that.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.clients.models import Client
from talkingcure.coping import drafts
from talkingcure.coping.models import (
    CopingPlanVersion,
    Decision,
    NotedTrigger,
    TriggerCategory,
    TriggerDecision,
    TriggerKind,
)
from talkingcure.plans.lifecycle import Refused, may_write
from talkingcure.scheduling.models import Appointment


@dataclass(frozen=True)
class Suggestion:
    key: str  # "<source>:<id>", the name the decision is stored under
    source: str  # "noted" today; "analysis" once analyses are stored
    trigger: str
    kind: str  # a TriggerKind value
    category: str  # a TriggerCategory value, or "" when the source does not say
    response: str  # what it sets off (emotion, urge, behaviour, use), may be ""
    origin: str  # where it comes from, for the therapist: "noted after the session of ..."
    seen_on: datetime.date | None = None
    explicit: bool | None = None  # engine only: stated by the client or inferred
    score: float | None = None  # engine only
    evidence: tuple[str, ...] = field(default_factory=tuple)  # engine only: quoted spans

    @property
    def kind_label(self) -> str:
        return TriggerKind(self.kind).label if self.kind in TriggerKind.values else self.kind

    @property
    def category_label(self) -> str:
        if self.category in TriggerCategory.values:
            return TriggerCategory(self.category).label
        return "not said"


def suggestions_for(client: Client) -> list[Suggestion]:
    """Suggestions for this client's plan that the therapist has not yet decided on."""
    decided = set(TriggerDecision.objects.filter(client=client).values_list("key", flat=True))
    return [s for s in [*_noted(client), *_from_analyses(client)] if s.key not in decided]


def _from_analyses(client: Client) -> list[Suggestion]:
    from talkingcure.insights.models import Analysis, AnalysisStatus

    done = Analysis.objects.filter(
        transcript__appointment__client=client,
        transcript__deleted_at__isnull=True,
        status=AnalysisStatus.DONE,
    ).select_related("transcript__appointment")
    found = []
    for analysis in done.order_by("transcript__appointment__starts_at"):
        day = timezone.localdate(analysis.transcript.appointment.starts_at)
        for entry in (analysis.result or {}).get("summary", {}).get("triggers", []):
            found.append(_engine_suggestion(analysis.public_id, day, entry))
    return found


def _engine_suggestion(
    analysis_id: uuid.UUID, day: datetime.date, entry: dict[str, Any]
) -> Suggestion:
    kind = entry.get("kind", "")
    category = (
        TriggerCategory.TRAUMA_REMINDER
        if entry.get("trauma_reminder")
        else TriggerCategory.SUBSTANCE_CUE
        if kind == TriggerKind.SUBSTANCE_CUE
        else ""
    )
    return Suggestion(
        key=f"analysis:{analysis_id}:{entry['id']}",
        source="analysis",
        trigger=str(entry.get("text", "")),
        kind=kind,
        category=category,
        response=str(entry.get("response_text") or entry.get("response") or ""),
        origin=f"found by {entry.get('detector', 'the engine')} in the session of {day:%d %b %Y}",
        seen_on=day,
        explicit=entry.get("mode") == "explicit",
        score=entry.get("score"),
        evidence=tuple(e["quote"] for e in entry.get("evidence", []) if e.get("quote")),
    )


def _noted(client: Client) -> list[Suggestion]:
    found = []
    for noted in NotedTrigger.objects.filter(client=client).select_related("appointment"):
        when = noted.appointment.starts_at if noted.appointment else noted.noted_at
        day = timezone.localdate(when)
        where = "after the session of" if noted.appointment else "on"
        found.append(
            Suggestion(
                key=f"noted:{noted.public_id}",
                source="noted",
                trigger=noted.trigger,
                kind=noted.kind,
                category=noted.category,
                response=noted.response,
                origin=f"noted by the clinician {where} {day:%d %b %Y}",
                seen_on=day,
            )
        )
    return found


def find(client: Client, key: str) -> Suggestion | None:
    return next((s for s in suggestions_for(client) if s.key == key), None)


@transaction.atomic
def confirm(
    suggestion: Suggestion, client: Client, by: User, entry: dict[str, str]
) -> CopingPlanVersion:
    """Put the suggestion into the draft plan as the therapist shaped it; record the decision."""
    draft = drafts.add_trigger(client, by, entry, source=suggestion.key)
    _decide(client, suggestion.key, Decision.CONFIRMED, by)
    return draft


@transaction.atomic
def reject(suggestion: Suggestion, client: Client, by: User) -> None:
    if not may_write(by, client):
        raise Refused("Only the client's assigned clinician decides on triggers.")
    _decide(client, suggestion.key, Decision.REJECTED, by)


def _decide(client: Client, key: str, decision: str, by: User) -> None:
    TriggerDecision.objects.create(
        client=client, key=key, decision=decision, decided_by=by, decided_at=timezone.now()
    )


def note(
    client: Client,
    by: User,
    *,
    trigger: str,
    kind: str,
    category: str,
    response: str = "",
    appointment: Appointment | None = None,
) -> NotedTrigger:
    """Write down a possible trigger to explore with the client; it is not in the plan."""
    if not may_write(by, client):
        raise Refused("Only the client's assigned clinician notes triggers for the plan.")
    return NotedTrigger.objects.create(
        public_id=uuid.uuid4(),
        client=client,
        appointment=appointment,
        trigger=trigger,
        kind=kind,
        category=category,
        response=response,
        noted_by=by,
        noted_at=timezone.now(),
    )
