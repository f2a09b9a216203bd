"""Reading the patterns page the way a person would: sections, evidence lines, chart points."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

EVIDENCE = re.compile(
    r'<li><a href="(?P<url>[^"]+)">(?P<date>\d{4}-\d\d-\d\d)</a>, turn (?P<turn>\d+)'
    r"(?:, with (?P<person>[^:]+))?: &ldquo;(?P<quote>.*?)&rdquo;"
)


def between(page: str, start: str, end: str) -> str:
    """The part of ``page`` from the first ``start`` to the next ``end`` ('' when absent)."""
    at = page.find(start)
    if at < 0:
        return ""
    stop = page.find(end, at)
    return page[at : stop if stop >= 0 else len(page)]


def evidence_lines(part: str) -> list[dict[str, str]]:
    return [
        {k: html.unescape(v or "") for k, v in m.groupdict().items()}
        for m in EVIDENCE.finditer(part)
    ]


def turn_texts(sessions: list[Path]) -> dict[tuple[str, int], str]:
    """(date, turn index) -> the words of that turn, from the synthetic transcript files."""
    texts = {}
    for path in sessions:
        data = json.loads(path.read_text(encoding="utf-8"))
        for index, turn in enumerate(data["turns"]):
            texts[(data["meta"]["date"], index)] = turn["text"]
    return texts


def circles(svg: str, series: int) -> list[str]:
    """The tooltips of one series' points in a patterns line chart."""
    return re.findall(rf'<circle class="point-{series}"[^>]*><title>([^<]*)</title>', svg)
