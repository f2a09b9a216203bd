"""The session insight page as plain data: what the template shows, built from an engine result.

:func:`build_page` takes a finished analysis' result (schema ``talkingcure.analysis/1``), its
corrections and the filter the therapist chose, and returns an :class:`InsightPage`: the risk
findings (always, whatever the filter), the other findings, the therapist's added findings,
the summary panel and the transcript turns. Each turn's text is split by :func:`split_segments`
into segments, each carrying the evidence spans (:class:`Mark`) that cover it, outermost first,
so that overlapping spans nest or split and concatenating the segments gives back the turn
text exactly. After the transcript was deleted the result has no ``text`` or ``quote`` keys:
the page keeps turn numbers, labels, scores and findings, without a word.

No Django here except reading the corrections' attributes: the module is unit-testable.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from talkingcure.insights.findings import (
    GROUPS,
    GROUPS_BY_NAME,
    OTHER,
    group_of_label,
    keyed_findings,
)

_group_of_label = functools.lru_cache(maxsize=2048)(group_of_label)  # a few dozen label names

RISK = "risk"
EMOTIONS = "emotions"
EMOTION_SHOWN = 0.3  # a turn's emotion scores below this are not listed under the turn
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 160, 28


class CorrectionLike(Protocol):
    """What the page reads of a :class:`~talkingcure.insights.models.Correction`."""

    action: str
    finding: Any
    note: str | None
    author: Any
    created_at: Any


@dataclass(frozen=True)
class Mark:
    """One evidence span in a turn: its anchor (``ev-<key>-<i>``) and filter group."""

    anchor: str
    group: str


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    mark: Mark


@dataclass(frozen=True)
class Segment:
    """A stretch of a turn's text and the evidence marks covering it, outermost first."""

    text: str
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Label:
    name: str
    score: float
    group: str
    candidate: bool


@dataclass
class TurnView:
    index: int
    role: str
    speaker: str
    at: str  # "mm:ss" from the session start, or ""
    labels: list[Label]
    emotions: list[tuple[str, float]]
    intensity: float | None
    segments: list[Segment]
    has_text: bool


@dataclass(frozen=True)
class EvidenceView:
    turn: int
    start: int | None
    end: int | None
    quote: str | None
    href: str  # "#ev-<key>-<i>" when highlighted in the transcript, else "#turn-N"


@dataclass
class FindingView:
    key: str
    kind: str
    group: str
    group_title: str
    turns: list[int]
    score: float | None
    detector: str
    candidate: bool
    explanation: str | None
    evidence: list[EvidenceView]
    marked_wrong_by: str | None = None
    marked_wrong_on: Any = None
    marked_wrong_note: str | None = None


@dataclass
class AddedView:
    key: str
    group: str
    group_title: str
    turn: int
    start: int | None
    end: int | None
    quote: str | None
    href: str
    note: str | None
    author: str
    created_at: Any


@dataclass(frozen=True)
class GroupChoice:
    name: str
    title: str
    checked: bool


@dataclass
class ArcChart:
    """The emotional arc by fifths of the session: numbers for the table, points for the SVG."""

    rows: list[dict[str, Any]]
    negative_points: str
    positive_points: str
    dots: list[dict[str, Any]]
    axis_ticks: list[dict[str, Any]]
    y_ticks: list[dict[str, Any]]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = CHART_PAD
    right: int = CHART_WIDTH - CHART_PAD
    y_label_x: int = CHART_PAD - 4
    x_label_y: int = CHART_HEIGHT - 8


@dataclass
class Summary:
    speakers: list[dict[str, Any]]
    questions: dict[str, Any] | None
    arc: ArcChart | None
    profile: list[dict[str, Any]]


@dataclass
class InsightPage:
    risk: list[FindingView]
    findings: list[FindingView]
    added: list[AddedView]
    orphaned_wrong: list[dict[str, Any]]
    turns: list[TurnView]
    summary: Summary
    groups: list[GroupChoice]
    filtered: bool
    words_removed: bool
    not_detected: list[str]
    risk_not_detected: list[str]
    turn_count: int = 0
    finding_count: int = 0
    findings_hidden: int = 0


