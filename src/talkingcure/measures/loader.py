"""Loads and validates the instrument data files shipped in `measures/instruments/`."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from talkingcure.measures.errors import InstrumentFileError, UnknownInstrumentError
from talkingcure.measures.model import Instrument
from talkingcure.measures.schema import parse_instrument

INSTRUMENTS_DIR = Path(__file__).parent / "instruments"


def load_instrument(path: Path) -> Instrument:
    """Read one instrument file; raises InstrumentFileError naming the file and the field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InstrumentFileError(
            path.name, f"line {error.lineno} column {error.colno}", f"invalid JSON: {error.msg}"
        ) from error
    except OSError as error:
        raise InstrumentFileError(path.name, "<file>", f"cannot read: {error}") from error
    return parse_instrument(data, file=path.name, stem=path.stem)


def load_directory(directory: Path) -> dict[str, Instrument]:
    """Every `*.json` file in `directory`, keyed by instrument id (sorted)."""
    instruments = [load_instrument(path) for path in sorted(directory.glob("*.json"))]
    return {instrument.id: instrument for instrument in instruments}


@cache
def all_instruments() -> dict[str, Instrument]:
    """The shipped instruments, loaded once per process."""
    return load_directory(INSTRUMENTS_DIR)


def get_instrument(instrument_id: str) -> Instrument:
    try:
        return all_instruments()[instrument_id]
    except KeyError:
        known = ", ".join(all_instruments())
        raise UnknownInstrumentError(
            f"no instrument {instrument_id!r}; known instruments: {known}"
        ) from None


def enabled_instruments() -> dict[str, Instrument]:
    """Only the instruments whose licence allows use in this software."""
    return {key: value for key, value in all_instruments().items() if value.licence.enabled}
