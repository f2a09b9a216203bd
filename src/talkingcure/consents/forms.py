from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from talkingcure.consents.models import ConsentKind

# Categories a Part 2 consent may cover (process notes, transcripts and analyses never leave).
PART2_CATEGORIES = [
    ("demographics", "Demographics"),
    ("contact", "Contact details"),
    ("programmes", "Programmes and enrolment"),
    ("appointments", "Appointments"),
    ("progress_notes", "Signed progress notes"),
    ("measures", "Questionnaire scores"),
    ("treatment_plan", "Treatment plan"),
]

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "Enter a real date as YYYY-MM-DD, for example 2026-11-27."}


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(choices=ConsentKind.choices)
    given_on = forms.DateField(widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    expires_on = forms.DateField(required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    recipient = forms.CharField(
        max_length=200,
        required=False,
        help_text="Part 2 only: to whom the records may be disclosed.",
    )
    purpose = forms.CharField(max_length=500, required=False, help_text="Part 2 only: why.")
    information = forms.CharField(
        max_length=500,
        required=False,
        help_text="Part 2 only: how much and what kind of information.",
    )
    signed_by = forms.CharField(
        max_length=200, required=False, help_text="Part 2 only: who signed the written consent."
    )
    categories = forms.MultipleChoiceField(
        choices=PART2_CATEGORIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Records it covers",
        help_text="Part 2 only: nothing outside these is released.",
    )

    def clean_given_on(self) -> datetime.date:
        given: datetime.date = self.cleaned_data["given_on"]
        if given > timezone.localdate():
            raise forms.ValidationError("A consent cannot be dated in the future.")
        return given

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given, expires = data.get("given_on"), data.get("expires_on")
        if given and expires and expires < given:
            self.add_error("expires_on", "The consent would expire before it was given.")
        if data.get("kind") == ConsentKind.PART2_DISCLOSURE:
            required = ("recipient", "purpose", "information", "signed_by", "expires_on")
            for name in (*required, "categories"):
                if not data.get(name):
                    self.add_error(name, "A written Part 2 consent must state this (42 CFR 2.31).")
        return data


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(widget=DATE_WIDGET, error_messages=DATE_ERRORS)
