"""Treatment patterns as JSON, Markdown, or a self-contained HTML page (inline CSS and SVG,
no external assets). The first screen: the core theme as one sentence per component with its
pervasiveness, a table by person, the transference pattern, and the change chart; every claim
links to its quotes. Everything is labelled a candidate for the clinician to confirm or reject.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Any

from talkingcure.analysis.ccrt.model import CANDIDATE_NOTE, CLUSTERS
from talkingcure.analysis.ccrt.treatment import TreatmentPatterns

DETECTOR = "talkingcure.ccrt.v1"
LEADS = {
    "W": "The client wishes",
    "RO": "Others respond as",
    "RS": "The client then responds as",
}
KIND_NAMES = {"W": "wish", "RO": "response of other", "RS": "response of self"}


def to_json(result: TreatmentPatterns) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def anchor(cluster: str) -> str:
    return f"q-{cluster}"


def _share(row: dict[str, Any], total: int) -> str:
    return f"in {row['episodes']} of {total} episodes ({row['pervasiveness']:.0%})"


def theme_sentences(result: TreatmentPatterns) -> list[tuple[str, str | None, str]]:
    """(kind, cluster or None, sentence) for W, RO and RS."""
    total = len(result.episodes)
    sentences: list[tuple[str, str | None, str]] = []
    for kind, lead in LEADS.items():
        row = result.core_theme.get(kind)
        if row is None:
            sentences.append((kind, None, f"{lead}: not detected by {DETECTOR}."))
            continue
        name = CLUSTERS[row["cluster"]]
        tied = [
            r["cluster"]
            for r in result.pervasiveness.get(kind, [])[1:]
            if r["episodes"] == row["episodes"]
        ]
        tie = f"; tied with {', '.join(tied)}" if tied else ""
        text = f"{lead} {name} ({row['cluster']}), {_share(row, total)}{tie}."
        sentences.append((kind, row["cluster"], text))
    return sentences


def _person_cell(theme: dict[str, Any] | None, link: Callable[[str, str], str]) -> str:
    if theme is None:
        return "-"
    return link(f"{theme['name']} ({theme['pervasiveness']:.0%})", theme["cluster"])


def transference_lines(result: TreatmentPatterns) -> list[tuple[str, str]]:
    lines = []
    for item in result.transference:
        people = ", ".join(item["other_people"])
        lines.append(
            (
                item["cluster"],
                f"{KIND_NAMES[item['kind']]} {item['name']} ({item['cluster']}): with the "
                f"therapist in {item['therapist_episodes']} episode(s), and with {people} in "
                f"{item['other_episodes']}.",
            )
        )
    return lines


NO_TRANSFERENCE = (
    f"No cluster was found both with the therapist and with someone else: not detected by "
    f"{DETECTOR} (this is not evidence that there is no transference)."
)


def _clusters_with_quotes(result: TreatmentPatterns) -> list[tuple[str, str]]:
    seen = []
    for kind in ("W", "RO", "RS"):
        for row in result.pervasiveness.get(kind, []):
            seen.append((kind, row["cluster"]))
    return seen


# ---------------------------------------------------------------- Markdown


def to_markdown(result: TreatmentPatterns) -> str:
    def link(text: str, cluster: str) -> str:
        return f"[{text}](#{anchor(cluster)})"

    out = [
        f"# Relationship patterns: {result.client or 'client not named'}",
        "",
        f"**{CANDIDATE_NOTE}.** Nothing here enters the record unconfirmed. "
        f"{len(result.sessions)} sessions, {len(result.episodes)} relationship episodes "
        f"(found by {DETECTOR}; CCRT after Luborsky; guide: docs/ccrt.md).",
        "",
    ]
    out += [f"> warning: {w}" for w in result.warnings]
    out += ["## Core theme", ""]
    for _, cluster, sentence in theme_sentences(result):
        out.append(f"- {sentence}" + (f" {link('quotes', cluster)}" if cluster else ""))
    out += [
        "",
        "## By person",
        "",
        "| person | episodes | wish | other | self |",
        "|---|---|---|---|---|",
    ]
    for row in result.by_person:
        cells = [_person_cell(row["theme"][k], link) for k in ("W", "RO", "RS")]
        out.append(f"| {row['person']} | {row['episodes']} | " + " | ".join(cells) + " |")
    out += ["", "## Transference pattern", ""]
    lines = transference_lines(result)
    out += [f"- {text} {link('quotes', cluster)}" for cluster, text in lines] or [NO_TRANSFERENCE]
    out += ["", "## Change across sessions (share of negative responses)", ""]
    out += ["| session | date | episodes | negative RO | negative RS |", "|---|---|---|---|---|"]
    for row in result.change():
        out.append(
            f"| {row['session']} | {row['date'] or '-'} | {row['episodes']} | "
            f"{_pct(row['RO'])} | {_pct(row['RS'])} |"
        )
    out += ["", "## People over time", ""]
    out += _people_markdown(result)
    out += ["", "## Recurring themes (topic model)", ""]
    out += _themes_markdown(result)
    out += ["", "## Quotes", ""]
    for kind, cluster in _clusters_with_quotes(result):
        out += [f'<a id="{anchor(cluster)}"></a>', f"### {cluster} {CLUSTERS[cluster]}", ""]
        for quote in result.quotes(kind, cluster):
            out.append(
                f"- session {quote['session']}, turn {quote['turn']}, with {quote['person']} "
                f"({quote['valence']}): \u201c{quote['quote']}\u201d"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def themes_note(result: TreatmentPatterns) -> str:
    """How the recurring themes were found, in one sentence (a candidate, like every theme)."""
    method = result.themes_method
    if not method:
        return "Recurring themes were not computed."
    if method.get("k") is None:
        note = method.get("note", "too little client talk")
        return f"No topic model: {note} ({method['detector']})."
    return (
        f"Candidates from {method['detector']}: {method['model']}, {method['k']} topics "
        f"(k chosen as: {method['k_rule']}); a topic is present in a session when it is the "
        f"{method['presence_rule']}, and recurs when present in {method['min_sessions']} or more "
        "sessions. Per session: the topic's share of the session's topic weight and the client "
        "turns it leads. Named by their top words; a model of which words return together, "
        "not of what they mean to the client."
    )


def _theme_sessions(theme: dict[str, Any]) -> str:
    """``s2 (18%, 1 turn)``: share of the session's topic weight, turns it leads."""
    return ", ".join(
        f"s{s['session']} ({s['weight']:.0%}, {s['turns']} turn{'s' if s['turns'] != 1 else ''})"
        for s in theme["sessions"]
    )


