"""Each transcript format reads into speaker turns with roles, times and non-verbal events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkingcure.analysis.readers import read_text, read_transcript

TXT = """# SYNTHETIC example
[00:00:05] Therapist: How have you been since we last met?
[00:00:12] Client: Not great. I keep thinking about my father. [crying]
It comes back when I am alone in the evening.
[00:01:02] Therapist: What comes up for you when you think of him now?

Client: (long pause) I don't know. He said: go away. That is all I remember of it.
"""


def test_txt_turns_continuations_and_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text(TXT, encoding="utf-8")
    transcript = read_transcript(path)
    assert [t.speaker for t in transcript.turns] == ["Therapist", "Client", "Therapist", "Client"]
    assert [t.role for t in transcript.turns] == ["therapist", "client", "therapist", "client"]
    second = transcript.turns[1]
    assert second.text.endswith("alone in the evening.")
    assert (second.start, second.end) == (12.0, 62.0)
    assert second.line == 3
    assert "He said: go away" in transcript.turns[3].text


def test_txt_events_have_offsets_into_the_text(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text(TXT, encoding="utf-8")
    transcript = read_transcript(path)
    crying = transcript.turns[1].events[0]
    assert transcript.turns[1].text[crying.start : crying.end] == "[crying]"
    assert crying.text == "crying"
    pause = transcript.turns[3].events[0]
    assert pause.text == "long pause"
    assert transcript.turns[3].text[pause.start : pause.end] == "(long pause)"


def test_round_brackets_in_prose_are_not_events() -> None:
    transcript = read_text(
        "T: What happened then with your family?\n"
        "C: My aunt (and my mother, too) told me to keep quiet about it all the time.\n"
    )
    assert transcript.turns[1].events == ()


@pytest.mark.parametrize("placeholder", ["[NAME]", "[REDACTED]", "[CITY]", "[PERSON_2]"])
def test_a_de_identification_placeholder_stays_text_not_a_note(placeholder: str) -> None:
    transcript = read_text(
        "T: Who did you see at the weekend?\n"
        f"C: {placeholder} came round and I felt so relieved [crying] honestly.\n"
    )
    assert [e.text for e in transcript.turns[1].events] == ["crying"]
    assert placeholder in transcript.turns[1].text


@pytest.mark.parametrize("note", ["[INAUDIBLE]", "[LAUGHTER]", "[PAUSE]", "[long silence]"])
def test_transcription_notes_in_capitals_are_still_notes(note: str) -> None:
    transcript = read_text(f"T: And then?\nC: Well {note} I left.\n")
    assert [e.text for e in transcript.turns[1].events] == [note.strip("[]")]


def test_json_turns_meta_and_times(tmp_path: Path) -> None:
    data = {
        "meta": {"session": 3, "note": "SYNTHETIC"},
        "turns": [
            {
                "speaker": "Dr Lee",
                "text": "What brings you here today, in your own words?",
                "start": 0,
                "end": 4.5,
            },
            {
                "speaker": "Sam",
                "text": "I have been feeling low and I do not know why it is.",
                "start": 4.5,
                "end": 9,
            },
        ],
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    transcript = read_transcript(path)
    assert [t.role for t in transcript.turns] == ["therapist", "client"]
    assert transcript.meta["session"] == 3
    assert transcript.turns[1].start == 4.5


VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Anna>How are you feeling today, coming in?</v>

2
00:00:04.500 --> 00:00:08.250
<v Ben>Tired. I did not sleep much this week.</v>

3
00:00:08.300 --> 00:00:10.000
<v Ben>My brother called again and we argued.</v>

4
00:00:10.500 --> 00:00:13.000
Anna: What was the argument about, do you think?
"""


def test_vtt_voice_tags_and_prefixes_merge_consecutive_cues() -> None:
    transcript = read_text(VTT, input_format="vtt")
    assert [t.speaker for t in transcript.turns] == ["Anna", "Ben", "Anna"]
    ben = transcript.turns[1]
    assert (
        ben.text == "Tired. I did not sleep much this week. My brother called again and we argued."
    )
    assert (ben.start, ben.end) == (4.5, 10.0)
    assert transcript.turns[0].role == "therapist"
    assert "inferred" in transcript.role_note and "'Anna'" in transcript.role_note


SRT = """1
00:00:01,000 --> 00:00:03,000
Counsellor: What would you like to talk about today?

2
00:00:03,500 --> 00:00:07,000
Client: My mother, I think. She is ill again and I feel guilty.
"""


def test_srt_prefixes() -> None:
    transcript = read_text(SRT, input_format="srt")
    assert [(t.speaker, t.role) for t in transcript.turns] == [
        ("Counsellor", "therapist"),
        ("Client", "client"),
    ]
    assert transcript.turns[1].start == 3.5


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = TXT.replace("father", "père, my father")
    path = tmp_path / "s.txt"
    path.write_bytes(text.encode(encoding))
    transcript = read_transcript(path)
    assert "père" in transcript.turns[1].text
    assert transcript.turns[0].text.startswith("How have you been")
