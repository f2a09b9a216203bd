"""The therapists' corrections of session analyses, de-identified, for improving the detectors.

``talkingcure export corrections`` writes one JSON object a line for each correction of a
client who has research consent in force. Every client's corrections pass the disclosure gate
(``disclose(..., research=True)``: a ``Disclosure`` row per client released, an audited refusal
per client withheld), and each run of the export is audited as a use of its path.

What leaves (docs/insights.md says why): the action (marked wrong / added), the finding's kind,
filter group, detector and its version, the engine version, turn numbers, evidence character
offsets, the score, and the engine's labels and scores of the turns involved with the speaker's
role; a pseudonym per session, random for each export, so one session's corrections group
together but cannot be linked to a record or to another export; the month of the correction.

What never leaves: a word of the session (quotes, turn text, explanations, speaker names), the
therapist's note, any name, any client, appointment, transcript, analysis or correction
identifier, the finding key, any date finer than the month.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable
from typing import IO, Any

from talkingcure.clients.models import Client
from talkingcure.disclosure.gate import Category, disclose, disclose_unidentified
from talkingcure.insights.models import Correction

PATH = "corrections_export"
SCHEMA = "talkingcure.corrections/1"


def corrections_extract(user: Any, purpose: str) -> tuple[list[dict[str, Any]], int]:
    """The de-identified rows of research-consenting clients, and how many clients were withheld."""
    recipient = f"researcher {user.public_id}"
    disclose_unidentified(path=PATH, user=user, recipient=recipient, purpose=purpose)
    salt = secrets.token_bytes(16)
    rows: list[dict[str, Any]] = []
    withheld = 0
    for client, corrections in _by_client():
        decision = disclose(
            path=PATH,
            user=user,
            client=client,
            categories=[Category.ANALYSIS_CORRECTIONS],
            recipient=recipient,
            purpose=purpose,
            research=True,
        )
        if not decision.allowed:
            withheld += 1
            continue
        rows.extend(correction_row(c, _pseudonym(c, salt)) for c in corrections)
    rows.sort(key=lambda row: row["session"])  # stable: each session's rows keep their order
    return rows, withheld


def write_jsonl(rows: Iterable[dict[str, Any]], handle: IO[str]) -> None:
    for row in rows:
        handle.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")


def _by_client() -> list[tuple[Client, list[Correction]]]:
    corrections = Correction.objects.select_related(
        "analysis__transcript__appointment__client"
    ).order_by("analysis_id", "created_at", "pk")
    grouped: dict[int, tuple[Client, list[Correction]]] = {}
    for correction in corrections:
        client = correction.analysis.transcript.appointment.client
        grouped.setdefault(client.pk, (client, []))[1].append(correction)
    return [grouped[pk] for pk in sorted(grouped)]


def _pseudonym(correction: Correction, salt: bytes) -> str:
    return hmac.new(salt, correction.analysis.public_id.bytes, hashlib.sha256).hexdigest()[:12]


def _turns_involved(finding: dict[str, Any]) -> list[int]:
    turns = {t for t in finding.get("turns") or [] if isinstance(t, int)}
    turns |= {e["turn"] for e in finding.get("evidence") or [] if isinstance(e.get("turn"), int)}
    return sorted(turns)


def _turn_labels(result: dict[str, Any], turns: list[int]) -> list[dict[str, Any]]:
    all_turns = result.get("turns") or []
    labelled = []
    for index in turns:
        if 0 <= index < len(all_turns):
            turn = all_turns[index]
            labelled.append(
                {
                    "turn": index,
                    "role": turn.get("role"),
                    "labels": dict(turn.get("labels") or {}),
                }
            )
    return labelled


def correction_row(correction: Correction, pseudonym: str) -> dict[str, Any]:
    """One correction, de-identified: structure and numbers only, never a word."""
    finding = correction.finding or {}
    result = correction.analysis.result or {}
    detector = finding.get("detector")
    versions = (result.get("engine") or {}).get("detectors") or {}
    return {
        "schema": SCHEMA,
        "session": pseudonym,
        "month": correction.created_at.strftime("%Y-%m"),
        "action": correction.action,
        "kind": finding.get("kind"),
        "group": finding.get("group"),
        "detector": detector,
        "detector_version": versions.get(detector) if detector else None,
        "engine_version": finding.get("engine_version") or correction.analysis.engine_version,
        "turns": [t for t in finding.get("turns") or [] if isinstance(t, int)],
        "evidence": [
            {"turn": e.get("turn"), "start": e.get("start"), "end": e.get("end")}
            for e in finding.get("evidence") or []
        ],
        "score": finding.get("score"),
        "turn_labels": _turn_labels(result, _turns_involved(finding)),
    }
