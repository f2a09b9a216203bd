"""Corrections of an analysis by the treating therapist: mark a finding wrong, add one.

Both are kept as :class:`~talkingcure.insights.models.Correction` rows with who and when, and
are what ``talkingcure export corrections`` sends (de-identified, research consent only,
through the disclosure gate) to whoever improves the detectors.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from talkingcure.insights.findings import GROUPS_BY_NAME, finding_key, keyed_findings
from talkingcure.insights.models import Analysis, AnalysisStatus, Correction, CorrectionAction

MAX_NOTE = 2000


class CorrectionError(ValueError):
    """A correction that cannot be kept, with a message for the therapist."""


def _require_done(analysis: Analysis) -> dict[str, Any]:
    if analysis.status != AnalysisStatus.DONE or not analysis.result:
        raise CorrectionError("Only a finished analysis can be corrected.")
    return analysis.result


def _clean_note(note: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise CorrectionError(f"The note is longer than {MAX_NOTE} characters.")
    return note or None


def marked_wrong(analysis: Analysis) -> dict[str, Correction]:
    """The findings of ``analysis`` marked wrong, by finding key (the latest correction each)."""
    return {
        c.finding["key"]: c
        for c in analysis.corrections.all()
        if c.action == CorrectionAction.WRONG
    }


def mark_wrong(analysis: Analysis, key: str, *, author: Any, note: str | None = None) -> Correction:
    """Mark the engine finding with ``key`` wrong. Marking it again returns the first mark."""
    result = _require_done(analysis)
    finding = next((f for f in keyed_findings(result) if f["key"] == key), None)
    if finding is None:
        raise CorrectionError("This analysis has no such finding.")
    with transaction.atomic():
        Analysis.objects.select_for_update().get(pk=analysis.pk)
        existing = marked_wrong(analysis).get(key)
        if existing is not None:
            return existing
        snapshot = {
            name: finding.get(name)
            for name in ("key", "kind", "group", "detector", "turns", "score", "evidence")
        }
        snapshot["engine_version"] = analysis.engine_version
        return Correction.objects.create(
            analysis=analysis,
            action=CorrectionAction.WRONG,
            finding=snapshot,
            note=_clean_note(note),
            author=author,
            created_at=timezone.now(),
        )


def add_finding(
    analysis: Analysis,
    *,
    author: Any,
    group: str,
    turn: int,
    start: int | None = None,
    end: int | None = None,
    note: str | None = None,
) -> Correction:
    """Add a finding the therapist saw: a filter group, a turn, and optionally a span in it."""
    result = _require_done(analysis)
    if group not in GROUPS_BY_NAME:
        raise CorrectionError(f"Unknown kind of finding: {group!r}.")
    turns = result.get("turns") or []
    if not isinstance(turn, int) or not 0 <= turn < len(turns):
        raise CorrectionError(f"There is no turn {turn}; the turns run from 0 to {len(turns) - 1}.")
    text = turns[turn].get("text")
    if text is None:
        raise CorrectionError("The transcript was deleted: a finding can no longer be added.")
    start = 0 if start is None else start
    end = len(text) if end is None else end
    if not 0 <= start < end <= len(text):
        raise CorrectionError(
            f"The span {start}-{end} is not inside turn {turn} (0-{len(text)} characters)."
        )
    finding = {
        "kind": group,
        "group": group,
        "detector": None,
        "turns": [turn],
        "evidence": [{"turn": turn, "start": start, "end": end, "quote": text[start:end]}],
        "engine_version": analysis.engine_version,
    }
    finding["key"] = finding_key(finding)
    return Correction.objects.create(
        analysis=analysis,
        action=CorrectionAction.ADDED,
        finding=finding,
        note=_clean_note(note),
        author=author,
        created_at=timezone.now(),
    )


def strip_quotes(analysis: Analysis) -> None:
    """Remove the transcript's words from every correction of ``analysis`` (on deletion).

    The therapist's note goes too: it may quote the client.
    """
    from talkingcure.insights.service import strip_words

    for correction in analysis.corrections.all():
        correction.finding = strip_words(correction.finding)
        correction.note = None
        correction.save(update_fields=["finding", "note"])
