"""Drafting the progress note from the analysis (docs/records.md, "Drafting the note").

The analysis is the engine's real output on examples/session_morgan.txt (a synthetic session),
produced by ``run_analysis``; adequacy comes from the shipped agreement.json unless a test
builds its own.
"""
# ruff: noqa: F811  (fixtures come from transcript_fixtures by name)

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from django.urls import reverse

from talkingcure.analysis.evaluation.adequacy import Agreement, LabelAgreement, load_agreement
from talkingcure.audit.models import AuditEntry
from talkingcure.insights.models import Analysis, AnalysisStatus, Transcript
from talkingcure.insights.service import delete_transcript, run_analysis, strip_result
from talkingcure.notes import lifecycle
from talkingcure.notes.drafting import SENTENCES, Draft, draft_from_analysis
from talkingcure.notes.models import CONTENT_FIELDS, ProgressNote
from talkingcure.scheduling.models import Appointment
from tests.insights.transcript_fixtures import held, make_transcript  # noqa: F401

pytestmark = pytest.mark.django_db

OUTSIDERS = ["colleague", "supervisor", "other_supervisor", "admin", "intake", "researcher"]
BUTTON = "Draft from analysis</button>"  # the visible button text
_CACHE: dict[str, Any] = {}


def analyse(held: Appointment, personas: dict[str, Any]) -> Transcript:
    transcript = make_transcript(held, personas)
    analysis = Analysis.objects.get(transcript=transcript)
    run_analysis(analysis.pk)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DONE, analysis.error
    _CACHE.setdefault("result", copy.deepcopy(analysis.result))
    return Transcript.objects.select_related("analysis").get(pk=transcript.pk)


@pytest.fixture
def analysed(held: Appointment, personas: dict[str, Any]) -> Transcript:
    return analyse(held, personas)


@pytest.fixture
def result(held: Appointment, personas: dict[str, Any]) -> dict[str, Any]:
    """The engine's result on the synthetic session (run once per test run)."""
    if "result" not in _CACHE:
        analyse(held, personas)
    return copy.deepcopy(_CACHE["result"])


def turns_with(result: dict[str, Any], label: str, role: str) -> list[int]:
    return [t["index"] for t in result["turns"] if label in t["labels"] and t["role"] == role]


def cited(text: str) -> list[int]:
    match = re.search(r"\(turns? ([\d, ]+)\)", text)
    assert match, f"no turns cited in {text!r}"
    return [int(n) for n in match.group(1).split(",")]


def note_url(name: str, held: Appointment) -> str:
    return reverse(f"notes:{name}", args=[held.client.public_id, held.public_id])


# --- drafting.py on the real analysis --------------------------------------------------------


def test_every_drafted_sentence_cites_its_turns_and_the_rest_stays_not_assessed(
    result: dict[str, Any],
) -> None:
    agreement = load_agreement()
    draft = draft_from_analysis(result, agreement)
    drafted = {name: s for name, s in draft.fields.items() if s}
    assert drafted, "the session has adequate evidence (questions); something should be drafted"
    for sentences in drafted.values():
        for sentence in sentences:
            assert agreement.adequate(sentence.label)
            rule = SENTENCES[sentence.label]
            assert cited(sentence.text) == list(sentence.turns)
            assert list(sentence.turns) == turns_with(result, sentence.label, rule.role)
    evidence_fields = {
        SENTENCES[label].field
        for label in agreement.adequate_labels() & set(SENTENCES)
        if turns_with(result, label, SENTENCES[label].role)
    }
    assert set(drafted) == evidence_fields
    for name in set(CONTENT_FIELDS) - evidence_fields:
        assert draft.fields[name] is None and draft.text(name) is None  # not assessed
    questions = turns_with(result, "question", "therapist")
    assert f"The therapist asked {len(questions)} questions (turns " in (
        draft.text("techniques_other") or ""
    )


