"""The CCRT formulation: pervasiveness, core theme, by person, transference, negative share."""

from __future__ import annotations

from typing import Any

from talkingcure.analysis.ccrt.formulation import (
    by_person,
    core_theme,
    formulation,
    negative_share,
    pervasiveness,
    transference,
)


def _ep(category: str, *clusters: str, negative: tuple[str, ...] = ()) -> dict[str, Any]:
    components = [
        {
            "kind": c.rstrip("0123456789"),
            "cluster": c,
            "valence": "negative" if c in negative else "positive",
        }
        for c in clusters
    ]
    return {"other": category, "category": category, "components": components}


EPISODES = [
    _ep("mother", "W6", "RO5", "RS7", negative=("RO5", "RS7")),
    _ep("mother", "W6", "RO5", "RO5", "RS2", negative=("RO5", "RS2")),
    _ep("partner", "W5", "RO7", "RS3"),
    _ep("therapist", "W6", "RO4", "RS8", negative=("RO4", "RS8")),
]


def test_pervasiveness_counts_episodes_not_components() -> None:
    table = pervasiveness(EPISODES)
    ro5 = next(row for row in table["RO"] if row["cluster"] == "RO5")
    assert ro5["episodes"] == 2  # twice in the second episode counts once
    assert ro5["pervasiveness"] == 0.5
    assert table["W"][0]["cluster"] == "W6" and table["W"][0]["pervasiveness"] == 0.75


def test_core_theme_is_the_most_pervasive_cluster_of_each_kind() -> None:
    theme = core_theme(EPISODES)
    assert theme["W"] is not None and theme["W"]["cluster"] == "W6"
    assert theme["RO"] is not None and theme["RO"]["cluster"] == "RO5"


def test_by_person_groups_episodes() -> None:
    rows = {row["person"]: row for row in by_person(EPISODES)}
    assert rows["mother"]["episodes"] == 2
    assert rows["mother"]["theme"]["RO"]["cluster"] == "RO5"
    assert rows["partner"]["theme"]["W"]["cluster"] == "W5"


def test_transference_marks_a_theme_shared_with_the_therapist() -> None:
    patterns = transference(EPISODES)
    assert [(p["kind"], p["cluster"]) for p in patterns] == [("W", "W6")]
    assert patterns[0]["other_people"] == ["mother"]


def test_no_therapist_episode_means_no_transference() -> None:
    assert transference(EPISODES[:3]) == []


def test_negative_share_of_ro_and_rs() -> None:
    share = negative_share(EPISODES)
    assert share["RO"] == round(4 / 5, 3)  # RO5, RO5, RO5, RO4 negative; RO7 positive
    assert share["RS"] == 0.75


def test_formulation_is_a_candidate_and_empty_input_says_not_detected() -> None:
    assert formulation(EPISODES, "x (1)")["candidate"] is True
    empty = formulation([], "talkingcure.ccrt.v1 (1.0.0)")
    assert empty["episodes"] == 0
    assert empty["status"].endswith("not detected by talkingcure.ccrt.v1 (1.0.0)")
