"""Template helpers of the insight page: turns with their evidence highlighted, findings.

The repeated parts of the page (hundreds of turns, up to a couple of hundred findings) are built
here rather than in the template: the template engine's per-variable cost made the page of a
50-minute session miss its time budget (benchmarks/insight_results.md). Every value is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as _html_escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe

from talkingcure.insights.insight_page import (
    EvidenceView,
    FindingView,
    Label,
    Mark,
    Segment,
    TurnView,
)

register = template.Library()


def escape(value: object) -> str:
    """HTML-escape a value (quotes included); the standard library's, without Django's lazy
    wrapper, which costs more than the escaping here."""
    return _html_escape(str(value), quote=True)


def _common_prefix(left: Sequence[Mark], right: Sequence[Mark]) -> int:
    n = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        n += 1
    return n


def _open(mark: Mark, seen: set[str]) -> str:
    anchor = "" if mark.anchor in seen else f' id="{escape(mark.anchor)}"'
    seen.add(mark.anchor)
    return f'<mark{anchor} class="evidence group-{escape(mark.group)}">'


@register.filter
def evidence_html(segments: Sequence[Segment]) -> SafeString:
    """The segments as escaped text in nested ``<mark>`` elements.

    Marks shared with the previous segment stay open; the others close and open, so contained
    spans nest and crossing spans are split. The ``id`` goes on a span's first piece only.
    """
    return mark_safe(_evidence(segments))  # noqa: S308  (every piece is escaped)


def _evidence(segments: Sequence[Segment]) -> str:
    parts: list[str] = []
    stack: list[Mark] = []
    seen: set[str] = set()
    for segment in segments:
        keep = _common_prefix(stack, segment.marks)
        parts.append("</mark>" * (len(stack) - keep))
        stack = list(segment.marks)
        parts.extend(_open(mark, seen) for mark in segment.marks[keep:])
        parts.append(escape(segment.text))
    parts.append("</mark>" * len(stack))
    return "".join(parts)


def _label(label: Label) -> str:
    candidate = ' <span class="candidate">candidate</span>' if label.candidate else ""
    return (
        f'<li class="label group-{escape(label.group)}">{escape(label.name)} '
        f'<span class="label-score">{score(label.score)}</span>{candidate}</li>'
    )


def _turn(turn: TurnView) -> str:
    speaker = ""
    if turn.speaker and turn.speaker.lower() != turn.role:
        speaker = f" ({escape(turn.speaker)})"
    head = (
        f'<p class="turn-head"><span class="turn-number">Turn {turn.index}</span> · '
        f"{escape(turn.role or 'speaker')}{speaker}{f' · {turn.at}' if turn.at else ''}</p>"
    )
    labels = ""
    if turn.labels:
        items = "".join(_label(label) for label in turn.labels)
        labels = f'<ul class="labels" aria-label="Labels">{items}</ul>'
    emotions = ""
    if turn.emotions:
        listed = ", ".join(f"{escape(name)} {score(value)}" for name, value in turn.emotions)
        intensity = f" · intensity {score(turn.intensity)}" if turn.intensity is not None else ""
        emotions = f'<p class="emotions">Emotions: {listed}{intensity}</p>'
    if turn.has_text:
        text = f'<p class="turn-text">{_evidence(turn.segments)}</p>'
    else:
        text = '<p class="not-assessed">Words removed.</p>'
    return (
        f'<li id="turn-{turn.index}" class="turn role-{escape(turn.role)}">'
        f"{head}{labels}{emotions}{text}</li>"
    )


@register.filter
def transcript_html(turns: Sequence[TurnView]) -> SafeString:
    """The transcript's turns as ``<li id="turn-N">`` items: head, labels, emotions, text."""
    return mark_safe("\n".join(_turn(turn) for turn in turns))  # noqa: S308


@register.filter
def percent(value: object) -> str:
    """0.3045 -> "30%"; anything else -> "-"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value * 100:.0f}%"
    return "-"


@register.filter
def score(value: object) -> str:
    """A score with two decimals, or "-"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.2f}"
    return "-"


def _when(value: Any) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(dateformat.format(value, "j M Y, H:i"))


def _evidence_item(item: EvidenceView) -> str:
    if item.quote:
        link = f'<a href="{escape(item.href)}">&ldquo;{escape(item.quote)}&rdquo;</a>'
    else:
        link = f'<a href="{escape(item.href)}"><span class="not-assessed">quote removed</span></a>'
    where = f"turn {item.turn}"
    if item.start is not None:
        where += f", characters {item.start}-{item.end}"
    return f'<li>{link} <span class="help">{where}</span></li>'


def _mark_wrong(finding: FindingView, action: str, csrf: str, notes: bool) -> str:
    key = escape(finding.key)
    if finding.marked_wrong_by:
        note = f": {escape(finding.marked_wrong_note)}" if finding.marked_wrong_note else ""
        return (
            f'<p class="marked-wrong-note">Marked wrong by {escape(finding.marked_wrong_by)} '
            f"on {_when(finding.marked_wrong_on)}{note}</p>"
        )
    note_field = (
        f'<label for="note-{key}">Why (optional)</label><input type="text" id="note-{key}" '
        'name="note" maxlength="2000" autocomplete="off">'
        if notes
        else ""
    )
    return (
        f'<form method="post" action="{escape(action)}" class="mark-wrong">{csrf}'
        f'<input type="hidden" name="key" value="{key}">{note_field}'
        '<button type="submit" class="secondary">Mark wrong</button></form>'
    )


def _finding(finding: FindingView, action: str, csrf: str, notes: bool) -> str:
    marked = " marked-wrong" if finding.marked_wrong_by else ""
    candidate = ' <span class="tag candidate">candidate</span>' if finding.candidate else ""
    turns = ", ".join(f'<a href="#turn-{t}">{t}</a>' for t in finding.turns)
    plural = "" if len(finding.turns) == 1 else "s"
    head = (
        f'<p class="finding-head"><strong>{escape(finding.kind)}</strong> '
        f'<span class="tag">{escape(finding.group_title)}</span>{candidate} '
        f"turn{plural} {turns} · score {score(finding.score)} · "
        f'<span class="detector">{escape(finding.detector)}</span></p>'
    )
    explanation = (
        f'<p class="help">{escape(finding.explanation)}</p>' if finding.explanation else ""
    )
    evidence = ""
    if finding.evidence:
        items = "".join(_evidence_item(item) for item in finding.evidence)
        evidence = f'<ul class="evidence-list">{items}</ul>'
    return (
        f'<li id="finding-{escape(finding.key)}" class="finding group-{escape(finding.group)}'
        f'{marked}">{head}{explanation}{evidence}{_mark_wrong(finding, action, csrf, notes)}'
        "\n</li>"
    )


@register.simple_tag(takes_context=True)
def findings_html(context: Any, findings: Sequence[FindingView]) -> SafeString:
    """Findings as ``<li id="finding-KEY">`` items, each with its evidence links and either a
    "Mark wrong" form (CSRF token, the page's filter kept) or who marked it wrong and when."""
    client, appointment, transcript = (
        context["client"],
        context["appointment"],
        context["transcript"],
    )
    action = reverse(
        "insights:mark_wrong",
        args=[client.public_id, appointment.public_id, transcript.public_id],
    )
    if context.get("filter_query"):
        action += f"?{context['filter_query']}"
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
        if token
        else ""
    )
    notes = not transcript.is_deleted  # no new words once the transcript is deleted
    html = "\n".join(_finding(f, action, csrf, notes) for f in findings)
    return mark_safe(html)  # noqa: S308  (every value is escaped)
