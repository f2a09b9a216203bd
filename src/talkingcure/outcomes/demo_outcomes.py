"""Synthetic questionnaire histories for the demo clinic: one client improving, one
unchanged, one deteriorating, over twelve weeks of weekly PHQ-9 and GAD-7 forms."""

from __future__ import annotations

import datetime

from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.outcomes.answering import submit
from talkingcure.outcomes.links import issue

WEEKS = 12
# Item value per week for each trajectory (every item gets the same value, item 9 stays 0;
# a value of 1.5 means items alternate 1 and 2, a change too small to be reliable).
TRAJECTORIES = {
    "improving": [2, 2, 2, 2, 1.5, 1.5, 1, 1, 1, 0.5, 0.5, 0],
    "unchanged": [1, 1, 1.5, 1, 1, 1.5, 1, 1, 1.5, 1, 1, 1],
    "deteriorating": [1, 1, 1, 1, 1.5, 1.5, 2, 2, 2, 2.5, 2.5, 3],
}
ITEMS = {"phq9": 9, "gad7": 7}


def add_demo_scores() -> None:
    clients = list(Client.objects.filter(synthetic=True).order_by("pk"))[: len(TRAJECTORIES)]
    start = timezone.now() - datetime.timedelta(weeks=WEEKS)
    for client, values in zip(clients, TRAJECTORIES.values(), strict=False):
        for week, value in enumerate(values):
            when = start + datetime.timedelta(weeks=week)
            for instrument, count in ITEMS.items():
                answers = {str(i): _item(value, i) for i in range(1, count + 1)}
                if instrument == "phq9":
                    answers["9"] = 0
                administration, _ = issue(client, instrument, now=when)
                submit(administration, answers, now=when + datetime.timedelta(hours=1))


def _item(value: float, item: int) -> int:
    """Half values alternate between the two neighbouring answers across items."""
    low = int(value)
    return low + 1 if value - low and item % 2 else low
