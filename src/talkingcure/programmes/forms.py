from __future__ import annotations

from django import forms

from talkingcure.programmes.models import Programme


class ProgrammeForm(forms.ModelForm[Programme]):
    class Meta:
        model = Programme
        fields = ["name", "kind", "residential"]
        help_texts = {"kind": "Records of a substance-use programme fall under 42 CFR Part 2."}
