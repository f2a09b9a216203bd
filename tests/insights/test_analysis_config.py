"""TALKINGCURE_ANALYSIS_CONFIG chooses the pipeline the product runs (docs/configuration.md).

With ``embeddings`` (the extra installed, as in CI) session analyses and the intake queue's risk
screen also run the semantic risk screen, which reads risk said in words the rules do not know.
The sentences are synthetic, written for these tests.
"""
# ruff: noqa: F811  (fixtures come from transcript_fixtures by name)

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.analysis.evaluation.adequacy import load_agreement
from talkingcure.insights.models import Analysis, AnalysisStatus
from talkingcure.insights.service import run_analysis
from talkingcure.notes.drafting import draft_from_analysis
from talkingcure.scheduling.models import Appointment
from tests.analysis.emotion_helpers import require_embeddings_extra
from tests.insights.transcript_fixtures import held, make_transcript  # noqa: F401
from tests.intake.inquiries import make_inquiry

pytestmark = pytest.mark.django_db

# A wording the phrase rules do not know (if they learn it, pick another one).
UNRULED = "Some nights I just want to go to sleep and stay asleep."
SESSION = f"Therapist: How have the evenings been?\nClient: The dog needs walking. {UNRULED}\n"


JOYFUL = (
    "Therapist: What happened with the interview?\n"
    "Client: I got the job! I'm so happy, honestly thrilled, I laughed all the way home.\n"
)


def analysed(held: Appointment, personas: dict[str, Any], text: str = SESSION) -> dict[str, Any]:
    transcript = make_transcript(held, personas, text=text)
    analysis = Analysis.objects.get(transcript=transcript)
    run_analysis(analysis.pk)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DONE, analysis.error
    return dict(analysis.result)


def semantic_quotes(result: dict[str, Any]) -> list[str]:
    return [
        evidence["quote"]
        for finding in result["findings"]
        if finding["kind"] == "risk" and finding["detector"] == "talkingcure.risk_embed.v1"
        for evidence in finding["evidence"]
    ]


def test_the_default_pipeline_runs_without_the_semantic_screen(
    held: Appointment, personas: dict[str, Any]
) -> None:
    result = analysed(held, personas)
    assert "talkingcure.risk_embed.v1" not in result["engine"]["detectors"]
    assert "risk.suicide" not in result["turns"][1]["labels"]


def test_the_embeddings_pipeline_flags_risk_the_rules_miss(
    held: Appointment, personas: dict[str, Any], settings: Any
) -> None:
    require_embeddings_extra()
    settings.ANALYSIS_CONFIG = "embeddings"
    result = analysed(held, personas)
    assert "talkingcure.risk_embed.v1" in result["engine"]["detectors"]
    assert "risk.suicide" in result["turns"][1]["labels"]
    assert semantic_quotes(result) == [UNRULED]


def test_intake_screens_with_the_product_pipeline(settings: Any) -> None:
    assert not make_inquiry(UNRULED).urgent
    require_embeddings_extra()
    settings.ANALYSIS_CONFIG = "embeddings"
    inquiry = make_inquiry(UNRULED)
    assert inquiry.urgent
    (found,) = [r for r in inquiry.risk_evidence if r["label"] == "risk.suicide"]
    assert found["quote"] == UNRULED


def test_drafting_writes_only_what_the_figures_measured_for_the_pipeline_that_ran(
    held: Appointment, personas: dict[str, Any], settings: Any
) -> None:
    # The shipped figures measure the default emotion head; the embeddings pipeline uses another.
    agreement = load_agreement()
    assert agreement.adequate("emotion.joy") and agreement.adequate("question")
    default = draft_from_analysis(analysed(held, personas, JOYFUL), agreement)
    assert "joy in 1 client turn (turn 1)" in (default.text("affect") or "")
    require_embeddings_extra()
    settings.ANALYSIS_CONFIG = "embeddings"
    result = analysed(held, personas, JOYFUL)
    assert "emotion.joy" in result["turns"][1]["labels"]
    draft = draft_from_analysis(result, agreement)
    assert draft.text("affect") is None  # not assessed: no measured label to draft from
    assert "asked 1 question (turn 0)" in (draft.text("techniques_other") or "")
    (joy,) = [c for c in draft.candidates if c.kind == "emotion.joy"]
    assert "talkingcure.emotions_embed.v1" in joy.why
