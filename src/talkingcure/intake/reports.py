"""Counts for the centre's leadership: no personal details, only numbers."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from talkingcure.intake.models import Inquiry


@dataclass
class WeekRow:
    week: str
    total: int = 0
    by_source: Counter[str] = field(default_factory=Counter)
    by_outcome: Counter[str] = field(default_factory=Counter)
    hours_to_contact: list[float] = field(default_factory=list)

    @property
    def sources(self) -> list[tuple[str, int]]:
        return sorted(self.by_source.items())

    @property
    def outcomes(self) -> list[tuple[str, int]]:
        return sorted(self.by_outcome.items())

    @property
    def median_hours_to_contact(self) -> float | None:
        if not self.hours_to_contact:
            return None
        return round(statistics.median(self.hours_to_contact), 1)


def weekly() -> list[WeekRow]:
    rows: dict[str, WeekRow] = {}
    fields = ("received_at", "source", "status", "first_contact_at")
    for received, source, status, contacted in Inquiry.objects.values_list(*fields):
        year, week, _ = timezone.localtime(received).isocalendar()
        key = f"{year}-W{week:02d}"
        row = rows.setdefault(key, WeekRow(week=key))
        row.total += 1
        row.by_source[source] += 1
        row.by_outcome[status] += 1
        if contacted is not None:
            row.hours_to_contact.append((contacted - received).total_seconds() / 3600)
    return [rows[k] for k in sorted(rows, reverse=True)]