def test_a_label_that_is_not_adequate_is_a_candidate_and_never_in_the_note(
    result: dict[str, Any],
) -> None:
    agreement = load_agreement()
    assert not agreement.adequate("catharsis")
    draft = draft_from_analysis(result, agreement)
    in_note = " ".join(draft.texts().values()).lower()
    assert "catharsis" not in in_note and "sadness" not in in_note
    assert all(s.label != "catharsis" for s in (x for f in draft.fields.values() for x in f or ()))
    catharsis = [c for c in draft.candidates if c.kind == "catharsis"]
    assert catharsis, "the catharsis findings should be offered as candidates"
    first = catharsis[0]
    assert first.turns and first.quotes and first.detector == "talkingcure.catharsis.v1"
    assert "synthetic" in first.why
    sadness = [c for c in draft.candidates if c.kind == "emotion.sadness"]
    assert sadness and sadness[0].source == "label"
    assert list(sadness[0].turns) == turns_with(result, "emotion.sadness", "client")
    assert sadness[0].detector == "talkingcure.emotions.v1" and sadness[0].quotes
    open_questions = [c for c in draft.candidates if c.kind == "question.open"]
    assert open_questions, "open/closed questions are measured as accuracy only: candidates"


def test_a_label_from_a_detector_the_figures_did_not_measure_is_only_a_candidate(
    result: dict[str, Any],
) -> None:
    # As after changing a detector without re-running `talkingcure evaluate`, or with the
    # embeddings pipeline, whose emotion head is another detector.
    agreement = load_agreement()
    assert agreement.adequate("question") and turns_with(result, "question", "therapist")
    result["engine"]["detectors"]["talkingcure.therapist_acts.v1"] = "9.9.9"
    draft = draft_from_analysis(result, agreement)
    assert "question" not in (draft.text("techniques_other") or "")
    question = [c for c in draft.candidates if c.kind == "question"]
    assert question and "talkingcure.therapist_acts.v1 9.9.9" in question[0].why


def test_the_shipped_figures_name_the_detectors_of_the_default_pipeline(
    result: dict[str, Any],
) -> None:
    agreement = load_agreement()
    ran = result["engine"]["detectors"]
    assert agreement.detectors, "agreement.json names no detectors: re-run talkingcure evaluate"
    for name, version in agreement.detectors.items():
        assert ran.get(name) == version, f"{name}: re-run talkingcure evaluate after changing it"


def test_nothing_is_drafted_when_no_label_is_adequate(result: dict[str, Any]) -> None:
    draft = draft_from_analysis(result, Agreement(labels={}))
    assert all(value is None for value in draft.fields.values())
    assert any(c.kind == "question" for c in draft.candidates)


def test_an_adequate_label_without_a_sentence_still_stays_out_of_the_note(
    result: dict[str, Any],
) -> None:
    adequate = LabelAgreement("catharsis", adequate=True, reason="synthetic figure for a test")
    draft = draft_from_analysis(result, Agreement(labels={"catharsis": adequate}))
    assert draft.texts() == {}
    assert any(c.kind == "catharsis" for c in draft.candidates)


def test_risk_comes_first_among_candidates_for_review_and_never_in_the_note(
    result: dict[str, Any],
) -> None:
    draft = draft_from_analysis(result, load_agreement())
    risky = [i for i, c in enumerate(draft.candidates) if c.needs_review]
    assert risky == list(range(len(risky))) and risky, "risk candidates first"
    assert all(c.group == "risk" for c in draft.candidates[: len(risky)])
    assert not any(c.group == "risk" for c in draft.candidates[len(risky) :])
    suicide = [c for c in draft.candidates if c.kind == "risk" and 54 in c.turns]
    assert suicide and "not wake up" in " ".join(suicide[0].quotes)
    assert draft.fields["risk"] is None


def test_a_deleted_transcript_still_drafts_counts_with_turns_but_no_quotes(
    result: dict[str, Any],
) -> None:
    stripped = strip_result(result)
    assert stripped is not None
    before = draft_from_analysis(result, load_agreement())
    after = draft_from_analysis(stripped, load_agreement())
    assert after.texts() == before.texts() and after.texts()
    assert after.words_removed and after.candidates
    assert all(not c.quotes and not c.explanation for c in after.candidates)
    shown = json.dumps([c.__dict__ for c in after.candidates])
    assert "not wake up" not in shown and "Mum" not in shown


def test_a_result_that_is_not_an_analysis_is_refused() -> None:
    from talkingcure.notes.drafting import DraftError

    with pytest.raises(DraftError):
        draft_from_analysis({"turns": []}, load_agreement())


# --- the button on the note page ---------------------------------------------------------------


