"""The shared date axis: dates map to the same x on every chart, and labels never crowd."""

from __future__ import annotations

import datetime
import itertools

from talkingcure.outcomes.chart import PAD, WIDTH
from talkingcure.patterns.timeline import LABEL_GAP, DateAxis, line_chart, spaced_labels

DAY = datetime.date(2026, 9, 8)


def test_axis_spreads_days_in_proportion_to_time() -> None:
    axis = DateAxis.spanning(
        [DAY, DAY + datetime.timedelta(days=28), DAY + datetime.timedelta(days=7)]
    )
    assert axis is not None
    assert axis.x(DAY) == PAD and axis.x(DAY + datetime.timedelta(days=28)) == WIDTH - PAD
    assert axis.x(DAY + datetime.timedelta(days=7)) == PAD + (WIDTH - 2 * PAD) / 4


def test_a_single_day_sits_in_the_middle_and_no_day_means_no_axis() -> None:
    axis = DateAxis.spanning([DAY])
    assert axis is not None and axis.x(DAY) == WIDTH / 2
    assert DateAxis.spanning([]) is None


def test_date_labels_keep_their_distance_and_the_last_is_always_shown() -> None:
    xs = [40.0, 60.0, 130.0, 200.0, 590.0, 600.0]
    shown = spaced_labels(xs)
    kept = [x for x, s in zip(xs, shown, strict=True) if s]
    assert kept[-1] == 600.0 and kept[0] == 40.0
    assert all(b - a >= LABEL_GAP for a, b in itertools.pairwise(kept))


def test_line_chart_skips_missing_values_and_keeps_the_axis() -> None:
    rows = [
        {"date": "2026-09-08", "RO": 0.5, "RS": None},
        {"date": "2026-09-22", "RO": 1.0, "RS": 0.25},
    ]
    axis = DateAxis.spanning([DAY, datetime.date(2026, 9, 22)])
    assert axis is not None
    chart = line_chart(
        chart_id="c",
        title="t",
        description="d",
        rows=rows,
        keys={"RO": "others", "RS": "self"},
        colours={"RO": "#000", "RS": "#111"},
        axis=axis,
        percent=True,
    )
    others, self_ = chart.series
    assert [p.text for p in others.points] == ["50%", "100%"]
    assert [(p.x, p.text) for p in self_.points] == [(WIDTH - PAD, "25%")]
    assert others.points[1].y < others.points[0].y  # higher share drawn higher
