"""The lowest and highest possible score of a total or subscale, from its items."""

from __future__ import annotations

from talkingcure.measures.model import Item


def score_range(items: list[Item], method: str) -> tuple[float, float]:
    lows = [
        min(item.scored(item.responses.low), item.scored(item.responses.high)) for item in items
    ]
    highs = [
        max(item.scored(item.responses.low), item.scored(item.responses.high)) for item in items
    ]
    if method == "mean":
        return (sum(lows) / len(lows), sum(highs) / len(highs))
    return (float(sum(lows)), float(sum(highs)))
