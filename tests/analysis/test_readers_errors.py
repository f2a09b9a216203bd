"""Bad input gives a specific, coded error naming the file and the line or field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkingcure.analysis.readers import read_text, read_transcript
from talkingcure.analysis.readers.errors import (
    BinaryFileError,
    EmptyTranscriptError,
    FileTooLargeError,
    JSONFormatError,
    NoSpeakerError,
    SingleSpeakerError,
    SubtitleFormatError,
    TimingError,
    TranscriptError,
    TurnFieldError,
    UnknownSpeakerError,
    UnsupportedFormatError,
)

GOOD_TURNS = [
    {"speaker": "Therapist", "text": "How has the week been for you since we last met?"},
    {"speaker": "Client", "text": "It was hard. I kept thinking about what my sister said."},
]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.txt", "  \n\n")
    with pytest.raises(EmptyTranscriptError) as info:
        read_transcript(path)
    assert str(path) in str(info.value) and "[empty]" in str(info.value)


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", bytes(range(256)) * 20)
    with pytest.raises(BinaryFileError):
        read_transcript(path)


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # a sparse 100 MB file
    with pytest.raises(FileTooLargeError) as info:
        read_transcript(path)
    assert "100.0 MB" in info.value.message and "20 MB" in info.value.message


def test_size_cap_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path, "s.json", json.dumps({"turns": GOOD_TURNS}))
    with pytest.raises(FileTooLargeError):
        read_transcript(path, max_bytes=50)


def test_one_unnamed_speaker_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "s.txt", "Anna: I have been thinking about my mother all week long.\n")
    with pytest.raises(SingleSpeakerError) as info:
        read_transcript(path)
    assert "--therapist or --client" in info.value.message


def test_one_known_speaker_is_analysed_with_a_warning() -> None:
    transcript = read_text("Client: I have been thinking about my mother all week long.\n")
    assert transcript.turns[0].role == "client"
    assert any("only one speaker" in w for w in transcript.warnings)


def test_text_before_first_speaker_names_the_line() -> None:
    with pytest.raises(NoSpeakerError) as info:
        read_text("\nthis line has no speaker at all\nT: hello there\n", source="x.txt")
    assert info.value.line == 2
    assert str(info.value).startswith("x.txt:2:")


def test_broken_vtt_timing_names_the_line() -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>Hello there</v>\n\n"
        "00:00:0x.000 --> 00:00:04.000\n<v B>Hi</v>\n"
    )
    with pytest.raises(TimingError) as info:
        read_text(vtt, input_format="vtt", source="s.vtt")
    assert info.value.line == 6


def test_vtt_cue_ending_before_it_starts() -> None:
    vtt = "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\n<v A>Hello there</v>\n"
    with pytest.raises(TimingError) as info:
        read_text(vtt, input_format="vtt", source="s.vtt")
    assert info.value.line == 3


def test_vtt_without_header() -> None:
    with pytest.raises(SubtitleFormatError):
        read_text("00:00:01.000 --> 00:00:02.000\nA: hi\n", input_format="vtt")


def test_broken_srt() -> None:
    with pytest.raises(TranscriptError):
        read_text("1\n00:00:0x,000 --> 00:00:02,000\nA: hi\n", input_format="srt")


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(JSONFormatError) as info:
        read_text('{"turns": [\n{"speaker": "A",, }]}', input_format="json")
    assert info.value.line == 2


@pytest.mark.parametrize(
    ("turn", "field"),
    [
        ({"text": "hello"}, "turns[1].speaker"),
        ({"speaker": "Client"}, "turns[1].text"),
        ({"speaker": "Client", "text": "hi", "start": "soon"}, "turns[1].start"),
        ({"speaker": "Client", "text": "hi", "start": 5, "end": 2}, "turns[1].end"),
        ({"speaker": "Client", "text": "hi", "role": "boss"}, "turns[1].role"),
        ("just a string", "turns[1]"),
    ],
)
def test_malformed_json_turn_names_field_and_index(turn: object, field: str) -> None:
    data = json.dumps({"turns": [GOOD_TURNS[0], turn]})
    with pytest.raises(TurnFieldError) as info:
        read_text(data, input_format="json", source="s.json")
    assert info.value.field == field
    assert f"s.json: {field}:" in str(info.value)


def test_unknown_override_lists_speakers() -> None:
    data = json.dumps({"turns": GOOD_TURNS})
    with pytest.raises(UnknownSpeakerError) as info:
        read_text(data, input_format="json", therapist="Zed")
    assert "'Therapist'" in info.value.message


def test_unknown_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "s.docx", "T: hi")
    with pytest.raises(UnsupportedFormatError):
        read_transcript(path)


def test_errors_have_codes_and_dicts() -> None:
    with pytest.raises(TranscriptError) as info:
        read_text("", source="e.txt")
    data = info.value.to_dict()
    assert data["code"] == "empty" and data["file"] == "e.txt"
