"""The trigger evaluation matches by turn and span overlap and renders an honest section."""

from __future__ import annotations

from typing import Any

from talkingcure.analysis.evaluation.triggers_eval import (
    TriggerEvaluation,
    measure_triggers,
    new_evaluation,
    render_section,
    score_session,
)


def _result() -> TriggerEvaluation:
    return new_evaluation("test")


def _gold(turn: int, start: int, end: int, mode: str) -> dict[str, Any]:
    return {
        "id": f"g-{turn}",
        "turn": turn,
        "span": {"start": start, "end": end, "quote": "x"},
        "kind": "person",
        "response": "emotion",
        "mode": mode,
        "trauma_reminder": False,
    }


def _pred(turn: int, start: int, end: int, mode: str) -> dict[str, Any]:
    return {
        "id": f"p-{turn}",
        "turn": turn,
        "start": start,
        "end": end,
        "text": "x",
        "kind": "person",
        "response": "urge",
        "mode": mode,
        "trauma_reminder": False,
        "evidence": [],
    }


def test_overlap_in_the_same_turn_matches_and_modes_are_scored_apart() -> None:
    result = _result()
    record = {
        "session": "s",
        "triggers": [_gold(1, 0, 10, "explicit"), _gold(3, 5, 20, "inferred")],
        "coping": [],
    }
    analysis = {
        "summary": {
            "triggers": [_pred(1, 4, 12, "explicit"), _pred(3, 30, 40, "inferred")],
            "coping": [],
        }
    }
    score_session(result, record, analysis)
    assert (result.counts["explicit"].tp, result.counts["explicit"].fp) == (1, 0)
    inferred = result.counts["inferred"]
    assert (inferred.tp, inferred.fp, inferred.fn) == (0, 1, 1)
    assert result.agreement["kind"].right == 1
    assert result.agreement["response"].right == 0
    section = render_section(result)
    assert "| explicit | 1.000" in section
    assert "cannot" in section and "Blind figures" in section


def test_measure_on_dev_split_runs_end_to_end() -> None:
    result = measure_triggers(splits=("dev",))
    assert len(result.sessions) == 6
    assert result.counts["any trigger"].tp > 0


def test_evaluation_report_renders_extra_sections() -> None:
    from talkingcure.analysis.evaluation.report import Evaluation, render

    section = render_section(_result())
    text = render(Evaluation(sections=[section]))
    assert "## Distress triggers and coping" in text
    assert text.index("## Distress triggers") < text.index("## Mappings and notes")
