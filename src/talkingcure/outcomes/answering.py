"""Answers arrive: drafts are kept, complete forms are scored, critical answers raise a flag."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from talkingcure.measures import MeasuresError, Score, get_instrument, reliable_change, score
from talkingcure.outcomes.models import Administration
from talkingcure.risk.pipeline import raise_flag

# Critical flags of the instruments, mapped to the risk pipeline's kinds. PHQ-9 item 9 asks
# about thoughts of being better off dead or of hurting oneself: it opens a suicide flag.
FLAG_KINDS = {
    "risk.self_harm_thoughts": "suicide",
    "risk.suicide_acute": "suicide",
    "risk.suicide_plans": "suicide",
    "risk.suicide_screen_positive": "suicide",
}


@dataclass
class Outcome:
    completed: bool
    error: str = ""
    critical: bool = False


def save_draft(administration: Administration, answers: dict[str, int]) -> None:
    """Keep what the client answered so far; nothing is lost if they stop half-way."""
    administration.answers = {**administration.answers, **answers}
    administration.status = Administration.Status.DRAFT
    administration.save(update_fields=["answers", "status"])


@transaction.atomic
def submit(
    administration: Administration, answers: dict[str, int], now: datetime.datetime | None = None
) -> Outcome:
    """Score the answers; on a refusal keep them as a draft and say what is missing."""
    save_draft(administration, answers)
    sex = administration.client.sex if administration.client.sex in ("female", "male") else None
    try:
        given = {k: v for k, v in administration.answers.items() if not k.startswith("_")}
        result = score(administration.instrument_id, given, sex=sex)
    except MeasuresError as exc:
        critical = _critical_from_refusal(exc)
        if critical:
            _raise_critical(administration, critical)
        return Outcome(completed=False, error=str(exc), critical=bool(critical))
    administration.result = result_dict(result, _change(administration, result))
    administration.status = Administration.Status.COMPLETED
    administration.completed_at = now or timezone.now()
    administration.save(update_fields=["result", "status", "completed_at"])
    endorsed = [c for c in administration.result["critical"] if c["value"] is not None]
    if endorsed:
        _raise_critical(administration, endorsed)
    check_on_track(administration)
    return Outcome(completed=True, critical=bool(endorsed))


def flag_critical_answers(administration: Administration) -> bool:
    """Raise a flag for any critical item already endorsed in a draft, before the form is
    complete: a client who stops half-way must not take a suicidal answer with them."""
    instrument = get_instrument(administration.instrument_id)
    endorsed = []
    for critical in instrument.critical_items:
        value = administration.answers.get(critical.item)
        if isinstance(value, int) and value >= critical.min_value:
            endorsed.append(
                {
                    "item": critical.item,
                    "flag": critical.flag,
                    "value": value,
                    "message": critical.message,
                }
            )
    if endorsed:
        _raise_critical(administration, endorsed)
    return bool(endorsed)


def _critical_from_refusal(exc: MeasuresError) -> list[dict[str, Any]]:
    flags = getattr(exc, "critical", ()) or ()
    return [_flag_dict(f) for f in flags if f.value is not None]


def _flag_dict(flag: Any) -> dict[str, Any]:
    return {"item": flag.item, "flag": flag.flag, "value": flag.value, "message": flag.message}


def result_dict(result: Score, change: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "instrument": result.instrument_id,
        "version": result.instrument_version,
        "total": result.total,
        "range": list(result.total_range) if result.total_range else None,
        "band": result.band.label if result.band else None,
        "band_code": result.band_code,
        "subscales": {k: v.value for k, v in result.subscales.items()},
        "critical": [_flag_dict(c) for c in result.critical],
        "notes": list(result.notes),
        "change": change,
    }


def _change(administration: Administration, result: Score) -> dict[str, Any] | None:
    """Change from the client's first completed score on the same instrument."""
    first = (
        Administration.objects.filter(
            client=administration.client,
            instrument_id=administration.instrument_id,
            status=Administration.Status.COMPLETED,
        )
        .exclude(pk=administration.pk)
        .order_by("completed_at")
        .first()
    )
    if first is None or result.total is None or first.result.get("total") is None:
        return None
    change = reliable_change(administration.instrument_id, first.result["total"], result.total)
    return {
        "label": change.label,
        "category": change.category,
        "explanation": change.explanation,
        "available": change.available,
        "sources": list(change.sources),
    }


def _raise_critical(administration: Administration, flags: list[dict[str, Any]]) -> None:
    """One risk flag per endorsed critical item per administration, however often it is sent."""
    instrument = get_instrument(administration.instrument_id)
    raised = set(administration.answers.get("_flagged", []))
    for flag in flags:
        if flag["item"] in raised:
            continue
        raised.add(flag["item"])
        raise_flag(
            client=administration.client,
            kind=FLAG_KINDS.get(flag["flag"], "other"),
            source="questionnaire",
            evidence={
                "instrument": instrument.name,
                "item": flag["item"],
                "answer": flag["value"],
                "note": flag["message"],
                "administration": str(administration.public_id),
            },
        )
    administration.answers = {**administration.answers, "_flagged": sorted(raised)}
    administration.save(update_fields=["answers"])


def check_on_track(administration: Administration) -> bool:
    """The "not on track" rule (docs/measures.md): a reliable deterioration at any point,
    or no reliable improvement by the Nth completed administration. Raises one flag."""
    completed = list(
        Administration.objects.filter(
            client=administration.client,
            instrument_id=administration.instrument_id,
            status=Administration.Status.COMPLETED,
        ).order_by("completed_at")
    )
    change = administration.result.get("change") or {}
    before = completed[-2].result.get("change") or {} if len(completed) > 1 else {}
    deteriorated = change.get("label") == "deteriorated" and before.get("label") != "deteriorated"
    nth = settings.NOT_ON_TRACK_AFTER
    stalled = (
        len(completed) == nth and change.get("available") and change.get("label") in ("unchanged",)
    )
    if not (deteriorated or stalled) or _open_alert(administration):
        return False
    reason = (
        "reliable deterioration"
        if deteriorated
        else f"no reliable improvement after {nth} administrations"
    )
    raise_flag(
        client=administration.client,
        kind="other",
        source="questionnaire",
        evidence={
            "rule": "not on track",
            "reason": reason,
            "instrument": administration.instrument_id,
            "explanation": change.get("explanation", ""),
        },
    )
    return True


def _open_alert(administration: Administration) -> bool:
    """An open "not on track" flag for this client and instrument already says it all."""
    from talkingcure.risk.models import RiskFlag

    for flag in RiskFlag.objects.filter(client=administration.client, source="questionnaire"):
        evidence = flag.evidence if isinstance(flag.evidence, dict) else {}
        if (
            flag.is_open
            and evidence.get("rule") == "not on track"
            and evidence.get("instrument") == administration.instrument_id
        ):
            return True
    return False
