"""A complete inquiry from the public form, saved as the form saves it (synthetic answers)."""

from __future__ import annotations

from typing import Any

from talkingcure.intake.models import Inquiry
from talkingcure.intake.workflow import save_inquiry


def make_inquiry(message: str, **extra: Any) -> Inquiry:
    answers = {
        "safe_now": "yes",
        "message": message,
        "contact_by": ["email"],
        "email": "a@example.org",
        "consent_to_contact": True,
        **extra,
    }
    return save_inquiry(answers, source="web", complete=True)
