"""Which workbook this is: its hidden sheet (``styrgraf``) read and checked, the format, board,
period, language and model version it was made for, each problem named with its cell."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from openpyxl.workbook.workbook import Workbook

from styrgraf.analysis.fulfilment import Period
from styrgraf.i18n.languages import LANGUAGES
from styrgraf.results.records import FULL_YEAR, INTERIM
from styrgraf.results.workbook_file import Unreadable, rows
from styrgraf.results.workbook_layout import (
    FORMAT,
    META_BOARD,
    META_CREATED,
    META_FORMAT,
    META_KEY_COLUMN,
    META_KEYS,
    META_LANG,
    META_MODEL_VERSION,
    META_PART,
    META_SHEET,
    META_VALUE_COLUMN,
    META_YEAR,
)
from styrgraf.results.workbook_problems import Code, WorkbookProblem

_PARTS = {
    "full": FULL_YEAR,
    "fullyear": FULL_YEAR,
    "helår": FULL_YEAR,
    "full year": FULL_YEAR,
    FULL_YEAR.lower(): FULL_YEAR,
    "interim": INTERIM,
    "delår": INTERIM,
    INTERIM.lower(): INTERIM,
}
"""How the meta sheet may write the part of the year: a word or the term's IRI."""
_CODES: dict[str, Code] = {
    META_BOARD: "meta-board",
    META_YEAR: "meta-year",
    META_PART: "meta-part",
    META_LANG: "meta-lang",
}


@dataclass(frozen=True)
class Meta:
    """What the hidden sheet says the workbook is: its board, period, language, model
    version and when it was made; ``cells`` where each key's value is (``B2``)."""

    board: str
    year: int
    part: str
    language: str
    version: str
    created: str
    cells: dict[str, str]

    @property
    def period(self) -> Period:
        return Period(self.year, "interim" if self.part == INTERIM else "full")


def read_meta(workbook: Workbook, file: str) -> Meta:
    """The hidden sheet's keys and values; :class:`~styrgraf.results.workbook_file.Unreadable`
    (or a list of problems raised as :class:`MetaProblems`) when it is missing or says what
    cannot be read."""
    if META_SHEET not in workbook.sheetnames:
        raise Unreadable(WorkbookProblem("no-meta", file=file, values={"sheet": META_SHEET}))
    found: dict[str, tuple[Any, str]] = {}
    width = max(META_KEY_COLUMN, META_VALUE_COLUMN)
    for row in rows(workbook, META_SHEET, width, file):
        key = row[META_KEY_COLUMN - 1].value
        if isinstance(key, str) and key.strip() in META_KEYS and key.strip() not in found:
            value = row[META_VALUE_COLUMN - 1]
            found[key.strip()] = (value.value, value.coordinate)
        if len(found) == len(META_KEYS):
            break
    problems: list[WorkbookProblem] = []

    def text(key: str) -> tuple[str, str]:
        value, cell = found.get(key, (None, "B1"))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        shown = value.isoformat() if isinstance(value, datetime.datetime) else value
        return ("" if shown is None else str(shown).strip()), cell

    def unreadable(key: str, written: str, cell: str) -> None:
        values = {"text": written, "languages": ", ".join(LANGUAGES)}
        problems.append(WorkbookProblem(_CODES[key], META_SHEET, cell, values))

    format_, cell = text(META_FORMAT)
    if format_ != FORMAT:
        problems.append(
            WorkbookProblem("other-format", META_SHEET, cell, {"text": format_, "expected": FORMAT})
        )
        raise MetaProblems(problems)
    board, board_cell = text(META_BOARD)
    try:
        board = ox.NamedNode(board).value
    except ValueError:
        unreadable(META_BOARD, board, board_cell)
    year_text, year_cell = text(META_YEAR)
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else 0
    if not year:
        unreadable(META_YEAR, year_text, year_cell)
    part_text, part_cell = text(META_PART)
    part = _PARTS.get(part_text.casefold(), "")
    if not part:
        unreadable(META_PART, part_text, part_cell)
    language, lang_cell = text(META_LANG)
    if language not in LANGUAGES:
        unreadable(META_LANG, language, lang_cell)
    version, version_cell = text(META_MODEL_VERSION)
    created, _ = text(META_CREATED)
    if problems:
        raise MetaProblems(problems)
    cells = {
        META_BOARD: board_cell,
        META_YEAR: year_cell,
        META_PART: part_cell,
        META_MODEL_VERSION: version_cell,
    }
    return Meta(board, year, part, language, version, created, cells)


class MetaProblems(Exception):
    """The hidden sheet says what cannot be read: its problems."""

    def __init__(self, problems: list[WorkbookProblem]) -> None:
        super().__init__("; ".join(p.code for p in problems))
        self.problems = problems
