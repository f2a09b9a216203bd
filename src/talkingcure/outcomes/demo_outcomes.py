"""Synthetic questionnaire histories for the demo clinic: one client improving, one
unchanged, one deteriorating, over twelve weeks of weekly PHQ-9 and GAD-7 forms."""

from __future__ import annotations

import datetime

from django.utils import timezone

from talkingcure.clients.models import Client
from talkingcure.outcomes.answering import submit
from talkingcure.outcomes.links import issue

WEEKS = 12
# Item value per week for each trajectory (every item gets the same value, item 9 stays 0).
TRAJECTORIES = {
    "improving": [2, 2, 2, 2, 1, 1, 1, 1, 1, 0, 0, 0],
    "unchanged": [1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 1],
    "deteriorating": [1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3],
}
ITEMS = {"phq9": 9, "gad7": 7}


def add_demo_scores() -> None:
    clients = list(Client.objects.filter(synthetic=True).order_by("pk"))[: len(TRAJECTORIES)]
    start = timezone.now() - datetime.timedelta(weeks=WEEKS)
    for client, values in zip(clients, TRAJECTORIES.values(), strict=False):
        for week, value in enumerate(values):
            when = start + datetime.timedelta(weeks=week)
            for instrument, count in ITEMS.items():
                answers = {str(i): value for i in range(1, count + 1)}
                if instrument == "phq9":
                    answers["9"] = 0
                administration, _ = issue(client, instrument, now=when)
                submit(administration, answers, now=when + datetime.timedelta(hours=1))
