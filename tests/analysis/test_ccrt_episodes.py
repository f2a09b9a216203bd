"""talkingcure.ccrt.v1: relationship episodes, who they are with, where they start and end."""

from __future__ import annotations

from tests.analysis.ccrt_helpers import analyse, episodes


def test_an_episode_with_the_mother_resolves_pronouns() -> None:
    found = episodes(
        ("T", "What happened at the weekend?"),
        ("C", "My mum came round on Saturday. She criticised the flat and I just went quiet."),
    )
    assert len(found) == 1
    assert found[0]["category"] == "mother"
    assert found[0]["start_turn"] == found[0]["end_turn"] == 1
    quotes = {m["quote"] for m in found[0]["mentions"]}
    assert {"mum", "She"} <= quotes


def test_two_people_make_two_episodes_in_order() -> None:
    found = episodes(
        ("C", "My boss shouted at me in the meeting and I felt so small."),
        ("T", "And after work?"),
        ("C", "My sister rang and she listened to the whole thing. I felt better."),
    )
    assert [e["category"] for e in found] == ["boss", "sibling"]
    assert found[1]["start_turn"] == 2


def test_an_episode_runs_over_the_therapist_turn_to_the_next_client_turn() -> None:
    found = episodes(
        ("C", "My dad laughed at me when I told him about the course."),
        ("T", "What did you do?"),
        ("C", "I went up to my room and cried."),
    )
    assert len(found) == 1
    assert (found[0]["start_turn"], found[0]["end_turn"]) == (0, 2)


def test_a_named_person_with_apposition_gets_the_category() -> None:
    found = episodes(("C", "Tom, my husband, ignored me all evening and I felt stupid."))
    assert found and found[0]["other"] == "Tom" and found[0]["category"] == "partner"


def test_talk_to_the_therapist_is_an_in_session_episode() -> None:
    found = episodes(
        ("T", "You seem quiet today."),
        ("C", "I think you were bored with me last week, and I felt ashamed coming back."),
    )
    assert found and found[0]["category"] == "therapist"
    assert found[0]["time_frame"] == "in-session"


def test_childhood_is_past_and_weekday_is_recent() -> None:
    past = episodes(("C", "When I was little my father used to shout at me and I was scared."))
    recent = episodes(("C", "On Tuesday my father shouted at me and I was scared."))
    assert past[0]["time_frame"] == "past"
    assert recent[0]["time_frame"] == "recent"


def test_a_generalisation_about_people_is_not_an_episode() -> None:
    assert episodes(("C", "People always let you down in the end, that's just how it is.")) == []


def test_a_fact_about_a_person_is_not_an_episode() -> None:
    assert episodes(("C", "My brother is forty and he lives in Leeds.")) == []


def test_no_relationship_talk_gives_an_empty_list_and_says_so() -> None:
    analysis = analyse(("T", "How was the week?"), ("C", "Busy. The car broke down again."))
    data = analysis.to_dict()
    assert data["relationship_episodes"] == []
    assert "not detected by talkingcure.ccrt.v1" in data["ccrt"]["status"]


def test_you_know_is_not_the_therapist() -> None:
    assert episodes(("C", "It was raining, you know, and the bus was late.")) == []


def test_completeness_rises_with_components() -> None:
    full = episodes(
        ("C", "I wanted my mum to listen. She ignored me on Sunday and I felt hopeless.")
    )[0]
    thin = episodes(("C", "My mum rang on Sunday. She talked about the garden."))
    assert full["completeness"] == 1.0
    assert not thin or thin[0]["completeness"] < full["completeness"]


def test_meta_people_gives_a_named_person_a_role() -> None:
    lines = (("C", "Robin ignored me all through dinner and I felt hopeless."),)
    plain = analyse(*lines).to_dict()["relationship_episodes"]
    known = analyse(*lines, meta={"people": {"Robin": "partner"}}).to_dict()
    assert plain[0]["category"] == "other"
    assert known["relationship_episodes"][0]["category"] == "partner"


def test_a_generic_you_is_not_the_therapist() -> None:
    found = episodes(("C", "When you're tired you get scared of everything, that's all."))
    assert all(e["category"] != "therapist" for e in found)
