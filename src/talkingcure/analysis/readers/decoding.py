"""Bytes to text: UTF-8 (with or without BOM), UTF-16 (BOM), Latin-1 and kin; refuse binary."""

from __future__ import annotations

import codecs
import unicodedata

from talkingcure.analysis.readers.errors import BinaryFileError, EncodingError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Share of control characters (other than tab, newline, carriage return, form feed)
# above which decoded "text" is taken to be a binary file.
MAX_CONTROL_SHARE = 0.01
SAMPLE_CHARS = 200_000
WESTERN = ("cp1252", "latin_1", "iso8859_15")


def decode_bytes(data: bytes, *, file: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raises ``BinaryFileError`` or ``EncodingError``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                    f" (byte {exc.start + len(bom)})",
                    file=file,
                ) from exc
            return _check_text(text, file), encoding
    if b"\x00" in data:
        return _check_text(_decode_bom_less_utf16(data, file), file), "utf-16"
    try:
        return _check_text(data.decode("utf-8"), file), "utf-8"
    except UnicodeDecodeError:
        pass
    text, encoding = _detect(data, file)
    return _check_text(text, file), encoding


def _decode_bom_less_utf16(data: bytes, file: str) -> str:
    """NUL bytes without a BOM: UTF-16 text if the NULs fall on one side, else binary."""
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = max(len(data) // 2, 1)
    if odd_nuls / half > 0.3 and even_nuls / half < 0.05:
        encoding = "utf-16-le"
    elif even_nuls / half > 0.3 and odd_nuls / half < 0.05:
        encoding = "utf-16-be"
    else:
        raise BinaryFileError("is a binary file, not a text transcript", file=file)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BinaryFileError("is a binary file, not a text transcript", file=file) from exc


def _detect(data: bytes, file: str) -> tuple[str, str]:
    """charset-normalizer's guess, preferring a Western encoding when it fits as well.

    The engine reads English, so among equally clean guesses Windows-1252 / Latin-1 are the
    likely truth (charset-normalizer may otherwise pick e.g. cp1250 for one accented letter).
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise EncodingError(
            "the text encoding could not be determined; save the file as UTF-8", file=file
        )
    best = matches[0]
    western = [m for m in matches if m.encoding in WESTERN and m.chaos <= best.chaos + 0.02]
    chosen = western[0] if western else best
    return str(chosen), chosen.encoding


def _check_text(text: str, file: str) -> str:
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return text
    controls = sum(
        1 for char in sample if char not in "\t\n\r\f" and unicodedata.category(char) == "Cc"
    )
    if controls / len(sample) > MAX_CONTROL_SHARE:
        raise BinaryFileError("is a binary file, not a text transcript", file=file)
    return text
