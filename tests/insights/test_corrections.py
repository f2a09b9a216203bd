"""Corrections on the insight page (mark wrong, add a finding) and their de-identified export."""
# ruff: noqa: F811  (fixtures come from transcript_fixtures by name)

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as Browser
from django.utils import timezone
from typer.testing import CliRunner

from talkingcure.audit.models import AuditEntry
from talkingcure.cli import app
from talkingcure.clients.models import Client
from talkingcure.consents.models import Consent, ConsentKind
from talkingcure.disclosure.models import Disclosure
from talkingcure.insights.findings import keyed_findings
from talkingcure.insights.models import Analysis, Correction, CorrectionAction
from talkingcure.insights.service import run_analysis
from talkingcure.scheduling.models import Appointment

from .transcript_fixtures import held, make_transcript, transcript_url  # noqa: F401

pytestmark = pytest.mark.django_db


def _analysed(held: Appointment, personas: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    transcript = make_transcript(held, personas)
    run_analysis(transcript.analysis.pk)
    return transcript, Analysis.objects.get(transcript=transcript).result


def _item(html: str, element_id: str) -> str:
    """The list item with this id, up to its own closing tag (the template ends it on a line)."""
    item = html[html.index(f'<li id="{element_id}"') :]
    return item[: item.index("\n</li>")]


def _not_risk(result: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in keyed_findings(result) if f["group"] != "risk")


def test_mark_wrong_is_kept_with_who_and_when_shown_and_idempotent(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript, result = _analysed(held, personas)
    browser = signed_in(personas["owner"])
    finding = _not_risk(result)
    url = transcript_url(transcript, "mark_wrong")
    response = browser.post(url, {"key": finding["key"], "note": "Synthetic: not catharsis"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#finding-{finding['key']}")
    correction = Correction.objects.get()
    assert correction.action == CorrectionAction.WRONG and correction.author == personas["owner"]
    assert correction.finding["key"] == finding["key"]
    assert correction.finding["detector"] == finding["detector"]
    assert correction.note == "Synthetic: not catharsis"

    html = browser.get(transcript_url(transcript)).content.decode()
    item = _item(html, f"finding-{finding['key']}")
    assert "marked-wrong" in item.split(">")[0]  # greyed, still listed
    today = timezone.localtime(correction.created_at).strftime("%-d %b %Y")
    assert f"Marked wrong by {personas['owner']} on {today}" in item
    assert "Synthetic: not catharsis" in item and "Mark wrong</button>" not in item

    again = browser.post(url, {"key": finding["key"], "note": "twice"})
    assert again.status_code == 302 and Correction.objects.count() == 1
    analysis_id = str(transcript.analysis.public_id)
    audited = AuditEntry.objects.filter(action="finding-marked-wrong", object_id=analysis_id)
    assert audited.count() == 1 and audited.get().object_type == "analysis"


def test_marking_an_unknown_finding_is_refused_on_the_page(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript, _ = _analysed(held, personas)
    browser = signed_in(personas["owner"])
    response = browser.post(transcript_url(transcript, "mark_wrong"), {"key": "0" * 20})
    assert response.status_code == 400
    assert "This analysis has no such finding." in response.content.decode()
    assert not Correction.objects.exists()


def test_an_unfinished_analysis_cannot_be_corrected(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript = make_transcript(held, personas)  # queued, never run
    response = signed_in(personas["owner"]).post(
        transcript_url(transcript, "add_finding"), {"group": "insight", "turn": 0}
    )
    assert response.status_code == 400
    assert "Only a finished analysis can be corrected." in response.content.decode()
    assert not Correction.objects.exists()


def test_added_finding_is_kept_listed_highlighted_and_audited(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript, result = _analysed(held, personas)
    browser = signed_in(personas["owner"])
    turn = next(t for t in result["turns"] if len(t["text"]) > 20)
    data = {"group": "insight", "turn": turn["index"], "start": 3, "end": 15, "note": "Synthetic"}
    response = browser.post(transcript_url(transcript, "add_finding"), data)
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.action == CorrectionAction.ADDED
    assert correction.finding["evidence"][0]["quote"] == turn["text"][3:15]
    html = browser.get(transcript_url(transcript)).content.decode()
    key = correction.finding["key"]
    item = html[html.index(f'<li id="added-{key}"') :]
    item = item[: item.index("</li>")]
    assert f"Added by {personas['owner']}" in item and "Insight" in item
    assert f'href="#ev-{key}-0"' in item
    assert f'<mark id="ev-{key}-0" class="evidence group-insight">' in html
    assert AuditEntry.objects.filter(
        action="correction-added",
        object_type="analysis",
        object_id=str(correction.analysis.public_id),
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"group": "catharsis", "turn": 9999}, "There is no turn 9999"),
        (
            {"group": "catharsis", "turn": 1, "start": 5, "end": 3},
            "The span 5-3 is not inside turn 1",
        ),
        ({"group": "catharsis", "turn": 1, "start": 0, "end": 99999}, "is not inside turn 1"),
        ({"group": "catharsis", "turn": -1}, "greater than or equal to 0"),
        ({"group": "bogus", "turn": 1}, "Select a valid choice"),
    ],
)
def test_a_bad_added_finding_answers_400_keeps_the_form_and_saves_nothing(
    held: Appointment, personas: Any, signed_in: Any, data: dict[str, Any], message: str
) -> None:
    transcript, _ = _analysed(held, personas)
    browser = signed_in(personas["owner"])
    posted = {**data, "note": "Synthetic note kept"}
    response = browser.post(transcript_url(transcript, "add_finding"), posted)
    assert response.status_code == 400
    html = response.content.decode()
    alert = html[html.index('class="error correction-error" role="alert"') :]
    assert message in alert[: alert.index("</div>")]
    form = html[html.index('id="add-finding"') :]
    assert f'name="turn" value="{data["turn"]}"' in form
    assert "Synthetic note kept</textarea>" in form
    assert not Correction.objects.exists()
    assert not AuditEntry.objects.filter(action="correction-added").exists()


def test_corrections_need_the_csrf_token(held: Appointment, personas: Any, signed_in: Any) -> None:
    transcript, result = _analysed(held, personas)
    signed = signed_in(personas["owner"])
    strict = Browser(enforce_csrf_checks=True)
    strict.cookies = signed.cookies
    key = _not_risk(result)["key"]
    assert strict.post(transcript_url(transcript, "mark_wrong"), {"key": key}).status_code == 403
    assert not Correction.objects.exists()


def test_re_analysis_keeps_corrections_on_the_same_finding(
    held: Appointment, personas: Any, signed_in: Any
) -> None:
    transcript, result = _analysed(held, personas)
    browser = signed_in(personas["owner"])
    finding = _not_risk(result)
    browser.post(transcript_url(transcript, "mark_wrong"), {"key": finding["key"]})
    run_analysis(transcript.analysis.pk)  # the idempotent re-run replaces the result
    assert {f["key"] for f in keyed_findings(Analysis.objects.get().result)} >= {finding["key"]}
    html = browser.get(transcript_url(transcript)).content.decode()
    assert "Marked wrong by" in _item(html, f"finding-{finding['key']}")
    assert "no longer found by the engine" not in html


def _second_client(personas: dict[str, Any]) -> Appointment:
    other = Client.objects.create(
        given_name="Ola", family_name="Synthetic-Two", clinician=personas["owner"], synthetic=True
    )
    return Appointment.objects.create(
        client=other,
        clinician=personas["owner"],
        starts_at=timezone.now(),
        status=Appointment.Status.ATTENDED,
    )


def _correct(browser: Any, transcript: Any, result: dict[str, Any]) -> None:
    finding = _not_risk(result)
    note = "Synthetic NOTE-SECRET"
    browser.post(transcript_url(transcript, "mark_wrong"), {"key": finding["key"], "note": note})
    added = {"group": "emotions", "turn": 1, "start": 0, "end": 10, "note": note}
    assert browser.post(transcript_url(transcript, "add_finding"), added).status_code == 302


def test_export_sends_only_research_consented_corrections_without_words_or_ids(
    held: Appointment, personas: Any, signed_in: Any, tmp_path: Path
) -> None:
    browser = signed_in(personas["owner"])
    consented, result = _analysed(held, personas)
    Consent.objects.create(
        client=personas["client"], kind=ConsentKind.RESEARCH, given_on="2026-01-01"
    )
    _correct(browser, consented, result)
    withheld, other_result = _analysed(_second_client(personas), personas)
    _correct(browser, withheld, other_result)

    out = tmp_path / "corrections.jsonl"
    command = ["export", "corrections", "--as", "researcher", "--purpose", "detector precision"]
    run = CliRunner().invoke(app, [*command, "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert "wrote 2 de-identified corrections" in run.output and "1 clients withheld" in run.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["action"] for r in rows) == ["added", "wrong"]
    assert len({r["session"] for r in rows}) == 1  # one session's corrections group together

    text = out.read_text()
    words = [t["text"] for t in result["turns"]] + ["NOTE-SECRET", "Quinn", "owner", "Morgan"]
    words += [e["quote"] for f in result["findings"] for e in f["evidence"]]
    assert [w for w in words if len(w) > 4 and w in text] == []
    identifiers = [consented.public_id, consented.analysis.public_id, held.public_id]
    identifiers += [
        personas["client"].public_id,
        *Correction.objects.values_list("public_id", flat=True),
    ]
    identifiers += [c.finding["key"] for c in Correction.objects.all()]
    assert [i for i in identifiers if str(i) in text] == []
    wrong = next(r for r in rows if r["action"] == "wrong")
    finding = _not_risk(result)
    assert wrong["month"] == timezone.localdate().strftime("%Y-%m")
    assert wrong["kind"] == finding["kind"] and wrong["detector"] == finding["detector"]
    assert wrong["turns"] == finding["turns"] and wrong["score"] == finding["score"]
    assert wrong["detector_version"] == result["engine"]["detectors"][finding["detector"]]
    assert wrong["evidence"] == [
        {"turn": e["turn"], "start": e["start"], "end": e["end"]} for e in finding["evidence"]
    ]
    turn = finding["turns"][0]
    labels = next(t for t in wrong["turn_labels"] if t["turn"] == turn)
    assert labels["labels"] == result["turns"][turn]["labels"]

    assert Disclosure.objects.filter(path="corrections_export").count() == 1
    assert Disclosure.objects.get().client == personas["client"]
    assert AuditEntry.objects.filter(action="export", object_id="corrections_export").exists()
    assert AuditEntry.objects.filter(
        action="disclosure_refused", object_id=str(withheld.appointment.client.public_id)
    ).exists()

    again = CliRunner().invoke(app, command)  # to stdout; a fresh pseudonym each export
    assert again.exit_code == 0, again.output
    lines = [line for line in again.stdout.splitlines() if line.startswith("{")]
    sessions = {json.loads(line)["session"] for line in lines}
    assert sessions and sessions.isdisjoint({r["session"] for r in rows})


def test_export_refuses_a_clinician(personas: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    command = ["export", "corrections", "--as", "owner", "--purpose", "x", "-o", str(out)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2 and not out.exists()
