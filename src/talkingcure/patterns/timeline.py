"""One date axis for the session charts and the questionnaire charts, drawn as inline SVG.

The questionnaire charts are the outcomes app's own (:func:`talkingcure.outcomes.chart.
build_chart`: bands, scores, reliable-change colours); here their points are only moved from
even spacing to their dates, so a score and a session of the same week sit one above the other.
The session charts (emotional tone, negative responses) use the same width and margins.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from talkingcure.outcomes.chart import PAD, WIDTH, Chart

HEIGHT = 200
LABEL_GAP = 80  # pixels between two date labels, so they never overlap
TONE_COLOURS = {"negative": "#a3361a", "positive": "#2e6b3a"}
CHANGE_COLOURS = {"RO": "#a3361a", "RS": "#2c6fbb"}


@dataclass(frozen=True)
class DateAxis:
    """Days from ``first`` to ``last`` across the plot's width (a single day sits mid-way)."""

    first: datetime.date
    last: datetime.date
    left: float = PAD
    right: float = WIDTH - PAD

    @classmethod
    def spanning(cls, days: Sequence[datetime.date]) -> DateAxis | None:
        return cls(min(days), max(days)) if days else None

    def x(self, day: datetime.date) -> float:
        span = (self.last - self.first).days
        if span == 0:
            return (self.left + self.right) / 2
        return self.left + (day - self.first).days / span * (self.right - self.left)


def spaced_labels(xs: Sequence[float], gap: float = LABEL_GAP) -> list[bool]:
    """Which of these x positions (in order) get a date label: the last always, others when
    they are at least ``gap`` from the previous label and from the last one."""
    shown = [False] * len(xs)
    previous: float | None = None
    for index, x in enumerate(xs):
        clear_of_last = index == len(xs) - 1 or xs[-1] - x >= gap
        if (previous is None or x - previous >= gap) and clear_of_last:
            shown[index] = True
            previous = x
    if xs:
        shown[-1] = True
    return shown


def place_on_axis(chart: Chart, axis: DateAxis) -> Chart:
    """Move an outcome chart's points to their dates on ``axis`` (scores and bands unchanged)."""
    for point in chart.points:
        point.x = axis.x(datetime.date.fromisoformat(point.date))
    for point, shown in zip(chart.points, spaced_labels([p.x for p in chart.points]), strict=True):
        point.show_date = shown
    return chart


@dataclass(frozen=True)
class LinePoint:
    x: float
    y: float
    date: str
    value: float
    text: str  # the value as shown in the tooltip and the table


@dataclass
class Series:
    name: str
    colour: str
    legend_y: int
    points: list[LinePoint] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class LineChart:
    """Values from 0 to 1 per date, one line per series; the page adds a table of the same."""

    chart_id: str
    title: str
    description: str
    series: list[Series]
    ticks: list[tuple[float, str]]
    dates: list[tuple[float, str]]  # (x, label) for the date labels shown
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD
    right: int = WIDTH - PAD

    @property
    def date_label_y(self) -> int:
        return self.height - 12


def _y(value: float) -> float:
    return HEIGHT - PAD - value * (HEIGHT - 2 * PAD)


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[dict[str, object]],
    keys: dict[str, str],
    colours: dict[str, str],
    axis: DateAxis,
    percent: bool = False,
) -> LineChart:
    """A chart of ``rows`` (each with an ISO ``date`` and a 0-1 value or None per key)."""
    series = []
    for number, (key, name) in enumerate(keys.items()):
        line = Series(name=name, colour=colours[key], legend_y=14 + 14 * number)
        for row in rows:
            value = row.get(key)
            if not isinstance(value, int | float):
                continue
            day = datetime.date.fromisoformat(str(row["date"]))
            text = f"{value:.0%}" if percent else f"{value:.2f}"
            line.points.append(
                LinePoint(axis.x(day), _y(float(value)), str(row["date"]), value, text)
            )
        series.append(line)
    xs = sorted({axis.x(datetime.date.fromisoformat(str(r["date"]))) for r in rows})
    labels = {axis.x(datetime.date.fromisoformat(str(r["date"]))): str(r["date"]) for r in rows}
    dates = [(x, labels[x]) for x, shown in zip(xs, spaced_labels(xs), strict=True) if shown]
    ticks = [(_y(v), f"{v:.0%}" if percent else f"{v:.1f}") for v in (0.0, 0.5, 1.0)]
    return LineChart(chart_id, title, description, series, ticks, dates)
