from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def product(request: HttpRequest) -> dict[str, Any]:
    from talkingcure.clients.models import Client

    demo = settings.DEMO_MODE or Client.objects.filter(synthetic=True).exists()
    return {
        "centre_name": settings.CENTRE_NAME,
        "demo_mode": demo,
        "crisis_line": settings.CRISIS_LINE,
        "emergency_number": settings.EMERGENCY_NUMBER,
    }
