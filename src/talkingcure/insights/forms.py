"""The upload form: a transcript file in one of the engine's formats, or pasted text."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms

from talkingcure.analysis.readers.decoding import decode_bytes
from talkingcure.analysis.readers.errors import TranscriptError
from talkingcure.insights.models import TranscriptFormat

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # a 50-minute session is well under 100 KB
EXTENSIONS = {f".{value}": value for value in TranscriptFormat.values}


class TranscriptForm(forms.Form):
    file = forms.FileField(
        required=False,
        label="Transcript file",
        help_text="A .txt, .json, .vtt or .srt file, at most 2 MB.",
    )
    text = forms.CharField(
        required=False,
        label="Or paste the transcript",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text='One turn per line, each starting with the speaker: "T: ...", "C: ...".',
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        text = (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("Upload a file or paste text, not both.")
        if not upload and not text:
            raise forms.ValidationError("Upload a transcript file or paste the transcript text.")
        if upload:
            data.update(self._read_upload(upload))
        else:
            if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
                raise forms.ValidationError("The pasted text is larger than 2 MB.")
            data.update({"content": text, "fmt": TranscriptFormat.TEXT, "filename": None})
        return data

    def _read_upload(self, upload: Any) -> dict[str, Any]:
        name = PurePath(str(upload.name)).name
        fmt = EXTENSIONS.get(PurePath(name).suffix.lower())
        if fmt is None:
            raise forms.ValidationError(
                {"file": "Use a .txt, .json, .vtt or .srt file (the engine's formats)."}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError({"file": "The file is larger than 2 MB."})
        try:
            content, _encoding = decode_bytes(upload.read(), file=name)
        except TranscriptError as exc:
            raise forms.ValidationError({"file": str(exc)}) from exc
        return {"content": content, "fmt": fmt, "filename": name}


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Why are you deleting this transcript?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept, encrypted, with the deletion; the audit log records who and when.",
    )
