"""A signed progress note as a document for the record: the same blocks for text and PDF."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from talkingcure.notes.models import NOT_ASSESSED, ProgressNote


@dataclass(frozen=True)
class Block:
    heading: str
    body: str


def _when(value: object) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M %Z}" if value else ""  # type: ignore[arg-type]


def title(note: ProgressNote) -> str:
    return f"Progress note, session of {timezone.localtime(note.appointment.starts_at):%Y-%m-%d}"


def header(note: ProgressNote) -> list[tuple[str, str]]:
    appointment = note.appointment
    client = appointment.client
    rows = [
        ("Client", client.display_name + (" (synthetic record)" if client.synthetic else "")),
        ("Client identifier", str(client.public_id)),
        ("Session", f"{_when(appointment.starts_at)}, {appointment.minutes} minutes"),
        ("Clinician", str(note.author)),
        ("Status", note.get_status_display()),
        ("Signed", _when(note.signed_at) or "not signed"),
    ]
    if note.cosigned_by is not None:
        rows.append(("Co-signed", f"{note.cosigned_by}, {_when(note.cosigned_at)}"))
    return rows


def blocks(note: ProgressNote) -> list[Block]:
    found = [Block(heading, text or NOT_ASSESSED) for heading, text in note.sections()]
    for addendum in note.addenda.select_related("author"):
        found.append(
            Block(f"Addendum, {_when(addendum.written_at)}, by {addendum.author}", addendum.text)
        )
    return found


def as_text(note: ProgressNote, notice: str = "") -> str:
    lines = [title(note), "=" * len(title(note)), ""]
    lines += [f"{label}: {value}" for label, value in header(note)]
    for block in blocks(note):
        lines += ["", block.heading, "-" * len(block.heading), block.body]
    if notice:
        lines += ["", notice]
    return "\n".join(lines) + "\n"
