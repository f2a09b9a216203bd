from __future__ import annotations

from django import forms


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
