"""A table (:class:`styrgraf.render.tables.Table`) as an Excel workbook (``.xlsx``, openpyxl).

One sheet, named in the language asked for; the headings in its words, bold, and frozen with
a filter on them; each column as wide as its longest text allows (within bounds). A number is a
numeric cell and a flag a boolean one, so Excel shows them in its own language (``7,2`` in
Swedish) and can sum them. Text is a text cell, always: a label that begins like a formula
(``=HYPERLINK(…)``, ``@SUM(1)``) is stored as a string and marked as quoted text, so that
Excel neither runs it on opening nor when the cell is edited. Characters a workbook cannot
hold (control characters) become U+FFFD; a text longer than a cell holds is cut.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from styrgraf.i18n.words import word
from styrgraf.render.tables import Cell, Table
from styrgraf.render.writers import FORMULA_STARTS

CELL_LIMIT = 32767
"""The most characters an Excel cell holds."""
EXACT_DIGITS = 15
"""The digits an Excel number holds exactly: a longer integer is written as text."""
SHEET_NAME_LIMIT = 31
WIDTHS = (8, 60)
"""The narrowest and widest a column is made, in characters."""
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _text(value: str) -> str:
    cleaned = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return cleaned if len(cleaned) <= CELL_LIMIT else cleaned[: CELL_LIMIT - 1] + "…"


def _stored(value: Cell) -> Cell:
    """What a cell holds: a number Excel cannot hold exactly becomes its text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if abs(value) < 10**EXACT_DIGITS else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else str(value)
    return value


def sheet_name(text: str) -> str:
    """A name Excel takes for a sheet: no ``[]:*?/\\``, at most 31 characters."""
    return text.translate(_SHEET_NAME_FORBIDDEN).strip()[:SHEET_NAME_LIMIT] or "Sheet"


def _width(value: Cell) -> int:
    if value is None:
        return 0
    return max((len(line) for line in str(value).splitlines()), default=0)


def table_xlsx(written: Table, lang: str) -> bytes:
    """The table as a workbook of one sheet, its name and headings in ``lang``'s words."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = sheet_name(word(written.name, lang))
    headings = [column.title(lang) for column in written.columns]
    bold = Font(bold=True)
    widths = [_width(heading) + 2 for heading in headings]
    for number, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=1, column=number, value=_text(heading))
        cell.data_type = "s"
        cell.font = bold
    for row_number, row in enumerate(written.rows, start=2):
        for number, value in enumerate(row, start=1):
            stored = _stored(value)
            if isinstance(stored, str):
                cell = sheet.cell(row=row_number, column=number, value=_text(stored))
                # Text, whatever it looks like: openpyxl takes "=…" for a formula.
                cell.data_type = "s"
                cell.quotePrefix = stored.startswith(FORMULA_STARTS)
            else:
                sheet.cell(row=row_number, column=number, value=stored)
            widths[number - 1] = max(widths[number - 1], _width(value) + 1)
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(
            max(width, WIDTHS[0]), WIDTHS[1]
        )
    sheet.freeze_panes = "A2"
    if headings:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{len(written.rows) + 1}"
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()
