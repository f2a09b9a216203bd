"""talkingcure.summary.v1: talk time, questions, the emotional arc, the CPPS-style profile."""

from __future__ import annotations

from typing import Any

from talkingcure.analysis.pipeline import Engine
from tests.analysis.pipeline_fakes import Emotions, LabelByKeyword, registered, transcript

PIPE = ["test.keywords.v1", "test.emotions.v1", "talkingcure.summary.v1"]


def summarise(timed: bool = False, pipeline: list[str] = PIPE) -> dict[str, Any]:
    with registered(LabelByKeyword, Emotions):
        return Engine(pipeline=pipeline).analyze(transcript(timed)).summary


def test_talk_time_by_words_and_by_time() -> None:
    speakers = summarise(timed=True)["speakers"]
    therapist, client = speakers["Therapist"], speakers["Client"]
    assert (therapist["turns"], client["turns"]) == (3, 2)
    assert therapist["words"] == 7 + 9 + 6
    assert therapist["share_words"] + client["share_words"] == 1
    assert therapist["seconds"] == 12 and client["seconds"] == 16
    assert therapist["share_time"] == round(12 / 28, 4)


def test_untimed_has_no_time_figures() -> None:
    summary = summarise()
    assert summary["duration"] is None
    assert summary["speakers"]["Client"]["share_time"] is None


def test_duration_when_timed() -> None:
    assert summarise(timed=True)["duration"] == 44.0


def test_questions_open_closed() -> None:
    questions = summarise()["questions"]
    assert (questions["questions"], questions["open"], questions["closed"]) == (2, 1, 1)
    assert questions["open_closed_ratio"] == 1.0
    assert questions["turns"] == [0, 2]


def test_emotional_arc_per_fifth() -> None:
    arc = summarise()["emotional_arc"]["fifths"]
    assert len(arc) == 5
    assert arc[1]["turns"] == [1] and arc[1]["negative"] == 0.8
    assert arc[3]["turns"] == [3] and arc[3]["positive"] == 0.9
    assert arc[0]["client_turns"] == 0 and arc[0]["negative"] is None


def test_profile_items_rest_on_turns_or_say_not_detected() -> None:
    profile = {item["item"]: item for item in summarise()["profile"]}
    assert profile["focus_on_affect"]["turns"] == [0]
    assert profile["past_and_present"]["turns"] == [2]
    assert profile["exploring_avoidance"]["statement"] == (
        "not assessed: no detector of exploration.avoidance ran"
    )
    assert "turns" in profile["recurring_patterns"] and not profile["recurring_patterns"]["turns"]


def test_profile_not_detected_names_the_detector() -> None:
    class Avoid(LabelByKeyword):
        name = "test.avoid.v1"
        version = "2.0"
        assigns = ("label:exploration.avoidance",)
        RULES = {"zzz": "exploration.avoidance"}

    with registered(Avoid):
        profile = summarise(pipeline=["test.avoid.v1", *PIPE])["profile"]
    item = next(i for i in profile if i["item"] == "exploring_avoidance")
    assert item["statement"] == "not detected by test.avoid.v1 (2.0)"


def test_without_emotions_the_arc_says_so() -> None:
    arc = summarise(pipeline=["talkingcure.summary.v1"])["emotional_arc"]
    assert arc["statement"].startswith("not assessed")


def test_time_shares_from_a_timestamped_text_transcript() -> None:
    from talkingcure.analysis.readers import read_text

    text = "".join(
        f"[00:0{n}:00] {'Therapist' if n % 2 == 0 else 'Client'}: "
        f"{'How was that for you, this week?' if n % 2 == 0 else 'Hard, I kept thinking of it.'}\n"
        for n in range(6)
    )
    transcript = read_text(text)
    assert transcript.turns[-1].end is None  # the last turn's end is unknown
    summary = Engine(pipeline=["talkingcure.summary.v1"]).analyze(transcript).summary
    assert summary["speakers"]["Therapist"]["share_time"] == 0.6  # 3 of 5 timed minutes
    assert summary["duration"] == 300.0
