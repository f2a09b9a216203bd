"""A broken instrument file is refused with a message naming the file and the field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from talkingcure.measures import InstrumentFileError, load_directory, load_instrument
from talkingcure.measures.loader import INSTRUMENTS_DIR


def phq9() -> dict[str, Any]:
    return json.loads((INSTRUMENTS_DIR / "phq9.json").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict[str, Any], name: str = "phq9.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def refused(tmp_path: Path, data: dict[str, Any], name: str = "phq9.json") -> InstrumentFileError:
    with pytest.raises(InstrumentFileError) as caught:
        load_instrument(write(tmp_path, data, name))
    return caught.value


def test_unchanged_copy_loads(tmp_path: Path) -> None:
    assert load_instrument(write(tmp_path, phq9())).id == "phq9"


def test_missing_required_field(tmp_path: Path) -> None:
    data = phq9()
    del data["reference"]
    error = refused(tmp_path, data)
    assert (error.file, error.field) == ("phq9.json", "reference")


def test_unknown_response_set_names_the_item(tmp_path: Path) -> None:
    data = phq9()
    data["items"][8]["responses"] = "freq5"
    error = refused(tmp_path, data)
    assert error.field == "items[8].responses"
    assert "freq5" in error.message


def test_band_that_does_not_start_at_minimum(tmp_path: Path) -> None:
    data = phq9()
    data["bands"]["schemes"][0]["bands"][0]["from"] = 1
    error = refused(tmp_path, data)
    assert error.field == "bands.schemes[0].bands"


def test_critical_value_outside_the_scale(tmp_path: Path) -> None:
    data = phq9()
    data["critical_items"][0]["min_value"] = 7
    assert refused(tmp_path, data).field == "critical_items[0].min_value"


def test_switched_off_without_reason(tmp_path: Path) -> None:
    data = phq9()
    data["licence"]["enabled"] = False
    data["licence"].pop("reason", None)
    assert refused(tmp_path, data).field == "licence.reason"


def test_text_present_although_wording_not_shipped(tmp_path: Path) -> None:
    data = phq9()
    data["wording"]["shipped"] = False
    assert refused(tmp_path, data).field == "items[0].text"


def test_reliability_out_of_bounds(tmp_path: Path) -> None:
    data = json.loads((INSTRUMENTS_DIR / "core10.json").read_text(encoding="utf-8"))
    data["reliable_change"]["reliability"] = 1.2
    error = refused(tmp_path, data, "core10.json")
    assert error.field == "reliable_change.reliability"


def test_id_must_match_file_name(tmp_path: Path) -> None:
    error = refused(tmp_path, phq9(), "other.json")
    assert (error.file, error.field) == ("other.json", "id")


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    data = phq9()
    data["scoring"]["prorate"] = True
    assert refused(tmp_path, data).field == "scoring"


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "phq9.json"
    path.write_text('{"id": "phq9",\n oops}', encoding="utf-8")
    with pytest.raises(InstrumentFileError) as caught:
        load_instrument(path)
    assert caught.value.field.startswith("line 2")


def test_directory_load_names_the_bad_file(tmp_path: Path) -> None:
    bad = copy.deepcopy(phq9())
    bad["id"] = "gad7"
    bad["version"] = 3
    write(tmp_path, phq9())
    write(tmp_path, bad, "gad7.json")
    with pytest.raises(InstrumentFileError) as caught:
        load_directory(tmp_path)
    assert (caught.value.file, caught.value.field) == ("gad7.json", "version")
