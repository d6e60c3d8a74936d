"""A workbook file opened safely, to be read back: an .xlsx (a zip of XML parts) within bounds,
read with openpyxl in read-only mode, values only (what Excel last computed, never a formula),
each sheet's rows up to a bound.

Bounds, checked before openpyxl reads a sheet: the file at most :data:`MAX_BYTES`, its parts
unpacked at most :data:`MAX_UNPACKED` bytes in all (a small zip that unpacks to gigabytes is
refused unread), and each sheet read to at most :data:`MAX_ROWS` rows and the columns asked
for. openpyxl parses the XML with defusedxml (a dependency), so no entity is expanded and
nothing is fetched. A file that is no zip, or a zip that is no workbook, is refused as not a
workbook.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from styrgraf.results.workbook_problems import WorkbookProblem

MAX_BYTES = 8 * 1024 * 1024
"""The largest workbook file read (a board's workbook is some tens of kilobytes)."""
MAX_UNPACKED = 64 * 1024 * 1024
"""The most bytes a workbook's parts may unpack to, in all."""
MAX_ROWS = 5000
"""The most rows read of a sheet (a board has tens of goals and indicators, not thousands)."""


class Unreadable(Exception):
    """A file that cannot be read as a workbook: the problem."""

    def __init__(self, problem: WorkbookProblem) -> None:
        super().__init__(problem.code)
        self.problem = problem


@dataclass(frozen=True)
class Cell:
    """One cell as read: where it is, what it holds, and the number format it is shown in."""

    row: int
    column: int
    value: Any
    number_format: str = "General"

    @property
    def coordinate(self) -> str:
        """``H7``."""
        return f"{get_column_letter(self.column)}{self.row}"


def open_workbook(data: bytes, file: str) -> Workbook:
    """The workbook in ``data``, opened read-only for its values; :class:`Unreadable` when it
    is too large or no workbook."""
    if len(data) > MAX_BYTES:
        raise Unreadable(WorkbookProblem("too-large", file=file, values={"limit": MAX_BYTES}))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as packed:
            unpacked = sum(max(0, info.file_size) for info in packed.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Unreadable(WorkbookProblem("not-a-workbook", file=file)) from None
    if unpacked > MAX_UNPACKED:
        raise Unreadable(WorkbookProblem("too-large", file=file, values={"limit": MAX_UNPACKED}))
    try:
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception:  # openpyxl fails on a zip that is no workbook in many ways: all mean that
        raise Unreadable(WorkbookProblem("not-a-workbook", file=file)) from None


def rows(
    workbook: Workbook, sheet: str, columns: int, file: str, first: int = 1
) -> Iterator[list[Cell]]:
    """The rows of ``sheet`` from row ``first``, each as its first ``columns`` cells (empty
    ones too); :class:`Unreadable` past :data:`MAX_ROWS` rows or when the sheet's XML is
    broken. Rows that hold nothing at all are left out."""
    try:
        for number, row in enumerate(
            workbook[sheet].iter_rows(min_row=first, max_col=columns), start=first
        ):
            if number > MAX_ROWS:
                raise Unreadable(
                    WorkbookProblem("too-many-rows", sheet, None, {"limit": MAX_ROWS}, file)
                )
            cells = [
                Cell(number, column, cell.value, getattr(cell, "number_format", None) or "General")
                for column, cell in enumerate(row[:columns], start=1)
            ]
            cells += [Cell(number, c, None) for c in range(len(cells) + 1, columns + 1)]
            if any(c.value is not None for c in cells):
                yield cells
    except Unreadable:
        raise
    except Exception:  # a sheet whose XML openpyxl cannot read
        raise Unreadable(WorkbookProblem("not-a-workbook", file=file)) from None