def _themes_markdown(result: TreatmentPatterns) -> list[str]:
    lines = [themes_note(result), ""]
    if not result.themes:
        return [*lines, "No topic recurs in two or more sessions."]
    for theme in result.themes:
        where = _theme_sessions(theme)
        lines.append(f"- **{theme['name']}** (words: {', '.join(theme['words'])}): {where}")
        lines += [
            f"  - session {q['session']}, turn {q['turn']}: \u201c{q['quote']}\u201d"
            for q in theme["quotes"]
        ]
    return lines


def _people_markdown(result: TreatmentPatterns) -> list[str]:
    numbers = [s.number for s in result.sessions]
    header = "| person | " + " | ".join(f"s{n}" for n in numbers) + " |"
    rows = [header, "|---|" + "---|" * len(numbers)]
    for person in result.people:
        cells = {c["session"]: c for c in person["sessions"]}
        rows.append(
            f"| {person['person']} | "
            + " | ".join(_people_cell(cells.get(n)) for n in numbers)
            + " |"
        )
    rows.append("")
    rows.append("Each cell: episodes; tone = mean negative emotion / joy of the client turns.")
    return rows


def _people_cell(cell: dict[str, Any] | None) -> str:
    if cell is None:
        return ""
    tone = ""
    if cell.get("negative") is not None:
        tone = f" (neg {cell['negative']:.2f} / joy {cell['joy']:.2f})"
    return f"{cell['episodes']}{tone}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


# ---------------------------------------------------------------- HTML

CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;color:#222;line-height:1.4}
.candidate{background:#fff4d6;border:1px solid #e0b84c;padding:.5rem .8rem;border-radius:4px}
.warning{background:#fde8e8;border:1px solid #d88;padding:.4rem .8rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem}
th{background:#f3f3f3;text-align:left}.first{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.theme li{margin:.3rem 0}blockquote{margin:.2rem 0 .2rem 1rem;color:#333}
svg text{font-size:11px;font-family:system-ui,sans-serif}
"""


def to_html(result: TreatmentPatterns) -> str:
    def link(text: str, cluster: str) -> str:
        return f'<a href="#{anchor(cluster)}">{escape(text)}</a>'

    title = f"Relationship patterns: {result.client or 'client not named'}"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="candidate"><strong>{escape(CANDIDATE_NOTE)}.</strong> Nothing here enters '
        f"the record unconfirmed. {len(result.sessions)} sessions, {len(result.episodes)} "
        f"relationship episodes found by {DETECTOR} (CCRT after Luborsky).</p>",
    ]
    parts += [f'<p class="warning">{escape(w)}</p>' for w in result.warnings]
    parts.append('<section class="first"><div>')
    parts.append(_html_theme(result, link))
    parts.append(_html_people_table(result, link))
    parts.append("</div><div>")
    parts.append(_html_transference(result, link))
    parts.append("<h2>Change across sessions</h2>")
    parts.append(change_chart(result))
    parts.append("</div></section>")
    parts.append(_html_people_over_time(result))
    parts.append(_html_themes(result))
    parts.append(_html_quotes(result))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_theme(result: TreatmentPatterns, link: Callable[[str, str], str]) -> str:
    items = []
    for _, cluster, sentence in theme_sentences(result):
        quotes = f" {link('quotes', cluster)}" if cluster else ""
        items.append(f"<li>{escape(sentence)}{quotes}</li>")
    return '<h2>Core theme</h2><ul class="theme">' + "".join(items) + "</ul>"


def _html_people_table(result: TreatmentPatterns, link: Callable[[str, str], str]) -> str:
    rows = [
        "<h2>By person</h2><table><tr><th>person</th><th>episodes</th><th>wish</th>"
        "<th>response of other</th><th>response of self</th></tr>"
    ]
    for row in result.by_person:
        cells = "".join(
            f"<td>{_person_cell(row['theme'][k], link)}</td>" for k in ("W", "RO", "RS")
        )
        rows.append(f"<tr><td>{escape(row['person'])}</td><td>{row['episodes']}</td>{cells}</tr>")
    rows.append("</table>")
    return "".join(rows)


def _html_transference(result: TreatmentPatterns, link: Callable[[str, str], str]) -> str:
    lines = transference_lines(result)
    if not lines:
        return f"<h2>Transference pattern</h2><p>{escape(NO_TRANSFERENCE)}</p>"
    items = "".join(f"<li>{escape(text)} {link('quotes', c)}</li>" for c, text in lines)
    return f"<h2>Transference pattern</h2><ul>{items}</ul>"


def change_chart(result: TreatmentPatterns, width: int = 420, height: int = 220) -> str:
    """Inline SVG: share of negative RO and RS per session (0-100%)."""
    change = result.change()
    left, right, top, bottom = 40, 10, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(change) - 1, 1)

    def x(i: int) -> float:
        return left + i * step

    def y(value: float) -> float:
        return top + plot_h * (1 - value)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'role="img" aria-label="share of negative responses of other and self per session">'
    ]
    for tick in (0.0, 0.5, 1.0):
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="4" y="{y(tick) + 4:.1f}">{tick:.0%}</text>'
        )
    for i, row in enumerate(change):
        out.append(f'<text x="{x(i) - 6:.1f}" y="{height - bottom + 16}">s{row["session"]}</text>')
    for kind, colour in (("RO", "#c0392b"), ("RS", "#2c6fbb")):
        points = [(x(i), y(row[kind])) for i, row in enumerate(change) if row[kind] is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            out.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>'
            )
        out += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>' for px, py in points]
    legend_y = height - 8
    out.append(
        f'<text x="{left}" y="{legend_y}" fill="#c0392b">negative responses of other</text>'
        f'<text x="{left + 190}" y="{legend_y}" fill="#2c6fbb">negative responses of self</text>'
    )
    out.append("</svg>")
    out.append(
        "<p><small>A falling share of negative responses is what CCRT research reads as "
        "progress; with few episodes per session one episode moves the line a lot.</small></p>"
    )
    return "".join(out)


def _html_people_over_time(result: TreatmentPatterns) -> str:
    numbers = [s.number for s in result.sessions]
    head = "".join(f"<th>s{n}</th>" for n in numbers)
    rows = [f"<h2>People over time</h2><table><tr><th>person</th>{head}</tr>"]
    for person in result.people:
        cells = {c["session"]: c for c in person["sessions"]}
        tds = "".join(f"<td>{escape(_people_cell(cells.get(n)))}</td>" for n in numbers)
        rows.append(f"<tr><td>{escape(person['person'])}</td>{tds}</tr>")
    rows.append(
        "</table><p><small>Each cell: episodes; tone = mean negative emotion / joy of the "
        "client turns in those episodes (per-turn emotions).</small></p>"
    )
    return "".join(rows)


def _html_themes(result: TreatmentPatterns) -> str:
    parts = ["<h2>Recurring themes (topic model)</h2>", f"<p><small>{escape(themes_note(result))}"]
    parts.append("</small></p>")
    if not result.themes:
        return "".join(parts) + "<p>No topic recurs in two or more sessions.</p>"
    parts.append("<ul>")
    for theme in result.themes:
        where = _theme_sessions(theme)
        quotes = "".join(
            f"<blockquote>session {q['session']}, turn {q['turn']}: "
            f"\u201c{escape(q['quote'])}\u201d</blockquote>"
            for q in theme["quotes"]
        )
        words = escape(", ".join(theme["words"]))
        parts.append(
            f"<li><strong>{escape(theme['name'])}</strong> <small>(words: {words})</small>: "
            f"{where}{quotes}</li>"
        )
    parts.append("</ul>")
    return "".join(parts)


def _html_quotes(result: TreatmentPatterns) -> str:
    parts = ["<h2>Quotes</h2>"]
    for kind, cluster in _clusters_with_quotes(result):
        parts.append(
            f'<section id="{anchor(cluster)}"><h3>{cluster} {escape(CLUSTERS[cluster])} '
            f"({KIND_NAMES[kind]})</h3>"
        )
        for quote in result.quotes(kind, cluster):
            where = (
                f"session {quote['session']}, turn {quote['turn']}, with "
                f"{quote['person']} ({quote['valence']})"
            )
            parts.append(
                f"<blockquote>{escape(where)}: \u201c{escape(quote['quote'])}\u201d</blockquote>"
            )
        parts.append("</section>")
    return "".join(parts)


RENDERERS: dict[str, Callable[[TreatmentPatterns], str]] = {
    "json": to_json,
    "md": to_markdown,
    "html": to_html,
}
