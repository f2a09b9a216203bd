"""Recurring themes across sessions: an NMF topic model of the client's turns (synthetic text)."""

from __future__ import annotations

from typing import Any

from talkingcure.analysis.ccrt.render import to_html, to_markdown
from talkingcure.analysis.ccrt.topics import find_themes, recurring_themes, stem
from talkingcure.analysis.ccrt.treatment import patterns

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


DRINK_WORDS = {"drink", "pub", "craving", "sponsor", "sober"}
WORK_WORDS = {"boss", "deadline", "work", "desk", "report"}


def _theme_with(themes: list[dict[str, Any]], word: str) -> dict[str, Any]:
    matches = [t for t in themes if word in t["words"]]
    assert len(matches) == 1, [t["words"] for t in themes]
    return matches[0]


def _sessions(theme: dict[str, Any]) -> list[int]:
    return [s["session"] for s in theme["sessions"]]


def test_themes_written_to_recur_are_found_in_their_sessions() -> None:
    themes = recurring_themes(treatment())
    assert _sessions(_theme_with(themes, "boss")) == [2, 4]
    assert _sessions(_theme_with(themes, "mum")) == [1, 2, 3, 5]
    drinking = [t for t in themes if DRINK_WORDS & set(t["words"])]
    assert drinking and {n for t in drinking for n in _sessions(t)} == {1, 3, 5}
    assert all(t["candidate"] is True for t in themes)


def test_themes_do_not_mix_what_was_written_apart() -> None:
    for theme in recurring_themes(treatment()):
        words = set(theme["words"])
        assert not (words & DRINK_WORDS and words & WORK_WORDS), words
        assert theme["name"] == ", ".join(theme["words"][:3])


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
    assert [q["session"] for q in work["quotes"]] == [2, 4]
    assert all("boss" in q["quote"] or "deadline" in q["quote"] for q in work["quotes"])
    mum = _theme_with(themes, "mum")["quotes"]
    assert any(q["quote"] == "I didn't pick up when Mum rang." for q in mum)  # one sentence


def test_the_model_is_deterministic_and_says_how_k_was_chosen() -> None:
    first = find_themes(treatment())
    second = find_themes(treatment())
    assert first.themes == second.themes and first.method == second.method
    assert 2 <= first.method["k"] <= 8
    assert str(first.method["k"]) in first.method["coherence"]
    reordered = find_themes(list(reversed(treatment())))
    assert sorted(t["name"] for t in reordered.themes) == sorted(t["name"] for t in first.themes)


def test_therapist_words_and_single_session_talk_make_no_theme() -> None:
    sessions = [_session("I had a drink.", "Nothing much."), _session("The weather was fine.")]
    assert recurring_themes(sessions) == []
    assert find_themes(sessions).method["k"] is None


def test_word_forms_share_a_stem() -> None:
    assert stem("drinking") == stem("drinks") == stem("drink")
    assert stem("married") == stem("marry")
    assert stem("liked") == stem("like") == stem("liking")


def test_a_theme_of_one_session_mentioned_in_passing_elsewhere_does_not_recur() -> None:
    sessions = treatment()
    sessions[0]["turns"][1]["text"] += (
        " Dad had a boat once, in the harbour, before the sailing club."
    )
    model = find_themes(sessions)
    for theme in model.themes:
        assert not {"boat", "harbour", "sailing"} & set(theme["words"][:3]), theme


def test_the_treatment_report_shows_themes_with_method_and_quotes() -> None:
    result = patterns(treatment())
    data = result.to_dict()
    assert data["themes"] == recurring_themes(treatment())
    assert data["themes_method"]["k"] == find_themes(treatment()).method["k"]
    markdown, page = to_markdown(result), to_html(result)
    for text in (markdown, page):
        assert "Recurring themes (topic model)" in text and "NPMI" in text
        assert "I didn&#x27;t pick up when Mum rang." in text or (
            "I didn't pick up when Mum rang." in text
        )
        assert "s2 (" in text and "s4 (" in text
