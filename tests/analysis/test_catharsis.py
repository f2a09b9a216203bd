"""talkingcure.catharsis.v1 on hand-built emotion states (no model needed)."""

from __future__ import annotations

from talkingcure.analysis.detectors.catharsis import Catharsis, release_spans
from talkingcure.analysis.readers.events import find_events
from talkingcure.analysis.state import AnalysisState
from talkingcure.analysis.transcript import Transcript, Turn

CALM = {"sadness": 0.1, "joy": 0.2}
SAD = {"sadness": 0.9, "joy": 0.05}
HAPPY = {"joy": 0.9, "sadness": 0.05}


def state_for(turns: list[tuple[str, str, dict[str, float], float]]) -> AnalysisState:
    """(role, text, emotions, intensity) per turn; therapist turns have no emotions."""
    built = tuple(
        Turn(index=i, speaker=role.title(), role=role, text=text, events=find_events(text))  # type: ignore[arg-type]
        for i, (role, text, _, _) in enumerate(turns)
    )
    state = AnalysisState(transcript=Transcript(turns=built))
    for i, (role, _, emotions, intensity) in enumerate(turns):
        if role == "client":
            state.turns[i].emotions = dict(emotions)
            state.turns[i].intensity = intensity
    return state


def run(state: AnalysisState) -> AnalysisState:
    component = Catharsis()
    component.initialize()
    component(state)
    return state


def test_peak_then_relief_language_is_an_episode() -> None:
    state = run(
        state_for(
            [
                ("client", "I went back to her room.", CALM, 0.2),
                ("therapist", "Stay with that.", {}, 0.0),
                ("client", "[crying] I miss her so much.", SAD, 0.85),
                ("therapist", "Let it come.", {}, 0.0),
                ("client", "I've never said that out loud. I feel lighter.", CALM, 0.3),
            ]
        )
    )
    assert "catharsis" in state.turns[2].labels
    assert "catharsis" in state.turns[4].labels
    assert "catharsis" not in state.turns[0].labels
    (finding,) = state.findings
    assert finding.kind == "catharsis"
    assert finding.turns == (2, 4)
    assert finding.candidate
    quotes = [e.quote for e in finding.evidence]
    assert "[crying]" in quotes
    assert quotes == ["[crying]", "never said that", "feel lighter"]
    assert 0.0 < finding.score <= 1.0


def test_intense_distress_without_release_is_not_catharsis() -> None:
    state = run(
        state_for(
            [
                ("client", "He lied again.", CALM, 0.2),
                ("client", "[shouting] I hate him!", {"anger": 0.9}, 0.9),
                ("client", "I'm still furious, I will never forgive him!", {"anger": 0.9}, 0.85),
            ]
        )
    )
    assert state.findings == []
    assert not any("catharsis" in t.labels for t in state.turns)


def test_relief_words_in_a_flat_context_are_not_catharsis() -> None:
    state = run(
        state_for(
            [
                ("client", "The holiday was fine.", CALM, 0.2),
                ("client", "It's a relief the project is done, I feel lighter.", HAPPY, 0.4),
            ]
        )
    )
    assert state.findings == []


def test_positive_arousal_is_not_a_peak() -> None:
    state = run(
        state_for(
            [
                ("client", "So the interview.", CALM, 0.1),
                ("client", "[laughing] I got the job!", HAPPY, 0.95),
                ("client", "What a relief.", HAPPY, 0.4),
            ]
        )
    )
    assert state.findings == []


def test_fall_in_intensity_with_positive_tone_releases_without_lexicon() -> None:
    state = run(
        state_for(
            [
                ("client", "It was the anniversary.", CALM, 0.2),
                ("client", "[sobbing] I miss him terribly.", SAD, 0.9),
                ("client", "Okay. I'm okay, and I'm glad we talked about him.", HAPPY, 0.35),
            ]
        )
    )
    (finding,) = state.findings
    assert finding.turns == (1, 2)


def test_negated_release_language_does_not_count() -> None:
    assert release_spans("I don't feel any lighter.") == []
    assert release_spans("I feel lighter.") != []
    assert release_spans("I've never said that out loud.") != []


def test_finding_starts_where_the_rise_starts() -> None:
    state = run(
        state_for(
            [
                ("client", "It's about my brother.", CALM, 0.1),
                ("client", "I feel a bit sad about him.", {"sadness": 0.6}, 0.4),
                ("client", "[sobbing] I miss him so much.", SAD, 0.9),
                ("client", "I feel lighter now.", CALM, 0.2),
            ]
        )
    )
    (finding,) = state.findings
    assert finding.turns == (1, 2, 3)
    assert finding.extra["peak_turns"] == [2]
    assert "catharsis" not in state.turns[1].labels
