"""Forms for booking and changing sessions; the booking rules live in booking.py."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from talkingcure.clients.models import Client
from talkingcure.scheduling.models import DEFAULT_SESSION_MINUTES, Appointment, BillingCode, Room
from talkingcure.scheduling.zones import clinic_zone, local_start, zone

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
ZONE_HELP = "An IANA name such as Europe/London or America/New_York."
FALL_BACK_HELP = (
    "A time that happens twice when the clocks go back is taken as its first occurrence; "
    "a time skipped when they go forward is refused."
)


class ClientChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def _room_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Room.objects.filter(active=True),
        required=False,
        empty_label="No room",
        to_field_name="public_id",
    )


def _zone_name(value: str) -> str:
    value = (value or "").strip()
    if value:
        zone(value)
    return value


class _ClientFormMixin:
    fields: dict[str, Any]

    def limit_clients(self, clients: QuerySet[Client]) -> None:
        self.fields["client"].queryset = clients


class SeriesForm(_ClientFormMixin, forms.Form):
    client = ClientChoice(queryset=Client.objects.none(), to_field_name="public_id")
    room = _room_field()
    starts_on = forms.DateField(label="First week from", widget=DATE)
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Day of the week")
    local_time = forms.TimeField(label="Local time", widget=TIME, help_text=FALL_BACK_HELP)
    minutes = forms.IntegerField(
        initial=DEFAULT_SESSION_MINUTES, label="Length in minutes", help_text="45 to 60."
    )
    time_zone = forms.CharField(
        max_length=64, label="Time zone of the session", help_text=ZONE_HELP
    )
    ends_on = forms.DateField(required=False, label="Last date", widget=DATE)
    count = forms.IntegerField(
        required=False,
        label="Or: number of sessions",
        help_text="Give a last date or a number of sessions.",
    )
    client_time_zone = forms.CharField(
        max_length=64,
        required=False,
        label="Client's time zone, if different",
        help_text=ZONE_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = clinic_zone().key

    def clean_time_zone(self) -> str:
        return _zone_name(self.cleaned_data["time_zone"]) or clinic_zone().key

    def clean_client_time_zone(self) -> str:
        return _zone_name(self.cleaned_data["client_time_zone"])


class _SlotForm(forms.Form):
    """A date with a local start and end time in the clinic's time zone."""

    day = forms.DateField(label="Date", widget=DATE)
    start = forms.TimeField(label="Start", widget=TIME, help_text=FALL_BACK_HELP)
    end = forms.TimeField(label="End", widget=TIME)
    room = _room_field()

    def slot(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware start and end; raises ValidationError for a time in a DST gap."""
        data = self.cleaned_data
        tz = clinic_zone()
        return local_start(data["day"], data["start"], tz), local_start(
            data["day"], data["end"], tz
        )


class SingleSessionForm(_ClientFormMixin, _SlotForm):
    client = ClientChoice(queryset=Client.objects.none(), to_field_name="public_id")
    client_time_zone = forms.CharField(
        max_length=64,
        required=False,
        label="Client's time zone, if different",
        help_text=ZONE_HELP,
    )
    field_order = ["client", "day", "start", "end", "room", "client_time_zone"]

    def clean_client_time_zone(self) -> str:
        return _zone_name(self.cleaned_data["client_time_zone"])


class MoveForm(_SlotForm):
    pass


class EndSeriesForm(forms.Form):
    last_day = forms.DateField(
        label="Last session on or before",
        widget=DATE,
        help_text="Later sessions still booked are removed; held and cancelled ones stay.",
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Appointment.Status.CANCELLED, "Cancelled in good time"),
            (Appointment.Status.LATE_CANCELLED, "Late cancellation"),
            (Appointment.Status.MISSED, "No-show (did not attend)"),
        ],
        widget=forms.RadioSelect,
        label="What happened",
    )


class HeldForm(forms.Form):
    day = forms.DateField(label="Date", widget=DATE)
    started = forms.TimeField(label="Actual start", widget=TIME)
    ended = forms.TimeField(label="Actual end", widget=TIME)

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        data = self.cleaned_data
        tz = clinic_zone()
        return (
            local_start(data["day"], data["started"], tz),
            local_start(data["day"], data["ended"], tz),
        )


class BillingConfirmForm(forms.Form):
    code = forms.ChoiceField(label="Billing code", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = [
            (c.code, f"{c.code}: {c.description}") for c in BillingCode.objects.filter(active=True)
        ]
        field = self.fields["code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [*codes, ("", "No billing code")]


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name", "active"]


class BillingCodeForm(forms.ModelForm):
    class Meta:
        model = BillingCode
        fields = ["code", "description", "min_minutes", "max_minutes", "active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_minutes"), data.get("max_minutes")
        if low is not None and high is not None and high < low:
            raise ValidationError(
                f"The band ends ({high} minutes) before it starts ({low} minutes)."
            )
        return data
