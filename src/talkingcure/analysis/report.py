"""Readable reports of one analysis for a person: Markdown and self-contained HTML.

Both render the ``talkingcure.analysis/1`` dictionary (``SessionAnalysis.to_dict()`` or a JSON
file written by ``talkingcure analyze``). Order: risk first, then the session summary, the
findings with their evidence, what was not detected (with the detector that looked), and the
transcript with each turn's labels. Candidates are marked "candidate — confirm". The HTML page
has inline CSS only, loads nothing, and escapes all transcript text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

CANDIDATE = "candidate \u2014 confirm"
RISK_NOTE = (
    "Risk language is always listed, whatever its score. A construct that is not detected is "
    "not evidence that it is absent, least of all for risk."
)


def is_risk(name: str) -> bool:
    return name.startswith("risk")


def risk_findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in data["findings"] if is_risk(f["kind"])]


def other_findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in data["findings"] if not is_risk(f["kind"])]


def risk_turns(data: dict[str, Any]) -> list[tuple[dict[str, Any], list[str]]]:
    """Turns carrying a risk label, with those labels (shown even without a finding)."""
    found = []
    for turn in data["turns"]:
        labels = [name for name in turn["labels"] if is_risk(name)]
        if labels:
            found.append((turn, labels))
    return found


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _count(turns: list[int]) -> str:
    return f"{len(turns)} turn{'s' if len(turns) != 1 else ''}: "


def _pct(value: float | None) -> str:
    return "\u2014" if value is None else f"{value:.0%}"


def _num(value: float | None) -> str:
    return "\u2014" if value is None else f"{value:.2f}"


# ---------------------------------------------------------------- Markdown


def _md(text: object) -> str:
    """Plain text made safe for a Markdown line (no raw HTML, no accidental markup)."""
    value = escape(str(text), quote=False)
    for char in "\\`*_[]|#":
        value = value.replace(char, "\\" + char)
    return " ".join(value.split())


def _md_turn_link(index: int) -> str:
    return f"[turn {index}](#turn-{index})"


def _md_finding(finding: dict[str, Any]) -> list[str]:
    mark = f" **{CANDIDATE}**" if finding.get("candidate") else ""
    turns = ", ".join(_md_turn_link(t) for t in finding["turns"])
    lines = [
        f"- **{_md(finding['kind'])}**{mark} \u2014 {turns}; score {finding['score']:.2f}; "
        f"{_md(finding['detector'])}",
        f"  - {_md(finding['explanation'])}",
    ]
    for ev in finding["evidence"]:
        lines.append(f"  - {_md_turn_link(ev['turn'])}: \u201c{_md(ev['quote'])}\u201d")
    return lines


def render_markdown(data: dict[str, Any]) -> str:
    out: list[str] = [f"# Session analysis: {_md(data['source'])}", ""]
    out += _md_header(data)
    out += ["", "## Risk", "", RISK_NOTE, ""]
    out += _md_risk(data)
    out += ["", "## Summary", ""]
    out += _md_summary(data["summary"])
    out += ["", "## Findings", ""]
    findings = other_findings(data)
    out += [line for f in findings for line in _md_finding(f)] or ["No other findings."]
    out += ["", "## Not detected", ""]
    out += [
        f"- {_md(item['label'])} ({item['type']}): {_md(item['statement'])}"
        for item in data["not_detected"]
    ] or ["Every construct the detectors look for was detected at least once."]
    out += ["", "## Transcript", ""]
    out += _md_transcript(data)
    return "\n".join(out) + "\n"


def _md_header(data: dict[str, Any]) -> list[str]:
    engine = data["engine"]
    detectors = ", ".join(f"{name} {version}" for name, version in engine["detectors"].items())
    lines = [
        f"- Engine: talkingcure {engine['version']}, config {engine['config_hash']}",
        f"- Detectors: {_md(detectors)}",
        f"- Roles: {_md(data['roles']['note'])}",
    ]
    lines += [f"- **Warning:** {_md(w)}" for w in data["warnings"]]
    return lines


def _md_risk(data: dict[str, Any]) -> list[str]:
    lines = [line for f in risk_findings(data) for line in _md_finding(f)]
    for turn, labels in risk_turns(data):
        lines.append(
            f"- {_md_turn_link(turn['index'])} ({_md(turn['speaker'])}): "
            f"{_md(', '.join(labels))} \u2014 \u201c{_md(turn['text'])}\u201d"
        )
    lines += [
        f"- {_md(item['label'])}: {_md(item['statement'])}"
        for item in data["not_detected"]
        if is_risk(item["label"])
    ]
    return lines or ["No risk detector ran: risk was not assessed."]


def _md_summary(summary: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if "speakers" in summary:
        lines += ["| speaker | role | turns | words | share (words) | share (time) |"]
        lines += ["|---|---|---|---|---|---|"]
        for name, row in summary["speakers"].items():
            lines.append(
                f"| {_md(name)} | {row['role']} | {row['turns']} | {row['words']} | "
                f"{_pct(row['share_words'])} | {_pct(row['share_time'])} |"
            )
        lines.append("")
    if summary.get("duration") is not None:
        lines += [f"Duration: {_clock(summary['duration'])}", ""]
    q = summary.get("questions")
    if q:
        lines += [_questions_line(q), ""]
    arc = summary.get("emotional_arc")
    if arc:
        lines += _md_arc(arc)
    if summary.get("profile"):
        lines += ["", "Psychodynamic-interpersonal profile (in the spirit of the CPPS):", ""]
        for item in summary["profile"]:
            lines.append(f"- {_md(item['title'])}: {_md_item_support(item)}")
    return lines or ["No summary component ran."]


def _questions_line(q: dict[str, Any]) -> str:
    if "statement" in q:
        return f"Questions: {q['statement']}"
    return (
        f"Questions: {q['questions']} in {q['therapist_turns']} therapist turns; "
        f"open {q['open']}, closed {q['closed']}, open/closed ratio {_num(q['open_closed_ratio'])}"
    )


def _md_arc(arc: dict[str, Any]) -> list[str]:
    if "statement" in arc:
        return [f"Emotional arc: {arc['statement']}"]
    lines = ["Emotional arc (client, mean per fifth of the session):", ""]
    lines += ["| fifth | client turns | negative | positive |", "|---|---|---|---|"]
    for part in arc["fifths"]:
        lines.append(
            f"| {part['fifth']} | {part['client_turns']} | {_num(part['negative'])} | "
            f"{_num(part['positive'])} |"
        )
    return lines


def _md_item_support(item: dict[str, Any]) -> str:
    if item.get("turns"):
        return _count(item["turns"]) + ", ".join(_md_turn_link(t) for t in item["turns"])
    return _md(item.get("statement", ""))


def _md_transcript(data: dict[str, Any]) -> list[str]:
    candidates = set(data.get("candidate_labels", []))
    lines: list[str] = []
    for turn in data["turns"]:
        stamp = f" [{_clock(turn['start'])}]" if turn["start"] is not None else ""
        lines.append(
            f'<a id="turn-{turn["index"]}"></a>**{turn["index"]}. {_md(turn["speaker"])}** '
            f"({turn['role']}){stamp}: {_md(turn['text'])}"
        )
        labels = _label_list(turn["labels"], candidates, _md)
        if labels:
            lines.append(f"  - labels: {labels}")
        lines.append("")
    return lines


def _label_list(
    labels: dict[str, float], candidates: set[str], esc: Callable[[object], str]
) -> str:
    parts = []
    for name, score in labels.items():
        mark = f" ({CANDIDATE})" if name in candidates else ""
        parts.append(f"{esc(name)} {score:.2f}{mark}")
    return "; ".join(parts)


# ---------------------------------------------------------------- HTML

CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1f}
h1{font-size:1.5rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem}
.risk{border:3px solid #b00020;background:#fff0f0;padding:.5rem 1rem;border-radius:6px}
.risk h2{color:#b00020;border:0}
.candidate{background:#fff3cd;border:1px solid #d4a106;border-radius:4px;padding:0 .3rem;
font-size:.85em}
.finding{margin:.6rem 0;padding:.4rem .8rem;border-left:4px solid #4a6fa5;background:#f6f8fb}
.quote{font-style:italic}.turn{margin:.5rem 0;padding:.3rem .6rem;border-radius:4px}
.turn.therapist{background:#f3f6fa}.turn.client{background:#fbf8f2}
.labels{font-size:.85em;color:#444}.meta{color:#555;font-size:.9em}
.turn:target{outline:3px solid #4a6fa5}.risk-turn{border-left:5px solid #b00020}
"""


