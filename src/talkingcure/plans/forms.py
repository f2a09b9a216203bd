from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from talkingcure.plans.models import DiagnosisCode, DischargeSummary, PlanVersion

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATE_ERRORS = {"invalid": "Enter a real date as YYYY-MM-DD, for example 2026-03-01."}


class PlanForm(forms.Form):
    problems = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The problems treatment addresses, one per line.",
    )
    diagnoses = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="From the centre's code list.",
    )
    interventions = forms.CharField(
        label="Planned interventions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: weekly 50-minute psychodynamic psychotherapy.",
    )
    review_on = forms.DateField(
        label="Next review", required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )

    def __init__(self, *args: Any, cited: list[dict[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = {
            c.code: f"{c.code} {c.description}" for c in DiagnosisCode.objects.filter(active=True)
        }
        for item in cited or []:  # codes already in the plan stay choosable
            choices.setdefault(item["code"], f"{item['code']} {item['description']}")
        field = self.fields["diagnoses"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = sorted(choices.items())
        if not choices:
            field.help_text = "The centre has not loaded a code list yet (an administrator does)."

    def clean_review_on(self) -> datetime.date | None:
        review_on: datetime.date | None = self.cleaned_data.get("review_on")
        if review_on is not None and review_on < timezone.localdate():
            raise forms.ValidationError("The review date is in the past; choose today or later.")
        return review_on

    def diagnoses_with_descriptions(self, cited: list[dict[str, str]]) -> list[dict[str, str]]:
        known = {item["code"]: item["description"] for item in cited}
        known.update(
            DiagnosisCode.objects.filter(code__in=self.cleaned_data["diagnoses"]).values_list(
                "code", "description"
            )
        )
        return [{"code": c, "description": known[c]} for c in self.cleaned_data["diagnoses"]]


class GoalForm(forms.Form):
    goal = forms.CharField(required=False, max_length=500)
    target = forms.CharField(
        label="Measurable target",
        required=False,
        max_length=500,
        help_text="For example: PHQ-9 below 10 on two consecutive measurements.",
    )
    by = forms.DateField(
        label="Target date", required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("goal") and not data.get("target"):
            self.add_error("target", "Give a measurable target for this goal.")
        if data.get("target") and not data.get("goal"):
            self.add_error("goal", "Say which goal this target measures.")
        return data


GoalFormSet = forms.formset_factory(GoalForm, extra=2)


def goals_initial(version: PlanVersion) -> list[dict[str, str]]:
    return [dict(g) for g in version.goals or []]


def goals_from(formset: Any) -> list[dict[str, str]]:
    goals = []
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("goal"):
            by = data.get("by")
            goals.append(
                {"goal": data["goal"], "target": data["target"], "by": by.isoformat() if by else ""}
            )
    return goals


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(
        label="Date of discharge", required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    reason = forms.CharField(
        label="Reason for discharge", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    course = forms.CharField(
        label="Course of treatment", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    outcome = forms.CharField(
        label="Outcome against the plan's goals",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    aftercare = forms.CharField(
        label="Aftercare and referrals", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_discharged_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("discharged_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError("The discharge date is in the future.")
        return day

    def apply(self, summary: DischargeSummary) -> None:
        for name in DischargeSummary.CONTENT_FIELDS:
            value = self.cleaned_data[name]
            setattr(summary, name, value if value is not None else None)


class CodeListForm(forms.Form):
    csv_file = forms.FileField(
        label="Code list (CSV)",
        help_text="UTF-8 CSV with a header row: code,description[,active]. See docs/records.md.",
    )
