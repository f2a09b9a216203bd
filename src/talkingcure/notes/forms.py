from __future__ import annotations

from typing import Any

from django import forms

from talkingcure.notes.models import (
    RATING_MAX,
    RATING_MIN,
    TEXT_FIELDS,
    ProcessNote,
    ProgressNote,
    Reaction,
    Technique,
)

BLANK_HELP = "Leave blank if not assessed; it will show as \u201cnot assessed\u201d."
TEXTAREA = {"rows": 4}


class ProgressNoteForm(forms.Form):
    """The psychodynamic template. Every field optional and empty until the therapist writes."""

    techniques = forms.MultipleChoiceField(
        choices=Technique.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Techniques used",
        help_text="Tick none if not assessed.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in TEXT_FIELDS.items():
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                strip=True,
                max_length=20000,
                widget=forms.Textarea(attrs=TEXTAREA),
                help_text=BLANK_HELP,
            )
        self.order_fields(["presenting_material", "techniques", *TEXT_FIELDS])

    @classmethod
    def for_note(cls, note: ProgressNote, data: Any = None) -> ProgressNoteForm:
        initial = {name: value for name, value in note.content().items() if value}
        return cls(data, initial=initial)


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A dated later change or correction. It is added; nothing is replaced.",
        error_messages={"required": "The addendum is empty: write the later change or correction."},
    )


class ExportForm(forms.Form):
    recipient = forms.CharField(max_length=200, help_text="Who receives the note.")
    purpose = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


SCALE_ENDS = {RATING_MIN: f"{RATING_MIN} (not at all)", RATING_MAX: f"{RATING_MAX} (very much)"}
RATING_CHOICES = [("", "Not rated")] + [
    (str(n), SCALE_ENDS.get(n, str(n))) for n in range(RATING_MIN, RATING_MAX + 1)
]


class ProcessNoteForm(forms.Form):
    text = forms.CharField(
        label="Process note",
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Your own notes on the session. Only you see them unless you share them.",
    )
    reactions_text = forms.CharField(
        label="Your reactions, in your words",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared_with_supervisor = forms.BooleanField(
        label="Share this entry with my supervisor",
        required=False,
        help_text="Unticked, nobody but you can read it. It is never exported.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Reaction.choices:
            self.fields[f"rating_{value}"] = forms.TypedChoiceField(
                label=label,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )

    @classmethod
    def for_note(cls, note: ProcessNote | None, data: Any = None) -> ProcessNoteForm:
        initial: dict[str, Any] = {}
        if note is not None:
            initial = {
                "text": note.text or "",
                "reactions_text": note.reactions_text or "",
                "shared_with_supervisor": note.shared_with_supervisor,
            }
            initial |= {f"rating_{k}": str(v) for k, v in (note.ratings or {}).items()}
        return cls(data, initial=initial)

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[f"rating_{value}"] for value in Reaction.values]

    def ratings(self) -> dict[str, int] | None:
        chosen = {
            value: self.cleaned_data[f"rating_{value}"]
            for value in Reaction.values
            if self.cleaned_data.get(f"rating_{value}") is not None
        }
        return chosen or None
