"""Fuzzing the parsers: no input raises anything but a TranscriptError."""

from __future__ import annotations

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talkingcure.analysis.readers import FORMATS, read_text
from talkingcure.analysis.readers.decoding import decode_bytes
from talkingcure.analysis.readers.errors import TranscriptError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_line = st.one_of(
    st.text(max_size=60),
    st.builds(lambda s, t: f"{s}: {t}", st.sampled_from(["T", "C", "Anna", "Dr X"]), st.text()),
    st.just("WEBVTT"),
    st.just("00:00:01.000 --> 00:00:02.000"),
    st.just("00:00:01,000 --> 00:00:02,000"),
    st.just("[00:01:02]"),
    st.just("<v Anna>hello</v>"),
    st.just(""),
)
_documents = st.lists(_line, max_size=12).map("\n".join)


def _read(text: str, fmt: str) -> None:
    with contextlib.suppress(TranscriptError):
        read_text(text, input_format=fmt)


@FUZZ
@given(text=_documents, fmt=st.sampled_from(FORMATS))
def test_structured_noise(text: str, fmt: str) -> None:
    _read(text, fmt)


@FUZZ
@given(text=st.text(max_size=300), fmt=st.sampled_from(FORMATS))
def test_any_text(text: str, fmt: str) -> None:
    _read(text, fmt)


_json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_turn = st.fixed_dictionaries(
    {},
    optional={
        "speaker": _json_values,
        "text": _json_values,
        "start": _json_values,
        "end": _json_values,
        "role": _json_values,
    },
)


@FUZZ
@given(turns=st.lists(_turn | _json_values, max_size=5), meta=_json_values)
def test_json_shapes(turns: list[object], meta: object) -> None:
    _read(json.dumps({"turns": turns, "meta": meta}), "json")


@FUZZ
@given(data=st.binary(max_size=400))
def test_bytes(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data, file="f")
    except TranscriptError:
        return
    _read(text, "txt")
