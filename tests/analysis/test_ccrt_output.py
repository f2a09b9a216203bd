"""The CCRT component's output keys in the analysis JSON (schema talkingcure.analysis/1)."""

from __future__ import annotations

from talkingcure.analysis.pipeline import SCHEMA, Engine, load_config
from talkingcure.analysis.registry import build
from tests.analysis.ccrt_helpers import analyse


def test_episodes_and_ccrt_are_top_level_keys_not_inside_summary() -> None:
    data = analyse(
        ("C", "My mum ignored me at the party and I felt hopeless."),
        ("T", "You wanted her to notice you."),
        ("C", "And I think you find me boring too, I feel embarrassed even saying it."),
    ).to_dict()
    assert data["schema"] == SCHEMA
    assert "relationship_episodes" not in data["summary"]
    assert "ccrt" not in data["summary"]
    assert data["relationship_episodes"]
    assert all(e["candidate"] for e in data["relationship_episodes"])
    assert data["ccrt"]["candidate"] is True
    assert data["ccrt"]["episodes"] == len(data["relationship_episodes"])


def test_transference_pattern_in_one_session() -> None:
    data = analyse(
        ("C", "My dad laughed at me when I showed him my painting, and I felt ashamed."),
        ("T", "Mm."),
        ("C", "Right now I imagine you laughing at me too, and I feel ashamed again."),
    ).to_dict()
    kinds = {(p["kind"], p["cluster"]) for p in data["ccrt"]["transference"]}
    assert ("RS", "RS8") in kinds


def test_default_pipeline_runs_ccrt_before_the_summary() -> None:
    names = [c.name for c in build(load_config())]
    assert names.index("talkingcure.ccrt.v1") < names.index("talkingcure.summary.v1")
    assert "talkingcure.ccrt.v1" in Engine().config["pipeline"]
