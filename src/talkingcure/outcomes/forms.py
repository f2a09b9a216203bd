from __future__ import annotations

from typing import Any

from django import forms

from talkingcure.measures import enabled_instruments, interval_allowed


def _choices() -> list[tuple[str, str]]:
    return [(key, inst.name) for key, inst in sorted(enabled_instruments().items())]


class ScheduleForm(forms.Form):
    instrument = forms.ChoiceField(choices=_choices, initial="phq9")
    every_days = forms.IntegerField(
        min_value=1, max_value=366, initial=7, help_text="7 for weekly, before each session."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("instrument") and data.get("every_days"):
            decision = interval_allowed(data["instrument"], data["every_days"])
            if not decision.allowed:
                self.add_error("every_days", decision.reason)
        return data


class SendForm(forms.Form):
    instrument = forms.ChoiceField(choices=_choices, initial="phq9")
    kiosk = forms.BooleanField(
        required=False, label="Open it here, on this device, in the waiting room"
    )
