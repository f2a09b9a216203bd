"""Recurring themes across sessions: an NMF topic model of the client's turns (synthetic text)."""

from __future__ import annotations

from typing import Any

from talkingcure.analysis.ccrt.topics import find_themes, recurring_themes, stem

DRINK = [
    "I nearly had a drink on Friday, um, I stood outside the pub for ages.",
    "My sponsor says the craving passes. The drinking was never about the taste.",
    "I went to a meeting and said I'd been sober ninety days and the craving came back.",
    "The pub on the corner, I walk past it and I can smell the drink.",
]
WORK = [
    "My boss moved the deadline again and I sat at my desk till nine.",
    "The deadline at work, honestly, I just froze, the boss was stood over the desk.",
    "I keep thinking the boss will sack me if the report misses the deadline.",
    "At work the report came back covered in red ink from my boss.",
]
MOTHER = [
    "Mum rang on Sunday and the phone call was all about my sister again.",
    "When Mum phones I sort of go small, like I'm seven, and my sister is the good one.",
    "I didn't pick up when Mum rang. I let the phone ring out.",
    "Mum said my sister never gives her this trouble, on the phone, last night.",
]
SAILING = [
    "We took the boat out of the harbour and the sailing was wonderful.",
    "The harbour at dawn, the boat rocking, I love sailing, the mast creaking.",
    "Sailing the boat back into the harbour I felt calm for once.",
]
FILLER = ["Yeah. I dunno.", "It was okay, I suppose.", "Hmm."]


def _session(*client_texts: str) -> dict[str, Any]:
    turns: list[dict[str, Any]] = []
    for text in client_texts:
        turns.append({"role": "therapist", "text": "Say more about the drink and your boss."})
        turns.append({"role": "client", "text": text})
    return {"turns": turns}


def treatment() -> list[dict[str, Any]]:
    """Drinking in sessions 1, 3 and 5; work in 2 and 4; mother in all; sailing only in 3."""
    return [
        _session(DRINK[0], MOTHER[0], DRINK[1], FILLER[0]),
        _session(WORK[0], MOTHER[1], WORK[1], FILLER[1]),
        _session(DRINK[2], *SAILING, MOTHER[2]),
        _session(WORK[2], WORK[3], FILLER[2]),
        _session(MOTHER[3], DRINK[3], DRINK[1]),
    ]


def _theme_with(themes: list[dict[str, Any]], word: str) -> dict[str, Any]:
    matches = [t for t in themes if word in t["words"]]
    assert len(matches) == 1, [t["words"] for t in themes]
    return matches[0]


def test_themes_written_to_recur_are_found_in_their_sessions() -> None:
    themes = recurring_themes(treatment())
    assert [s["session"] for s in _theme_with(themes, "drink")["sessions"]] == [1, 3, 5]
    assert [s["session"] for s in _theme_with(themes, "boss")["sessions"]] == [2, 4]
    assert [s["session"] for s in _theme_with(themes, "mum")["sessions"]] == [1, 2, 3, 5]
    assert all(t["candidate"] is True for t in themes)


def test_a_theme_of_one_session_does_not_recur() -> None:
    themes = recurring_themes(treatment())
    words = {w for t in themes for w in t["words"]}
    assert not words & {"boat", "harbour", "sailing"}
    for theme in themes:
        assert len(theme["sessions"]) >= 2


def test_quotes_are_exact_client_spans_carrying_the_theme() -> None:
    sessions = treatment()
    themes = recurring_themes(sessions)
    assert themes
    for theme in themes:
        assert theme["quotes"]
        for quote in theme["quotes"]:
            turn = sessions[quote["session"] - 1]["turns"][quote["turn"]]
            assert turn["role"] == "client"
            assert turn["text"][quote["start"] : quote["end"]] == quote["quote"]
    work = _theme_with(themes, "boss")
    assert all("boss" in q["quote"] or "deadline" in q["quote"] for q in work["quotes"])
    first = _theme_with(themes, "drink")["quotes"][0]
    assert first["quote"] in DRINK[0] + DRINK[1] and "." not in first["quote"][:-1]


def test_the_model_is_deterministic_and_says_how_k_was_chosen() -> None:
    first = find_themes(treatment())
    second = find_themes(treatment())
    assert first.themes == second.themes and first.method == second.method
    assert 2 <= first.method["k"] <= 8
    assert str(first.method["k"]) in first.method["coherence"]


def test_therapist_words_and_single_session_talk_make_no_theme() -> None:
    sessions = [_session("I had a drink.", "Nothing much."), _session("The weather was fine.")]
    assert recurring_themes(sessions) == []
    assert find_themes(sessions).method["k"] is None


def test_word_forms_share_a_stem() -> None:
    assert stem("drinking") == stem("drinks") == stem("drink")
    assert stem("married") == stem("marry")
    assert stem("liked") == stem("like") == stem("liking")