def test_draft_fills_only_empty_fields_saves_a_draft_and_audits(
    analysed: Transcript, held: Appointment, personas: dict[str, Any], signed_in: Any
) -> None:
    owner = personas["owner"]
    draft: Draft = draft_from_analysis(analysed.analysis.result, load_agreement())
    assert "techniques_other" in draft.texts()
    note = lifecycle.start(held, owner)
    mine = "Worked on the rupture around the cancelled session (synthetic)."
    lifecycle.save_draft(note, owner, {"techniques_other": mine})
    versions = note.versions.count()

    browser = signed_in(owner)
    response = browser.post(note_url("draft", held), follow=True)
    assert response.status_code == 200
    note.refresh_from_db()
    assert note.techniques_other == mine  # never overwrites the therapist's words
    for name, text in draft.texts().items():
        if name != "techniques_other":
            assert getattr(note, name) == text
    assert note.themes is None and note.risk is None and note.plan is None
    assert note.status == ProgressNote.Status.DRAFT and note.signed_at is None
    assert note.versions.count() == versions + (len(draft.texts()) > 1)
    assert AuditEntry.objects.filter(
        action="note-drafted", object_type="progress_note", object_id=str(note.public_id)
    ).exists()
    assert AuditEntry.objects.filter(
        action="read", object_type="analysis", object_id=str(analysed.analysis.public_id)
    ).exists()
    body = response.content.decode()
    assert "still a draft" in body and "sign it yourself" in body


def test_draft_on_a_new_note_creates_the_draft_and_the_page_shows_the_candidates(
    analysed: Transcript, held: Appointment, personas: dict[str, Any], signed_in: Any
) -> None:
    browser = signed_in(personas["owner"])
    page = browser.get(note_url("note", held)).content.decode()
    assert BUTTON in page and "Candidates (not in the note)" in page
    assert browser.post(note_url("draft", held)).status_code == 302
    note = ProgressNote.objects.get(appointment=held)
    expected = draft_from_analysis(analysed.analysis.result, load_agreement())
    assert {n: getattr(note, n) for n in expected.texts()} == expected.texts()
    assert note.status == ProgressNote.Status.DRAFT and note.versions.count() == 1
    page = browser.get(note_url("note", held)).content.decode()
    candidates = page[page.index("Candidates (not in the note)") :]
    assert candidates.index("risk: needs your review") < candidates.index("<strong>catharsis")
    assert "not wake up" in candidates  # the candidate's quote, beside the note


def test_a_signed_note_is_refused_and_left_alone(
    analysed: Transcript, held: Appointment, personas: dict[str, Any], signed_in: Any
) -> None:
    owner = personas["owner"]
    note = lifecycle.start(held, owner)
    lifecycle.save_draft(note, owner, {"themes": "Fear of being left (synthetic)."})
    lifecycle.sign(note, owner)
    browser = signed_in(owner)
    response = browser.post(note_url("draft", held), follow=True)
    assert "signed and locked; drafting changed nothing" in response.content.decode()
    note.refresh_from_db()
    assert note.techniques_other is None and note.affect is None
    assert note.versions.count() == 2  # the draft and the signed text, nothing new
    assert BUTTON not in browser.get(note_url("note", held)).content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_anyone_but_the_treating_therapist_gets_404(
    who: str, analysed: Transcript, held: Appointment, personas: dict[str, Any], signed_in: Any
) -> None:
    browser = signed_in(personas[who])
    assert browser.post(note_url("draft", held)).status_code == 404
    assert not ProgressNote.objects.filter(appointment=held).exists()
    page = browser.get(note_url("note", held))
    assert BUTTON not in page.content.decode()


def test_without_a_finished_analysis_the_button_is_not_offered(
    held: Appointment, personas: dict[str, Any], signed_in: Any
) -> None:
    make_transcript(held, personas)  # queued, not analysed yet
    browser = signed_in(personas["owner"])
    page = browser.get(note_url("note", held)).content.decode()
    assert BUTTON not in page and "once a transcript of this session has a finished" in page
    response = browser.post(note_url("draft", held), follow=True)
    assert "once a transcript of this session has a finished" in response.content.decode()
    assert not ProgressNote.objects.filter(appointment=held).exists()


def test_after_the_transcript_is_deleted_the_page_drafts_without_quotes(
    analysed: Transcript, held: Appointment, personas: dict[str, Any], signed_in: Any
) -> None:
    delete_transcript(analysed, reason="Client asked (synthetic).")
    browser = signed_in(personas["owner"])
    assert browser.post(note_url("draft", held)).status_code == 302
    note = ProgressNote.objects.get(appointment=held)
    assert note.techniques_other and "(turns " in note.techniques_other
    page = browser.get(note_url("note", held)).content.decode()
    assert "quotes do not" in page and "not wake up" not in page
