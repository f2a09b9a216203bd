"""The insight page's correction forms: mark a finding wrong, add a finding the therapist saw."""

from __future__ import annotations

from django import forms

from talkingcure.insights.corrections import MAX_NOTE
from talkingcure.insights.findings import GROUPS


class MarkWrongForm(forms.Form):
    key = forms.CharField(max_length=64, widget=forms.HiddenInput)
    note = forms.CharField(
        required=False,
        max_length=MAX_NOTE,
        label="Why (optional)",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class AddFindingForm(forms.Form):
    group = forms.ChoiceField(label="Kind", choices=[(g.name, g.title) for g in GROUPS])
    turn = forms.IntegerField(label="Turn number", min_value=0)
    start = forms.IntegerField(
        label="From character (optional)",
        required=False,
        min_value=0,
        help_text="Offsets into the turn's text; leave both empty for the whole turn.",
    )
    end = forms.IntegerField(label="To character (optional)", required=False, min_value=0)
    note = forms.CharField(
        required=False,
        max_length=MAX_NOTE,
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
