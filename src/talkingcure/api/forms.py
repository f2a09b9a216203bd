from __future__ import annotations

from django import forms

from talkingcure.api.tokens import MAX_DAYS


class NewTokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label="Name",
        help_text='What the token is for, e.g. "session export script". No client names.',
    )
    days = forms.IntegerField(
        min_value=1,
        max_value=MAX_DAYS,
        initial=30,
        label="Valid for (days)",
        help_text=f"At most {MAX_DAYS} days; you can revoke it at any time.",
    )
