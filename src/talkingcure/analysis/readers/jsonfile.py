"""JSON transcripts: ``{"turns": [{"speaker", "text", "start", "end", "role"}], "meta": {}}``.

``start``, ``end`` (seconds), ``role`` (therapist, client or other) and ``meta`` are optional.
A bare list of turns is accepted too. Errors name the field, e.g. ``turns[3].speaker``.
"""

from __future__ import annotations

import json
import math
from typing import Any, cast

from talkingcure.analysis.readers.assemble import RawTurn
from talkingcure.analysis.readers.errors import JSONFormatError, TurnFieldError
from talkingcure.analysis.transcript import Role

ROLES = ("therapist", "client", "other")


def parse_json(text: str, *, source: str) -> tuple[list[RawTurn], dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JSONFormatError(
            f"is not valid JSON: {exc.msg}", file=source, line=exc.lineno
        ) from exc
    except RecursionError as exc:
        raise JSONFormatError("is nested too deeply to be a transcript", file=source) from exc
    if isinstance(data, list):
        data = {"turns": data}
    if not isinstance(data, dict) or "turns" not in data:
        raise JSONFormatError(
            'expected an object with a "turns" list: {"turns": [{"speaker": ..., "text": ...}]}',
            file=source,
            field="turns",
        )
    turns = data["turns"]
    if not isinstance(turns, list):
        raise TurnFieldError("must be a list of turns", file=source, field="turns")
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        raise TurnFieldError("must be an object", file=source, field="meta")
    return [_turn(item, i, source) for i, item in enumerate(turns)], meta


def _turn(item: object, index: int, source: str) -> RawTurn:
    where = f"turns[{index}]"
    if not isinstance(item, dict):
        raise TurnFieldError("must be an object with speaker and text", file=source, field=where)
    speaker = item.get("speaker")
    if not isinstance(speaker, str) or not speaker.strip():
        raise TurnFieldError(
            "is missing or not a non-empty string", file=source, field=f"{where}.speaker"
        )
    text = item.get("text")
    if not isinstance(text, str):
        raise TurnFieldError("is missing or not a string", file=source, field=f"{where}.text")
    start = _time(item.get("start"), f"{where}.start", source)
    end = _time(item.get("end"), f"{where}.end", source)
    if start is not None and end is not None and end < start:
        raise TurnFieldError(
            f"ends ({end}) before it starts ({start})", file=source, field=f"{where}.end"
        )
    role = item.get("role")
    if role is not None and role not in ROLES:
        raise TurnFieldError(
            f"must be one of {', '.join(ROLES)}", file=source, field=f"{where}.role"
        )
    return RawTurn(
        speaker=" ".join(speaker.split()),
        text=text,
        start=start,
        end=end,
        role=cast(Role | None, role),
    )


def _time(value: object, field: str, source: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TurnFieldError("must be a number of seconds or null", file=source, field=field)
    if not math.isfinite(value) or value < 0:
        raise TurnFieldError(
            "must be a finite, non-negative number of seconds", file=source, field=field
        )
    return float(value)
