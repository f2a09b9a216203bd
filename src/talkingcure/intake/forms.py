from __future__ import annotations

from typing import Any

from django import forms

from talkingcure.clients.models import Concern
from talkingcure.intake.models import AgeBand, AskingFor, SafeNow, Status
from talkingcure.programmes.models import Programme

CONTACT_CHOICES = [("phone", "Phone call"), ("text", "Text message"), ("email", "E-mail")]
YES_NO = [("yes", "Yes"), ("no", "No")]


class InquiryForm(forms.Form):
    """The public form: the minimum we need to reach someone safely."""

    safe_now = forms.ChoiceField(
        label="Are you safe right now?", choices=SafeNow.choices, widget=forms.RadioSelect
    )
    asking_for = forms.ChoiceField(
        label="Who are you asking for?", choices=AskingFor.choices, widget=forms.RadioSelect
    )
    other_agreed = forms.CharField(
        label="If for someone else: what have they agreed to?",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    age_band = forms.ChoiceField(
        label="Age of the person who needs help", choices=AgeBand.choices, widget=forms.RadioSelect
    )
    concerns = forms.MultipleChoiceField(
        label="What are you struggling with?",
        choices=Concern.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label="Anything you want us to know (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    programme = forms.ModelChoiceField(
        label="Which programme are you asking about?",
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label="Not sure",
    )
    name = forms.CharField(label="What should we call you?", max_length=100, required=False)
    contact_by = forms.MultipleChoiceField(
        label="How may we contact you?",
        choices=CONTACT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    email = forms.EmailField(label="E-mail address", max_length=200, required=False)
    best_time = forms.CharField(
        label="When is it safe to contact you?", max_length=200, required=False
    )
    safe_to_leave_message = forms.ChoiceField(
        label="Is it safe to leave a message?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    consent_to_contact = forms.BooleanField(
        label="I agree that the centre may contact me in the way I chose above."
    )
    # Honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(required=False, label="Leave this empty")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ways = data.get("contact_by") or []
        if ("phone" in ways or "text" in ways) and not data.get("phone"):
            self.add_error("phone", "Give a phone number, or choose another way to reach you.")
        if "email" in ways and not data.get("email"):
            self.add_error("email", "Give an e-mail address, or choose another way to reach you.")
        return data


class PhoneInquiryForm(InquiryForm):
    """A coordinator logs a call or walk-in; no honeypot, and a source."""

    source = forms.ChoiceField(choices=[("phone", "Phone call"), ("walk_in", "Walk-in")])
    field_order = ["source"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["consent_to_contact"].label = "The person agreed to be contacted."


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[c for c in Status.choices if c[0] != Status.CONVERTED])
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    note = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ConversionForm(forms.Form):
    given_name = forms.CharField(max_length=100)
    family_name = forms.CharField(max_length=100)
    date_of_birth = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
    )
    clinician: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None)
    first_session = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter the date and time as YYYY-MM-DD HH:MM."},
    )
    not_a_duplicate = forms.BooleanField(
        required=False, label="I checked: this is not the existing client shown above."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from talkingcure.accounts.models import Role, User

        super().__init__(*args, **kwargs)
        clinicians = User.objects.filter(
            role__in=[Role.CLINICIAN, Role.SUPERVISOR], is_active=True
        ).order_by("last_name")
        field = self.fields["clinician"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = clinicians
