"""The client's patterns page: the across-session formulation beside the questionnaire charts.

Access (docs/patterns-page.md):
- the client through :func:`get_client_for_user` (404 and a "denied" entry otherwise);
- the questionnaire charts for everyone who passes, as on the outcomes page;
- the session patterns only for the treating therapist (the client's clinician, or a clinician
  who held one of their sessions), built only from analyses of sessions the requesting user
  held. Everyone else gets a notice, and a "denied" entry for the patterns; nothing on the page
  tells them whether a transcript exists.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from talkingcure.accounts.models import User
from talkingcure.audit.log import record
from talkingcure.clients.access import get_client_for_user
from talkingcure.clients.models import Client
from talkingcure.outcomes.chart import Chart, build_chart
from talkingcure.outcomes.models import Administration
from talkingcure.patterns.snapshots import HeldAnalysis, held_analyses, patterns_data
from talkingcure.patterns.timeline import (
    CHANGE_COLOURS,
    TONE_COLOURS,
    DateAxis,
    LineChart,
    line_chart,
    place_on_axis,
)

TREATING_ONLY = (
    "Session patterns come from transcripts, which are kept as psychotherapy notes: "
    "they are visible to the treating therapist only."
)


def is_treating_therapist(user: Any, client: Client) -> bool:
    """The client's clinician, or a clinician who held one of the client's sessions."""
    if not getattr(user, "pk", None):
        return False
    return client.clinician_id == user.pk or client.appointments.filter(clinician=user).exists()


@login_required
@require_GET
def client_patterns(request: HttpRequest, public_id: str) -> HttpResponse:
    client = get_client_for_user(request, public_id)
    assert isinstance(request.user, User)
    user = request.user
    treating = is_treating_therapist(user, client)
    held = held_analyses(client, user.pk) if treating else []
    data = patterns_data(client, user.pk, held) if treating else None
    _audit(request, client, treating, held)
    charts = outcome_charts(client)
    axis = DateAxis.spanning(_dates(data, charts))
    context = {
        "client": client,
        "treating": treating,
        "treating_only": TREATING_ONLY,
        "data": data,
        "charts": [place_on_axis(chart, axis) for chart in charts] if axis else charts,
        "tone_chart": tone_chart(data, axis),
        "change_chart": change_chart(data, axis),
    }
    return render(request, "patterns/client.html", context)


def _audit(request: HttpRequest, client: Client, treating: bool, held: list[HeldAnalysis]) -> None:
    """One entry for the page's patterns (read or denied), one per analysis, one for scores."""
    with transaction.atomic():
        record(
            action="read" if treating else "denied",
            actor=request.user,
            request=request,
            object_type="patterns",
            object_id=client.public_id,
        )
        for analysis in held:
            record(
                action="read",
                actor=request.user,
                request=request,
                object_type="analysis",
                object_id=analysis.public_id,
            )
        record(
            action="read",
            actor=request.user,
            request=request,
            object_type="outcomes",
            object_id=client.public_id,
        )


def outcome_charts(client: Client) -> list[Chart]:
    """The outcomes page's charts: one per questionnaire with completed scores."""
    completed = client.administrations.filter(
        status=Administration.Status.COMPLETED, completed_at__isnull=False
    ).order_by("completed_at", "pk")
    by_instrument: dict[str, list[Administration]] = defaultdict(list)
    for administration in completed:
        by_instrument[administration.instrument_id].append(administration)
    charts = [build_chart(key, items) for key, items in sorted(by_instrument.items())]
    return [chart for chart in charts if chart.points]


def _dates(data: dict[str, Any] | None, charts: list[Chart]) -> list[datetime.date]:
    days = [datetime.date.fromisoformat(p.date) for chart in charts for p in chart.points]
    if data:
        days += [datetime.date.fromisoformat(s["date"]) for s in data["sessions"]]
    return days


def tone_chart(data: dict[str, Any] | None, axis: DateAxis | None) -> LineChart | None:
    points = (data or {}).get("tone", {}).get("points") or []
    if axis is None or not points:
        return None
    return line_chart(
        chart_id="tone",
        title="Emotional tone of the client's turns, per analysed session",
        description=(
            f"{len(points)} analysed session{'s' if len(points) != 1 else ''}; mean negative "
            "and positive emotion of the client's turns, from 0 to 1. The table below holds "
            "the same values."
        ),
        rows=points,
        keys={"negative": "negative", "positive": "positive"},
        colours=TONE_COLOURS,
        axis=axis,
    )


def change_chart(data: dict[str, Any] | None, axis: DateAxis | None) -> LineChart | None:
    rows = (data or {}).get("change", {}).get("rows") or []
    if axis is None or not any(r["RO"] is not None or r["RS"] is not None for r in rows):
        return None
    return line_chart(
        chart_id="change",
        title="Share of negative responses of others and of self, per analysed session",
        description=(
            "Share of the relationship episodes' responses that are negative, per session, "
            "from 0% to 100%; a session without responses has no point. The table below holds "
            "the same values."
        ),
        rows=rows,
        keys={"RO": "negative responses of others", "RS": "negative responses of self"},
        colours=CHANGE_COLOURS,
        axis=axis,
        percent=True,
    )