def split_segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Split ``text`` at every span edge; each segment lists the spans covering it.

    Spans outside the text or empty are ignored. Marks are ordered outermost first (earlier
    start, then longer, then by anchor), the same order in every segment, so a renderer that
    keeps the common prefix open nests contained spans and splits crossing ones.
    """
    valid = sorted(
        (s for s in spans if 0 <= s.start < s.end <= len(text)),
        key=lambda s: (s.start, -s.end, s.mark.anchor),
    )
    edges = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    segments = []
    for left, right in itertools.pairwise(edges):
        covering = tuple(s.mark for s in valid if s.start <= left and right <= s.end)
        segments.append(Segment(text[left:right], covering))
    return segments


def selected_groups(requested: Iterable[str]) -> set[str] | None:
    """The known group names among ``requested``; None (no filter) when there are none."""
    chosen = {name for name in requested if name in GROUPS_BY_NAME}
    return chosen or None


def _visible(group: str, selected: Collection[str] | None) -> bool:
    return selected is None or group == RISK or group in selected


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _clock(seconds: Any) -> str:
    if not isinstance(seconds, int | float):
        return ""
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


class _Highlighter:
    """Collects the evidence spans to highlight, per turn, and answers where a quote links."""

    def __init__(self, turns: Sequence[dict[str, Any]]) -> None:
        self.texts = {i: t["text"] for i, t in enumerate(turns) if isinstance(t.get("text"), str)}
        self.spans: dict[int, list[Span]] = {}
        self.anchors: set[str] = set()

    def add(self, item: dict[str, Any], anchor: str, group: str) -> str:
        turn, start, end = _as_int(item.get("turn")), item.get("start"), item.get("end")
        text = self.texts.get(turn) if turn is not None else None
        fits = (
            text is not None
            and isinstance(start, int)
            and isinstance(end, int)
            and 0 <= start < end <= len(text)
        )
        if not fits or anchor in self.anchors:
            return f"#turn-{turn}" if turn is not None else ""
        assert turn is not None and isinstance(start, int) and isinstance(end, int)
        self.anchors.add(anchor)
        self.spans.setdefault(turn, []).append(Span(start, end, Mark(anchor, group)))
        return f"#{anchor}"


def _evidence(finding: dict[str, Any], highlighter: _Highlighter | None) -> list[EvidenceView]:
    views = []
    for i, item in enumerate(finding.get("evidence") or []):
        turn = _as_int(item.get("turn"))
        if turn is None:
            continue
        anchor = f"ev-{finding['key']}-{i}"
        href = highlighter.add(item, anchor, finding["group"]) if highlighter else f"#turn-{turn}"
        views.append(
            EvidenceView(
                turn, _as_int(item.get("start")), _as_int(item.get("end")), item.get("quote"), href
            )
        )
    return views


def _finding_view(
    finding: dict[str, Any],
    highlighter: _Highlighter | None,
    wrong: dict[str, CorrectionLike],
) -> FindingView:
    group = finding["group"]
    view = FindingView(
        key=finding["key"],
        kind=str(finding.get("kind", "")),
        group=group,
        group_title=GROUPS_BY_NAME[group].title if group in GROUPS_BY_NAME else "Other",
        turns=[t for t in finding.get("turns") or [] if isinstance(t, int)],
        score=finding.get("score"),
        detector=str(finding.get("detector") or ""),
        candidate=bool(finding.get("candidate")),
        explanation=finding.get("explanation"),
        evidence=_evidence(finding, highlighter),
    )
    correction = wrong.get(view.key)
    if correction is not None:
        view.marked_wrong_by = str(correction.author)
        view.marked_wrong_on = correction.created_at
        view.marked_wrong_note = correction.note
    return view


def _added_view(correction: CorrectionLike, highlighter: _Highlighter) -> AddedView:
    finding = correction.finding
    group = str(finding.get("group", OTHER))
    item = (finding.get("evidence") or [{}])[0]
    turn = _as_int(item.get("turn"))
    if turn is None:
        turn = (finding.get("turns") or [0])[0]
    href = highlighter.add(item, f"ev-{finding['key']}-0", group)
    return AddedView(
        key=finding["key"],
        group=group,
        group_title=GROUPS_BY_NAME[group].title if group in GROUPS_BY_NAME else "Other",
        turn=turn,
        start=_as_int(item.get("start")),
        end=_as_int(item.get("end")),
        quote=item.get("quote"),
        href=href or f"#turn-{turn}",
        note=correction.note,
        author=str(correction.author),
        created_at=correction.created_at,
    )


def _labels(turn: dict[str, Any], candidates: Collection[str], selected: Any) -> list[Label]:
    labels = []
    for name, score in (turn.get("labels") or {}).items():
        group = _group_of_label(name)
        if selected is not None and group != RISK and group not in selected:
            continue
        labels.append(Label(name, score, group, name in candidates))
    return sorted(labels, key=lambda label: (label.group != RISK, -label.score, label.name))


def _turn_view(
    turn: dict[str, Any],
    index: int,
    spans: list[Span],
    candidates: Collection[str],
    selected: Collection[str] | None,
) -> TurnView:
    text = turn.get("text")
    emotions: list[tuple[str, float]] = []
    if _visible(EMOTIONS, selected):
        emotions = sorted(
            (
                (name, score)
                for name, score in (turn.get("emotions") or {}).items()
                if isinstance(score, int | float) and score >= EMOTION_SHOWN
            ),
            key=lambda pair: -pair[1],
        )
    number = _as_int(turn.get("index"))
    return TurnView(
        index=index if number is None else number,
        role=str(turn.get("role") or ""),
        speaker=str(turn.get("speaker") or ""),
        at=_clock(turn.get("start")),
        labels=_labels(turn, candidates, selected),
        emotions=emotions,
        intensity=turn.get("intensity") if _visible(EMOTIONS, selected) else None,
        segments=split_segments(text, spans) if isinstance(text, str) else [],
        has_text=isinstance(text, str),
    )


def _speakers(summary: dict[str, Any]) -> list[dict[str, Any]]:
    speakers = summary.get("speakers")
    if not isinstance(speakers, dict):
        return []
    rows = []
    for name, stats in speakers.items():
        if isinstance(stats, dict):
            rows.append({"name": name, **stats})
    return rows


def _points(pairs: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in pairs)


def arc_chart(arc: dict[str, Any] | None) -> ArcChart | None:
    """The emotional arc's fifths as table rows and as SVG polyline points (0-1 on the y axis)."""
    fifths = [f for f in (arc or {}).get("fifths") or [] if isinstance(f, dict)]
    if not fifths:
        return None
    inner_w = CHART_WIDTH - 2 * CHART_PAD
    inner_h = CHART_HEIGHT - 2 * CHART_PAD
    step = inner_w / max(1, len(fifths) - 1)

    def point(i: int, value: Any) -> tuple[float, float]:
        share = float(value) if isinstance(value, int | float) else 0.0
        return round(CHART_PAD + i * step, 1), round(CHART_PAD + (1 - share) * inner_h, 1)

    dots = []
    for i, fifth in enumerate(fifths):
        for series in ("negative", "positive"):
            x, y = point(i, fifth.get(series))
            dots.append({"x": x, "y": y, "series": series})
    return ArcChart(
        rows=fifths,
        negative_points=_points(point(i, f.get("negative")) for i, f in enumerate(fifths)),
        positive_points=_points(point(i, f.get("positive")) for i, f in enumerate(fifths)),
        dots=dots,
        axis_ticks=[
            {"x": point(i, 0)[0], "label": str(f.get("fifth", i + 1))} for i, f in enumerate(fifths)
        ],
        y_ticks=[{"y": point(0, share)[1], "label": f"{share:.0%}"} for share in (0, 0.5, 1)],
    )


