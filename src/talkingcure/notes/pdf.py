"""A signed progress note as a PDF for the record, drawn with fpdf2 (pure Python).

The PDF uses the standard Helvetica font, which covers Latin-1: characters outside it are
shown as "?" (typographic quotes and dashes are first mapped to their plain forms).
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from talkingcure.notes.document import Block, blocks, header, title
from talkingcure.notes.models import ProgressNote

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", errors="replace").decode("latin-1")


def _lines(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def as_pdf(note: ProgressNote, notice: str = "") -> bytes:
    return document_pdf(title(note), header(note), blocks(note), notice)


def document_pdf(
    heading: str, rows: list[tuple[str, str]], sections: list[Block], notice: str = ""
) -> bytes:
    """A titled document: label/value rows, then headed blocks, then an optional notice.

    Shared by every PDF the product draws (progress notes, coping plans)."""
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(heading))
    pdf.set_creator("talkingcure")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    _lines(pdf, 8, latin1(heading))
    pdf.ln(2)
    for label, value in rows:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(40, 6, latin1(label))
        pdf.set_font("Helvetica", "", 10)
        _lines(pdf, 6, latin1(value))
    for block in sections:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        _lines(pdf, 6, latin1(block.heading))
        pdf.set_font("Helvetica", "", 10)
        _lines(pdf, 5, latin1(block.body))
    if notice:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 10)
        _lines(pdf, 5, latin1(notice))
    return bytes(pdf.output())