def _h(text: object) -> str:
    return escape(str(text), quote=True)


def _link(index: int) -> str:
    return f'<a href="#turn-{int(index)}">turn {int(index)}</a>'


def _h_finding(finding: dict[str, Any]) -> str:
    mark = f' <span class="candidate">{_h(CANDIDATE)}</span>' if finding.get("candidate") else ""
    turns = ", ".join(_link(t) for t in finding["turns"])
    evidence = "".join(
        f'<li>{_link(ev["turn"])}: <span class="quote">\u201c{_h(ev["quote"])}\u201d</span></li>'
        for ev in finding["evidence"]
    )
    return (
        f'<div class="finding"><strong>{_h(finding["kind"])}</strong>{mark} \u2014 {turns}; '
        f"score {float(finding['score']):.2f}; {_h(finding['detector'])}"
        f"<br>{_h(finding['explanation'])}<ul>{evidence}</ul></div>"
    )


def _ul(items: Iterable[str]) -> str:
    body = "".join(f"<li>{item}</li>" for item in items)
    return f"<ul>{body}</ul>" if body else ""


def render_html(data: dict[str, Any]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Session analysis: {_h(data['source'])}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>Session analysis: {_h(data['source'])}</h1>",
        _h_header(data),
        _h_risk(data),
        "<h2>Summary</h2>",
        _h_summary(data["summary"]),
        "<h2>Findings</h2>",
        "".join(_h_finding(f) for f in other_findings(data)) or "<p>No other findings.</p>",
        "<h2>Not detected</h2>",
        _ul(
            f"{_h(item['label'])} ({_h(item['type'])}): {_h(item['statement'])}"
            for item in data["not_detected"]
        )
        or "<p>Every construct the detectors look for was detected at least once.</p>",
        "<h2>Transcript</h2>",
        _h_transcript(data),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _h_header(data: dict[str, Any]) -> str:
    engine = data["engine"]
    detectors = ", ".join(f"{name} {version}" for name, version in engine["detectors"].items())
    items = [
        f"Engine: talkingcure {_h(engine['version'])}, config {_h(engine['config_hash'])}",
        f"Detectors: {_h(detectors)}",
        f"Roles: {_h(data['roles']['note'])}",
    ]
    items += [f"<strong>Warning:</strong> {_h(w)}" for w in data["warnings"]]
    return f'<div class="meta">{_ul(items)}</div>'


def _h_risk(data: dict[str, Any]) -> str:
    body = [_h_finding(f) for f in risk_findings(data)]
    turn_items = [
        f"{_link(turn['index'])} ({_h(turn['speaker'])}): {_h(', '.join(labels))} \u2014 "
        f'<span class="quote">\u201c{_h(turn["text"])}\u201d</span>'
        for turn, labels in risk_turns(data)
    ]
    missing = [
        f"{_h(item['label'])}: {_h(item['statement'])}"
        for item in data["not_detected"]
        if is_risk(item["label"])
    ]
    content = "".join(body) + _ul(turn_items) + _ul(missing)
    if not content:
        content = "<p>No risk detector ran: risk was not assessed.</p>"
    return f'<section class="risk"><h2>Risk</h2><p>{_h(RISK_NOTE)}</p>{content}</section>'


def _h_summary(summary: dict[str, Any]) -> str:
    if not summary:
        return "<p>No summary component ran.</p>"
    parts: list[str] = []
    if "speakers" in summary:
        rows = "".join(
            f"<tr><td>{_h(name)}</td><td>{_h(row['role'])}</td><td>{row['turns']}</td>"
            f"<td>{row['words']}</td><td>{_pct(row['share_words'])}</td>"
            f"<td>{_pct(row['share_time'])}</td></tr>"
            for name, row in summary["speakers"].items()
        )
        parts.append(
            "<table><tr><th>speaker</th><th>role</th><th>turns</th><th>words</th>"
            f"<th>share (words)</th><th>share (time)</th></tr>{rows}</table>"
        )
    if summary.get("duration") is not None:
        parts.append(f"<p>Duration: {_clock(summary['duration'])}</p>")
    if summary.get("questions"):
        parts.append(f"<p>{_h(_questions_line(summary['questions']))}</p>")
    if summary.get("emotional_arc"):
        parts.append(_h_arc(summary["emotional_arc"]))
    if summary.get("profile"):
        parts.append("<p>Psychodynamic-interpersonal profile (in the spirit of the CPPS):</p>")
        parts.append(_ul(f"{_h(i['title'])}: {_h_item_support(i)}" for i in summary["profile"]))
    return "".join(parts)


def _h_arc(arc: dict[str, Any]) -> str:
    if "statement" in arc:
        return f"<p>Emotional arc: {_h(arc['statement'])}</p>"
    rows = "".join(
        f"<tr><td>{p['fifth']}</td><td>{p['client_turns']}</td><td>{_num(p['negative'])}</td>"
        f"<td>{_num(p['positive'])}</td></tr>"
        for p in arc["fifths"]
    )
    return (
        "<p>Emotional arc (client, mean per fifth of the session):</p><table><tr><th>fifth</th>"
        f"<th>client turns</th><th>negative</th><th>positive</th></tr>{rows}</table>"
    )


def _h_item_support(item: dict[str, Any]) -> str:
    if item.get("turns"):
        return _count(item["turns"]) + ", ".join(_link(t) for t in item["turns"])
    return _h(item.get("statement", ""))


def _h_transcript(data: dict[str, Any]) -> str:
    candidates = set(data.get("candidate_labels", []))
    parts = []
    for turn in data["turns"]:
        stamp = f" [{_clock(turn['start'])}]" if turn["start"] is not None else ""
        labels = _label_list(turn["labels"], candidates, _h).replace(
            f"({_h(CANDIDATE)})", f'<span class="candidate">{_h(CANDIDATE)}</span>'
        )
        label_html = f'<div class="labels">{labels}</div>' if labels else ""
        risky = " risk-turn" if any(is_risk(name) for name in turn["labels"]) else ""
        parts.append(
            f'<div class="turn {_h(turn["role"])}{risky}" id="turn-{int(turn["index"])}">'
            f"<strong>{int(turn['index'])}. {_h(turn['speaker'])}</strong> "
            f"({_h(turn['role'])}){stamp}: {_h(turn['text'])}{label_html}</div>"
        )
    return "".join(parts)


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "md": render_markdown,
    "html": render_html,
}


def render(data: dict[str, Any], fmt: str) -> str:
    """Render the analysis dictionary as ``md`` or ``html``."""
    return RENDERERS[fmt](data)