def _summary(result: dict[str, Any]) -> Summary:
    summary = result.get("summary") or {}
    questions = summary.get("questions")
    profile = [p for p in summary.get("profile") or [] if isinstance(p, dict)]
    return Summary(
        speakers=_speakers(summary),
        questions=questions if isinstance(questions, dict) else None,
        arc=arc_chart(summary.get("emotional_arc")),
        profile=profile,
    )


def _not_detected(result: dict[str, Any]) -> tuple[list[str], list[str]]:
    risk: list[str] = []
    other: list[str] = []
    for item in result.get("not_detected") or []:
        if not isinstance(item, dict) or not item.get("statement"):
            continue
        label = str(item.get("label", ""))
        line = f"{label}: {item['statement']}"
        is_risk = label.startswith("risk") or "risk" in str(item.get("detector", ""))
        (risk if is_risk else other).append(line)
    return risk, other


def build_page(
    result: dict[str, Any],
    corrections: Iterable[CorrectionLike] = (),
    selected: Collection[str] | None = None,
) -> InsightPage:
    """The insight page of a finished analysis ``result``, filtered to ``selected`` groups.

    Risk findings and risk labels are shown whatever the filter. ``selected=None`` shows all.
    """
    turns_data = [t for t in result.get("turns") or [] if isinstance(t, dict)]
    highlighter = _Highlighter(turns_data)
    corrections = list(corrections)
    wrong = {c.finding.get("key"): c for c in corrections if c.action == "wrong"}
    all_findings = keyed_findings(result)
    shown = [f for f in all_findings if _visible(f["group"], selected)]
    views = [_finding_view(f, highlighter, wrong) for f in shown]
    current_keys = {f["key"] for f in all_findings}
    added = [
        _added_view(c, highlighter)
        for c in corrections
        if c.action == "added" and _visible(str(c.finding.get("group")), selected)
    ]
    candidates = set(result.get("candidate_labels") or [])
    risk_nd, other_nd = _not_detected(result)
    page = InsightPage(
        risk=[v for v in views if v.group == RISK],
        findings=[v for v in views if v.group != RISK],
        added=added,
        orphaned_wrong=[
            {"finding": c.finding, "author": str(c.author), "created_at": c.created_at}
            for key, c in wrong.items()
            if key not in current_keys
        ],
        turns=[
            _turn_view(t, i, highlighter.spans.get(i, []), candidates, selected)
            for i, t in enumerate(turns_data)
        ],
        summary=_summary(result),
        groups=[
            GroupChoice(g.name, g.title, selected is not None and g.name in selected)
            for g in GROUPS
        ],
        filtered=selected is not None,
        words_removed=bool(result.get("words_removed")),
        not_detected=other_nd,
        risk_not_detected=risk_nd,
    )
    page.turn_count = len(page.turns)
    page.finding_count = len(all_findings)
    page.findings_hidden = len(all_findings) - len(shown)
    return page
