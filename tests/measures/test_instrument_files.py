"""Every shipped instrument file validates; the public set of ids and versions is a snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkingcure.measures import all_instruments, load_instrument
from talkingcure.measures.loader import INSTRUMENTS_DIR
from talkingcure.measures.ranges import score_range

SNAPSHOT = {
    "asq": "1.0",
    "audit": "1.0",
    "audit_c": "1.0",
    "bam": "1.0",
    "core10": "1.0",
    "dast10": "1.0",
    "gad7": "1.0",
    "k10": "1.0",
    "pcl5": "1.0",
    "phq9": "1.0",
    "pid5bf": "1.0",
    "scoff": "1.0",
    "wai_sr": "1.0",
}
SWITCHED_OFF = {"bam", "dast10", "pid5bf", "wai_sr"}


@pytest.mark.parametrize("path", sorted(INSTRUMENTS_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_every_file_validates(path: Path) -> None:
    instrument = load_instrument(path)
    assert instrument.id == path.stem
    assert instrument.reference
    assert instrument.licence.source


def test_snapshot_of_ids_and_versions() -> None:
    assert {key: inst.version for key, inst in all_instruments().items()} == SNAPSHOT


def test_switched_off_instruments_say_why() -> None:
    off = {key for key, inst in all_instruments().items() if not inst.licence.enabled}
    assert off == SWITCHED_OFF
    for key in off:
        assert len(all_instruments()[key].licence.reason) > 40


def test_restricted_wording_is_not_shipped() -> None:
    for key in ("dast10", "pid5bf", "wai_sr", "bam"):
        inst = all_instruments()[key]
        assert not inst.wording_shipped
        assert all(item.text is None for item in inst.items)


def test_columbia_screener_is_left_out_and_a_free_suicide_screen_is_in() -> None:
    assert not any("ssrs" in key for key in all_instruments())
    assert all_instruments()["asq"].licence.enabled


def test_every_possible_total_falls_in_exactly_one_band() -> None:
    for inst in all_instruments().values():
        low, high = (
            score_range([inst.item(i) for i in inst.scoring.total_items] or [], "sum")
            if (inst.scoring.total_items)
            else (0, 0)
        )
        for scheme in inst.band_schemes:
            if scheme.basis != "total":
                continue
            for value in range(int(low), int(high) + 1):
                hits = [b for b in scheme.bands if b.low <= value <= b.high]
                assert len(hits) == 1, (inst.id, scheme.id, value)


def test_reliable_change_figures_carry_sources() -> None:
    for inst in all_instruments().values():
        params = inst.reliable_change
        if params.method == "not_available":
            assert params.reason
        elif params.method == "published_threshold":
            assert params.threshold_source
        else:
            assert params.sd_source and params.reliability_source


def test_files_are_plain_json_objects() -> None:
    for path in INSTRUMENTS_DIR.glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict)
