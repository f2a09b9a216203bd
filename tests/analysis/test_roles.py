"""Speaker roles: by name, by override, or inferred from who asks the questions."""

from __future__ import annotations

import pytest

from talkingcure.analysis.readers import read_text
from talkingcure.analysis.roles import decide_roles, role_by_name


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("T", "therapist"),
        ("Therapist", "therapist"),
        ("Counselor", "therapist"),
        ("Counsellor", "therapist"),
        ("Analyst", "therapist"),
        ("Dr. Okafor", "therapist"),
        ("Dr Lee", "therapist"),
        ("C", "client"),
        ("Client", "client"),
        ("P", "client"),
        ("Patient", "client"),
        ("Tom", None),
        ("Anna", None),
    ],
)
def test_role_by_name(name: str, role: str | None) -> None:
    assert role_by_name(name) == role


TURNS = [
    ("Maria", "I keep having the same dream about the house I grew up in."),
    ("Joe", "What happens in the dream?"),
    ("Maria", "I walk through the rooms and nobody is there."),
    ("Joe", "How do you feel as you walk through them?"),
]


def test_inferred_from_questions_and_said_so() -> None:
    decision = decide_roles(TURNS)
    assert decision.roles == {"Joe": "therapist", "Maria": "client"}
    assert "inferred" in decision.note and "'Joe' asks the most questions" in decision.note


def test_override_wins_over_inference() -> None:
    decision = decide_roles(TURNS, therapist="Maria")
    assert decision.roles == {"Maria": "therapist", "Joe": "client"}
    assert "'Maria' is the therapist (given)" in decision.note


def test_client_override_makes_the_other_the_therapist() -> None:
    decision = decide_roles(TURNS, client="Joe")
    assert decision.roles == {"Joe": "client", "Maria": "therapist"}


def test_override_through_reader_is_case_insensitive() -> None:
    text = "\n".join(f"{speaker}: {said}" for speaker, said in TURNS)
    transcript = read_text(text, therapist="maria")
    assert {t.speaker: t.role for t in transcript.turns} == {"Maria": "therapist", "Joe": "client"}


def test_known_therapist_makes_the_rest_clients() -> None:
    decision = decide_roles([("Therapist", "Hello?"), ("Sam", "Hi. How are you?")])
    assert decision.roles == {"Therapist": "therapist", "Sam": "client"}
