"""The progress note's life: draft, signed (locked), dated addenda, supervisor's co-signature.

Each function takes ``now`` so that tests control the clock. Refusals raise
:class:`NoteRefused` (or :class:`~talkingcure.notes.models.NoteLocked`) with a specific message,
and leave everything already saved as it was.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from talkingcure.accounts.models import User
from talkingcure.notes.models import CONTENT_FIELDS, Addendum, NoteLocked, NoteVersion, ProgressNote
from talkingcure.scheduling.models import Appointment

__all__ = ["NoteLocked", "NoteRefused", "add_addendum", "cosign", "save_draft", "sign", "start"]


class NoteRefused(ValueError):
    """An action on a note that is not allowed now, with the reason."""


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def start(
    appointment: Appointment, author: User, *, now: datetime.datetime | None = None
) -> ProgressNote:
    """The note of this held session, created empty (every field not assessed) if needed."""
    existing = ProgressNote.objects.filter(appointment=appointment).first()
    if existing is not None:
        return existing
    if appointment.status != Appointment.Status.ATTENDED:
        raise NoteRefused(
            "A progress note is written for a held session; this session is marked "
            f"'{appointment.get_status_display()}'."
        )
    if author.pk != appointment.clinician_id:
        raise NoteRefused("Only the session's clinician writes its progress note.")
    at = _now(now)
    return ProgressNote.objects.create(
        appointment=appointment, author=author, created_at=at, updated_at=at
    )


def _clean(name: str, value: Any) -> Any:
    """Blank means not assessed: store None, never an empty or default text."""
    if name == "techniques":
        chosen = [str(v) for v in value or [] if v]
        return chosen or None
    text = (value or "").strip()
    return text or None


@transaction.atomic
def save_draft(
    note: ProgressNote, by: User, data: dict[str, Any], *, now: datetime.datetime | None = None
) -> ProgressNote:
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if note.is_signed:
        raise NoteLocked(
            f"This note was signed on {note.signed_at:%Y-%m-%d %H:%M} and is locked; "
            "nothing was changed. Write a dated addendum instead."
        )
    if by.pk != note.author_id:
        raise NoteRefused("Only the note's author edits a draft.")
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(note, name, _clean(name, data[name]))
    note.updated_at = _now(now)
    note.save()
    _keep_version(note, by, NoteVersion.Kind.DRAFT, note.updated_at)
    return note


@transaction.atomic
def sign(note: ProgressNote, by: User, *, now: datetime.datetime | None = None) -> ProgressNote:
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if note.is_signed:
        raise NoteRefused(f"This note is already signed (on {note.signed_at:%Y-%m-%d %H:%M}).")
    if by.pk != note.author_id:
        raise NoteRefused("Only the note's author signs it.")
    if note.is_empty():
        raise NoteRefused(
            "Refused: every field of this note is 'not assessed'. Write what you assessed "
            "in at least one field before signing."
        )
    at = _now(now)
    note.status = ProgressNote.Status.SIGNED
    note.signed_at = at
    note.updated_at = at
    note.save()
    _keep_version(note, by, NoteVersion.Kind.SIGNED, at)
    return note


@transaction.atomic
def add_addendum(
    note: ProgressNote, by: User, text: str, *, now: datetime.datetime | None = None
) -> Addendum:
    note = ProgressNote.objects.get(pk=note.pk)
    if not note.is_signed:
        raise NoteRefused(
            "This note is still a draft: edit the draft instead of adding an addendum."
        )
    if by.pk != note.author_id and not is_supervisor_of(by, note.author):
        raise NoteRefused("Only the note's author or their supervisor adds an addendum.")
    cleaned = (text or "").strip()
    if not cleaned:
        raise NoteRefused("The addendum is empty: write the later change or correction.")
    return Addendum.objects.create(note=note, author=by, written_at=_now(now), text=cleaned)


@transaction.atomic
def cosign(note: ProgressNote, by: User, *, now: datetime.datetime | None = None) -> ProgressNote:
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if not note.is_signed:
        raise NoteRefused("The author has not signed this note yet; a co-signature follows theirs.")
    if not is_supervisor_of(by, note.author):
        raise NoteRefused("Only a supervisor of the note's author co-signs it.")
    if note.cosigned_by_id is not None:
        raise NoteRefused(f"This note is already co-signed (on {note.cosigned_at:%Y-%m-%d %H:%M}).")
    note.cosigned_by = by
    note.cosigned_at = _now(now)
    note.save(update_fields=["cosigned_by", "cosigned_at"])
    return note


def is_supervisor_of(user: Any, author: User) -> bool:
    return bool(getattr(user, "pk", None)) and author.supervisors.filter(pk=user.pk).exists()


def _keep_version(note: ProgressNote, by: User, kind: str, at: datetime.datetime) -> None:
    last = note.versions.order_by("-number").first()
    if last is not None and kind == NoteVersion.Kind.DRAFT and last.content == note.content():
        return  # saved without a change: nothing new to keep
    number = (last.number if last else 0) + 1
    NoteVersion.objects.create(
        note=note, number=number, kind=kind, saved_by=by, saved_at=at, content=note.content()
    )
