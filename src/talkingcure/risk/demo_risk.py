"""One open risk flag in the synthetic demo clinic (invented evidence, marked as such)."""

from __future__ import annotations

from talkingcure.clients.models import Client
from talkingcure.risk.models import Kind, RiskFlag, Source
from talkingcure.risk.pipeline import raise_flag

EVIDENCE = (
    "[Synthetic demo text, invented.] Said a friend from the old neighbourhood offered "
    "a drink after the last group, and 'nearly said yes'."
)


def add_demo_flags() -> None:
    clients = list(Client.objects.filter(synthetic=True).order_by("pk")[:2])
    if not clients or RiskFlag.objects.filter(client__in=clients).exists():
        return
    client = clients[-1]
    raise_flag(
        client=client,
        kind=Kind.SUBSTANCE_USE,
        source=Source.CLINICIAN,
        evidence=EVIDENCE,
        raised_by=client.clinician,
    )
