from __future__ import annotations

from django import forms

from talkingcure.risk.models import Kind


class RaiseForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of risk", choices=Kind.choices)
    evidence = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was said or seen that raises the concern. Stored encrypted.",
        error_messages={"required": "Say what raises the concern: the evidence is required."},
    )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="Acknowledgement note",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you did: e.g. safety plan reviewed, crisis team contacted. Required.",
        error_messages={
            "required": "Write a note saying what you did about this risk before acknowledging."
        },
    )
