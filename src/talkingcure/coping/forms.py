from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from talkingcure.coping.approach import AVOID_EXPLANATION, TRAUMA_EXPLANATION
from talkingcure.coping.drafts import check_entry
from talkingcure.coping.models import Approach, TriggerCategory, TriggerKind
from talkingcure.scheduling.models import Appointment

TEXT = {"rows": 3}


class TriggerForm(forms.Form):
    """One trigger as the therapist confirms it for the plan."""

    trigger = forms.CharField(max_length=300, help_text="In the client's words where possible.")
    kind = forms.ChoiceField(label="What kind of trigger", choices=TriggerKind.choices)
    category = forms.ChoiceField(
        label="What it is for the client",
        choices=TriggerCategory.choices,
        widget=forms.RadioSelect,
        help_text="This decides the approach the plan starts from.",
    )
    approach = forms.ChoiceField(
        choices=Approach.choices,
        widget=forms.RadioSelect,
        help_text=f"{AVOID_EXPLANATION} {TRAUMA_EXPLANATION}",
        error_messages={"required": "Choose the approach for this trigger."},
    )
    reason = forms.CharField(
        label="Why this approach (needed to avoid a trauma reminder)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs=TEXT),
    )
    response = forms.CharField(
        label="What it sets off",
        required=False,
        max_length=500,
        help_text="The emotion, urge or behaviour that follows, e.g. 'craving, drinking alone'.",
    )
    instead = forms.CharField(
        label="What the client does when it comes",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs=TEXT),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            problem = check_entry({k: str(v) for k, v in data.items()})
            if problem:
                self.add_error("approach", problem)
        return data


class NoteTriggerForm(forms.Form):
    """A possible trigger, noted to explore with the client; it does not enter the plan."""

    trigger = forms.CharField(max_length=300)
    kind = forms.ChoiceField(label="What kind of trigger", choices=TriggerKind.choices)
    category = forms.ChoiceField(
        label="What it may be for the client",
        choices=TriggerCategory.choices,
        widget=forms.RadioSelect,
    )
    response = forms.CharField(label="What it seemed to set off", required=False, max_length=500)
    appointment = forms.ModelChoiceField(
        label="Session where it came up",
        queryset=Appointment.objects.none(),
        required=False,
        empty_label="Not from one session",
    )

    def __init__(self, *args: Any, appointments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["appointment"]
        assert isinstance(field, forms.ModelChoiceField)
        if appointments is not None:
            field.queryset = appointments
        field.label_from_instance = _session_label  # type: ignore[method-assign,assignment]


def _session_label(appointment: Appointment) -> str:
    return f"{timezone.localtime(appointment.starts_at):%a %d %b %Y, %H:%M}"


class SectionsForm(forms.Form):
    warning_signs = forms.CharField(
        label="Warning signs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: thoughts, feelings, behaviours that show things getting harder.",
    )
    strategies = forms.CharField(
        label="Coping strategies",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line: what helps, in the client's words.",
    )
    lapse_plan = forms.CharField(
        label="If I lapse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the client does after a lapse, so that a lapse does not become a relapse.",
    )


class ContactForm(forms.Form):
    name = forms.CharField(required=False, max_length=120)
    phone = forms.CharField(required=False, max_length=40)
    note = forms.CharField(
        label="Who they are", required=False, max_length=120, help_text="e.g. sponsor, sister"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("name") and not data.get("phone"):
            self.add_error("phone", "Give a phone number for this person.")
        if data.get("phone") and not data.get("name"):
            self.add_error("name", "Say whose number this is.")
        return data


ContactFormSet = forms.formset_factory(ContactForm, extra=2)


def contacts_from(formset: Any) -> list[dict[str, str]]:
    return [
        {
            "name": f.cleaned_data["name"],
            "phone": f.cleaned_data["phone"],
            "note": f.cleaned_data.get("note", ""),
        }
        for f in formset.forms
        if f.cleaned_data.get("name")
    ]


class DisclosureForm(forms.Form):
    recipient = forms.CharField(
        max_length=200, initial="the client", help_text="Who receives the printed plan."
    )
    purpose = forms.CharField(
        max_length=200, initial="the client's copy of their plan", help_text="Why it leaves."
    )
