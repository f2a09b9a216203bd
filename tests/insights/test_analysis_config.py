"""TALKINGCURE_ANALYSIS_CONFIG chooses the pipeline the product runs (docs/configuration.md).

With ``embeddings`` (the extra installed, as in CI) session analyses and the intake queue's risk
screen also run the semantic risk screen, which reads risk said in words the rules do not know.
The sentences are synthetic, written for these tests.
"""
# ruff: noqa: F811  (fixtures come from transcript_fixtures by name)

from __future__ import annotations

from typing import Any

import pytest

from talkingcure.insights.models import Analysis, AnalysisStatus
from talkingcure.insights.service import run_analysis
from talkingcure.scheduling.models import Appointment
from tests.analysis.emotion_helpers import require_embeddings_extra
from tests.insights.transcript_fixtures import held, make_transcript  # noqa: F401
from tests.intake.inquiries import make_inquiry

pytestmark = pytest.mark.django_db

# A wording the phrase rules do not know (if they learn it, pick another one).
UNRULED = "Some nights I just want to go to sleep and stay asleep."
SESSION = f"Therapist: How have the evenings been?\nClient: The dog needs walking. {UNRULED}\n"


def analysed(held: Appointment, personas: dict[str, Any]) -> dict[str, Any]:
    transcript = make_transcript(held, personas, text=SESSION)
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
