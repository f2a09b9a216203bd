"""How the therapist's countertransference ratings move across sessions, as an inline SVG.

Drawn on the server (no script, no third-party asset): one small panel per dimension, sessions
along the x axis, the 1-5 rating up the y axis; a session left "not rated" breaks the line.
The page pairs the chart with a data table holding the same values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.html import escape

from talkingcure.notes.models import RATING_MAX, RATING_MIN, Reaction

WIDTH = 680
LEFT = 215  # room for the dimension label
RIGHT = 16
INSET = 28  # keeps the first and last session clear of the axis ends
TOP = 8
PANEL = 64  # height of one dimension's panel
GAP = 8
BOTTOM = 36  # room for the session dates


@dataclass(frozen=True)
class Session:
    day: datetime.date
    ratings: dict[str, int] = field(default_factory=dict)


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT - 2 * INSET
    return LEFT + INSET + (span / 2 if count == 1 else span * index / (count - 1))


def _y(top: float, value: int) -> float:
    inner = PANEL - 20
    return top + 10 + inner * (RATING_MAX - value) / (RATING_MAX - RATING_MIN)


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _panel(number: int, dimension: str, label: str, sessions: list[Session]) -> list[str]:
    top = TOP + number * (PANEL + GAP)
    parts = [
        f'<g class="ct-panel" aria-label="{escape(label)}">',
        f'<rect class="ct-band" x="0" y="{top}" width="{WIDTH}" height="{PANEL}"/>',
    ]
    parts.append(
        f'<text class="ct-label" x="8" y="{top + PANEL / 2 + 4:.1f}">{escape(label)}</text>'
    )
    for tick in (RATING_MIN, (RATING_MIN + RATING_MAX) // 2, RATING_MAX):
        y = _y(top, tick)
        parts.append(
            f'<line class="ct-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="ct-tick" x="{LEFT - 6}" y="{y + 3:.1f}" text-anchor="end">{tick}</text>'
        )
    points: list[tuple[float, float] | None] = []
    for index, session in enumerate(sessions):
        rating = session.ratings.get(dimension)
        points.append(None if rating is None else (_x(index, len(sessions)), _y(top, rating)))
    for run in _segments(points):
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
        parts.append(f'<polyline class="ct-line ct-{dimension}" points="{coords}"/>')
    for session, point in zip(sessions, points, strict=True):
        if point is not None:
            tip = f"{label}, {session.day.isoformat()}: {session.ratings[dimension]}"
            parts.append(
                f'<circle class="ct-dot ct-{dimension}" '
                f'cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="4">'
                f"<title>{escape(tip)}</title></circle>"
            )
    parts.append("</g>")
    return parts


def reaction_chart(sessions: list[Session], *, chart_id: str = "ct-chart") -> str:
    """The SVG markup (already escaped) for these sessions, oldest first."""
    dimensions = Reaction.choices
    height = TOP + len(dimensions) * (PANEL + GAP) + BOTTOM
    first = sessions[0].day.isoformat() if sessions else "none"
    last = sessions[-1].day.isoformat() if sessions else "none"
    desc = (
        f"Ratings from {RATING_MIN} (not at all) to {RATING_MAX} (very much) for "
        f"{len(sessions)} sessions from {first} to {last}, one panel per dimension; "
        "a gap means not rated. The table below holds the same values."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ct-chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">Countertransference ratings across sessions</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for number, (dimension, label) in enumerate(dimensions):
        parts += _panel(number, dimension, str(label), sessions)
    axis_y = TOP + len(dimensions) * (PANEL + GAP) + 14
    for index, session in enumerate(sessions):
        x = _x(index, len(sessions))
        parts.append(
            f'<text class="ct-tick" x="{x:.1f}" y="{axis_y}" text-anchor="middle">'
            f"{session.day:%d %b}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
