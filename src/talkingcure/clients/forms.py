from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from talkingcure.clients.models import Client, Concern, Sex
from talkingcure.programmes.models import Programme


class ExportForm(forms.Form):
    recipient = forms.CharField(max_length=200, help_text="Who receives the record.")
    purpose = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class BreakGlassForm(forms.Form):
    client_id = forms.UUIDField(label="Client identifier")
    reason = forms.CharField(
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why you need to read this record. Stored encrypted; the access is audited.",
    )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Enter a real date as YYYY-MM-DD, for example 1990-05-17."}


class ClientForm(forms.Form):
    """Identifiers, contact details and presenting concerns of a client."""

    given_name = forms.CharField(max_length=100)
    family_name = forms.CharField(max_length=100)
    date_of_birth = forms.DateField(required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    sex = forms.ChoiceField(
        choices=Sex.choices, initial=Sex.NOT_RECORDED, help_text="Some questionnaires score by sex."
    )
    gender_identity = forms.CharField(max_length=100, required=False)
    pronouns = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    emergency_contact = forms.CharField(
        max_length=200, required=False, help_text="Name and phone number."
    )
    guardian = forms.CharField(
        max_length=200, required=False, help_text="Required for a minor: name, relationship, phone."
    )
    concerns = forms.MultipleChoiceField(
        choices=Concern.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Presenting concerns",
    )
    concerns_other = forms.CharField(
        max_length=500, required=False, label="Other concerns, in your words"
    )

    def clean_date_of_birth(self) -> datetime.date | None:
        born: datetime.date | None = self.cleaned_data.get("date_of_birth")
        if born is not None and born > timezone.localdate():
            raise forms.ValidationError("The date of birth is in the future.")
        if born is not None and born.year < 1900:
            raise forms.ValidationError("The date of birth is before 1900: check the year.")
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = data.get("date_of_birth")
        if born and _age(born) < 18 and not data.get("guardian"):
            self.add_error("guardian", "The client is a minor: record a parent or guardian.")
        return data


def _age(born: datetime.date) -> int:
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Client.Status.choices)
    since = forms.DateField(widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the status changes (e.g. planned ending, moved away).",
    )


class EnrolmentForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.order_by("name"))
    started_on = forms.DateField(widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    ended_on = forms.DateField(required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "The end date is before the start date.")
        return data
