"""The whole-treatment report: relationship patterns (CCRT) with the trigger map beside them.

`talkingcure patterns` renders this; both parts are candidates for the clinician to confirm.
"""

from __future__ import annotations

import html
import json
from typing import Any

from talkingcure.analysis.ccrt.render import RENDERERS
from talkingcure.analysis.ccrt.treatment import TreatmentPatterns
from talkingcure.analysis.trigger_map import TriggerMap

SECTION_TITLE = "Distress triggers across the treatment (candidates)"


def render(fmt: str, patterns: TreatmentPatterns, triggers: TriggerMap) -> str:
    text = RENDERERS[fmt](patterns)
    if fmt == "json":
        data = json.loads(text)
        data["trigger_map"] = triggers.to_dict()
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return text.rstrip("\n") + "\n\n" + triggers.to_markdown()
    return _with_html_section(text, triggers.to_dict())


def _with_html_section(page: str, data: dict[str, Any]) -> str:
    rows = "".join(_html_row(t) for t in data["triggers"]) or (
        '<tr><td colspan="5">No distress trigger detected by talkingcure.triggers.v1.</td></tr>'
    )
    section = (
        f'<section id="triggers"><h2>{html.escape(SECTION_TITLE)}</h2>'
        f"<p>{html.escape(data['note'])}</p>"
        "<table><thead><tr><th>Trigger</th><th>Kind</th><th>Sessions</th>"
        "<th>Last seen</th><th>Change in response</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )
    marker = "</body>"
    return page.replace(marker, section + marker, 1) if marker in page else page + section


def _html_row(t: dict[str, Any]) -> str:
    label = html.escape(str(t["label"]))
    quotes = "; ".join(html.escape(q) for q in t["texts"][:3])
    kind = html.escape(str(t["kind"]) + (" (trauma reminder)" if t["trauma_reminder"] else ""))
    last = html.escape(str(t["last_date"] or f"session {t['last_session'] + 1}"))
    return (
        f"<tr><td>{label}<br><q>{quotes}</q></td><td>{kind}</td><td>{t['sessions']}</td>"
        f"<td>{last}</td><td>{html.escape(str(t['change']))}</td></tr>"
    )
