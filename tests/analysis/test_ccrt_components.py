"""talkingcure.ccrt.v1: W, RO and RS classified into clusters, with valence and evidence."""

from __future__ import annotations

from typing import Any

from tests.analysis.ccrt_helpers import analyse, clusters_of, episodes


def _one(text: str) -> dict[str, Any]:
    found = episodes(("C", text))
    assert len(found) == 1, found
    return found[0]


def test_wish_to_be_understood_is_w6() -> None:
    assert "W6" in clusters_of(_one("I wanted my dad to listen to me for once, on Friday."), "W")


def test_wish_to_be_left_alone_is_w4() -> None:
    assert "W4" in clusters_of(_one("My brother came over and I just wanted to be alone."), "W")


def test_other_criticising_is_ro4_negative() -> None:
    episode = _one("My manager criticised my report in front of the team.")
    ro = [c for c in episode["components"] if c["kind"] == "RO"]
    assert ro and ro[0]["cluster"] == "RO4" and ro[0]["valence"] == "negative"


def test_other_helping_is_ro6_positive() -> None:
    episode = _one("My friend helped me move house last weekend.")
    ro = [c for c in episode["components"] if c["kind"] == "RO"]
    assert ro and ro[0]["cluster"] == "RO6" and ro[0]["valence"] == "positive"


def test_self_going_quiet_is_rs2_and_feeling_scared_is_rs8() -> None:
    episode = _one("My father started shouting, and I went quiet. I was scared.")
    assert {"RS2", "RS8"} <= clusters_of(episode, "RS")
    assert "RO3" in clusters_of(episode, "RO")


def test_negated_rejection_flips_to_likes_me() -> None:
    episode = _one("My partner never pushed me away, not once, even on Monday.")
    ro = [c for c in episode["components"] if c["kind"] == "RO"]
    assert ro and ro[0]["cluster"] == "RO7" and ro[0]["negated"] is True


def test_the_same_word_for_the_wrong_person_is_not_an_ro() -> None:
    # "I shouted" is the client's response (RS4), not the other's (RO3).
    episode = _one("My sister asked me about the money and I shouted at her.")
    assert "RS4" in clusters_of(episode, "RS")
    assert "RO3" not in clusters_of(episode, "RO")


def test_evidence_quotes_its_characters() -> None:
    analysis = analyse(("C", "My mum ignored me at dinner and I felt hopeless."))
    text = analysis.transcript.turns[0].text
    for episode in analysis.state.summary["relationship_episodes"]:
        for component in episode["components"]:
            ev = component["evidence"]
            assert text[ev["start"] : ev["end"]] == ev["quote"]
