"""Scores over time as an inline SVG: severity bands behind, one point per completed form,
coloured by reliable change from the first score. No script, no third-party asset."""

from __future__ import annotations

from dataclasses import dataclass

from talkingcure.measures import Instrument, get_instrument
from talkingcure.outcomes.models import Administration

WIDTH, HEIGHT, PAD = 640, 240, 40
BAND_SHADES = ["#eef5ee", "#f6f3e4", "#f9eadc", "#f6dcd3", "#f0cdc8", "#ecc0bb"]
CHANGE_COLOURS = {
    "recovered": "#2e6b3a",
    "improved": "#3f8f52",
    "unchanged": "#5a6478",
    "deteriorated": "#a3361a",
    None: "#1d2433",
}


@dataclass
class Point:
    x: float
    y: float
    label: str
    total: float
    date: str
    change: str | None
    show_date: bool = True

    @property
    def colour(self) -> str:
        return CHANGE_COLOURS.get(self.change, "#1d2433")


@dataclass
class Band:
    y: float
    height: float
    label: str
    shade: str


@dataclass
class Chart:
    instrument: str
    name: str
    low: float
    high: float
    points: list[Point]
    bands: list[Band]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def _y(value: float, low: float, high: float) -> float:
    span = (high - low) or 1
    return HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD)


def build_chart(instrument_id: str, administrations: list[Administration]) -> Chart:
    instrument = get_instrument(instrument_id)
    done = [a for a in administrations if a.result.get("total") is not None]
    low, high = _range(instrument_id, done)
    step = (WIDTH - 2 * PAD) / max(len(done) - 1, 1)
    points = [
        Point(
            x=PAD + i * step,
            y=_y(a.result["total"], low, high),
            label=a.result.get("band") or "",
            total=a.result["total"],
            date=a.completed_at.date().isoformat() if a.completed_at else "",
            change=(a.result.get("change") or {}).get("label"),
        )
        for i, a in enumerate(done)
    ]
    every = max(1, len(points) // 6)  # at most about six date labels, so they never overlap
    for number, point in enumerate(points):
        point.show_date = number % every == 0 or number == len(points) - 1
    return Chart(
        instrument=instrument_id,
        name=instrument.short_name or instrument.name,
        low=low,
        high=high,
        points=points,
        bands=_bands(instrument, low, high),
    )


def _range(instrument_id: str, done: list[Administration]) -> tuple[float, float]:
    """The instrument's possible range as recorded with the scores, else the data's."""
    for administration in done:
        if administration.result.get("range"):
            low, high = administration.result["range"]
            return float(low), float(high)
    totals = [float(a.result["total"]) for a in done] or [0.0, 1.0]
    return min(totals), max(totals)


def _bands(instrument: Instrument, low: float, high: float) -> list[Band]:
    schemes = [s for s in instrument.band_schemes if s.sex is None]
    chosen = [s for s in schemes if s.id == instrument.default_band_scheme] or schemes
    if not chosen:
        return []
    scheme = chosen[0]
    bands = []
    for number, band in enumerate(scheme.bands):
        top = min(band.high, high)
        y_top, y_bottom = _y(top, low, high), _y(band.low, low, high)
        bands.append(
            Band(
                y=y_top,
                height=max(y_bottom - y_top, 1),
                label=band.label,
                shade=BAND_SHADES[number % len(BAND_SHADES)],
            )
        )
    return bands
