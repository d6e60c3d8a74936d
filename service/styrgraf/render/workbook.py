"""A board's reporting workbook written out as .xlsx (openpyxl), from what
:mod:`styrgraf.results.board_sheet` read and laid out as :mod:`styrgraf.results.workbook_layout`
says.

The cells to fill are unlocked and coloured, their headings marked ✎ and carrying a note
that says what to enter; the status cells offer a drop-down list of the statuses' labels (the
lists on the hidden meta sheet, by a defined name). Everything else is locked by sheet
protection without a password, so that a slip of the hand cannot change a key, yet nothing
stops a person who means to. Numbers are numeric cells with a number format, dates are dates,
text is text (never a formula, whatever it begins with). The same sheet and the same
``created`` give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from styrgraf.analysis.fulfilment import Period
from styrgraf.i18n.words import N_, word
from styrgraf.results.board_sheet import ActivityRow, BoardSheet, Choice, GoalRow
from styrgraf.results.workbook_layout import (
    ACTIVITY_STATUS_LIST,
    COLUMNS,
    FILL_COLOUR,
    FIRST_ROW,
    FORMAT,
    GOAL_STATUS_LIST,
    GREYED_COLOUR,
    HEADER_COLOUR,
    HEADER_ROW,
    LISTS,
    META_BOARD,
    META_CREATED,
    META_FORMAT,
    META_KEY_COLUMN,
    META_KEYS,
    META_LANG,
    META_MODEL_VERSION,
    META_PART,
    META_PROFILE,
    META_SHEET,
    META_VALUE_COLUMN,
    META_YEAR,
    STATUS_LISTS,
    Column,
    Kind,
    Sheet,
    column,
    heading,
    sheet_name,
)

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_AUTHOR = "styrgraf"
_FILLED = PatternFill("solid", start_color=FILL_COLOUR, end_color=FILL_COLOUR)
_GREYED = PatternFill("solid", start_color=GREYED_COLOUR, end_color=GREYED_COLOUR)
_HEADER = PatternFill("solid", start_color=HEADER_COLOUR, end_color=HEADER_COLOUR)
_OPEN = Protection(locked=False)
_Cell = Cell | MergedCell
_DATE_FORMAT = "yyyy-mm-dd"

# Each fill column's note, by sheet and column key.
_NOTES = {
    (Sheet.GOALS, "value"): N_("workbook.note.value"),
    (Sheet.GOALS, "status"): N_("workbook.note.goal-status"),
    (Sheet.GOALS, "comment"): N_("workbook.note.goal-comment"),
    (Sheet.ACTIVITIES, "status"): N_("workbook.note.activity-status"),
    (Sheet.ACTIVITIES, "comment"): N_("workbook.note.activity-comment"),
}


def period_words(period: Period, lang: str) -> str:
    """The period in words: "helår 2022", "delår 2022"."""
    return word(f"followup.period.{period.part}", lang, year=str(period.year))


def list_name(name: str) -> str:
    """The workbook's defined name of a drop-down list (``goal-status`` → ``sg_goal_status``)."""
    return "sg_" + name.replace("-", "_")


def workbook_file_name(sheet: BoardSheet) -> str:
    """A file name for the workbook: the board's IRI's last part, the year and the part."""
    slug = sheet.board.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or "board"
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in slug)
    return f"{safe}-{sheet.period.year}-{sheet.period.part}.xlsx"


def workbook_bytes(sheet: BoardSheet, created: datetime) -> bytes:
    """The workbook of ``sheet`` as .xlsx, made at ``created`` (an aware time)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    lang, period = sheet.lang, period_words(sheet.period, sheet.lang)
    title = word("workbook.title", lang, board=sheet.board_label, period=period)
    goals = book.create_sheet(sheet_name(Sheet.GOALS, lang))
    activities = book.create_sheet(sheet_name(Sheet.ACTIVITIES, lang))
    meta = book.create_sheet(META_SHEET)
    _meta(meta, sheet, created)
    _lists(book, meta, {GOAL_STATUS_LIST: sheet.goal_statuses})
    _lists(book, meta, {ACTIVITY_STATUS_LIST: sheet.activity_statuses})
    _header(goals, Sheet.GOALS, lang, period, title)
    _header(activities, Sheet.ACTIVITIES, lang, period, title)
    statuses = {c.status: c.label for c in sheet.goal_statuses}
    for number, row in enumerate(sheet.goals, start=FIRST_ROW):
        _goal_row(goals, number, row, lang, statuses)
    labels = {c.status: c.label for c in sheet.activity_statuses}
    for number, activity in enumerate(sheet.activities, start=FIRST_ROW):
        _activity_row(activities, number, activity, labels)
    firsts = [FIRST_ROW + i for i, r in enumerate(sheet.goals) if r.first]
    _status_list(goals, Sheet.GOALS, firsts, lang)
    _status_list(activities, Sheet.ACTIVITIES, range(FIRST_ROW, activities.max_row + 1), lang)
    for worksheet in (goals, activities, meta):
        worksheet.protection.sheet = True
    meta.sheet_state = "hidden"
    book.security = WorkbookProtection(lockStructure=True)
    book.properties.title = title
    book.properties.creator = _AUTHOR
    book.properties.language = lang
    made = created.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    book.properties.created = book.properties.modified = made
    written = io.BytesIO()
    # The writer itself, not book.save, which would date the workbook modified now.
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _dated(written.getvalue(), made)


def _meta(meta: Worksheet, sheet: BoardSheet, created: datetime) -> None:
    values: dict[str, object] = {
        META_FORMAT: FORMAT,
        META_BOARD: sheet.board,
        META_YEAR: sheet.period.year,
        META_PART: sheet.period.part,
        META_MODEL_VERSION: sheet.model_version,
        META_LANG: sheet.lang,
        META_PROFILE: sheet.profile,
        META_CREATED: created.astimezone(UTC).isoformat(timespec="seconds"),
    }
    for number, key in enumerate(META_KEYS, start=1):
        _text(meta, number, META_KEY_COLUMN, key)
        value = values[key]
        if isinstance(value, int):
            meta.cell(number, META_VALUE_COLUMN, value)
        else:
            _text(meta, number, META_VALUE_COLUMN, str(value))


def _lists(book: Workbook, meta: Worksheet, lists: dict[str, Sequence[Choice]]) -> None:
    """Each list's labels (and beside them the IRIs) on the meta sheet, under a defined name."""
    for name, choices in lists.items():
        where = LISTS[name]
        for number, choice in enumerate(choices, start=1):
            _text(meta, number, where, choice.label)
            _text(meta, number, where + 1, choice.status)
        letter = get_column_letter(where)
        reference = f"{quote_sheetname(META_SHEET)}!${letter}$1:${letter}${max(len(choices), 1)}"
        book.defined_names[list_name(name)] = DefinedName(list_name(name), attr_text=reference)


def _header(sheet: Worksheet, kind: Sheet, lang: str, period: str, title: str) -> None:
    for number, col in enumerate(COLUMNS[kind], start=1):
        cell = _text(sheet, HEADER_ROW, number, heading(col, lang, period))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = _FILLED if col.fill else _HEADER
        note = _NOTES.get((kind, col.key))
        if note:
            cell.comment = Comment(word(note, lang, period=period), _AUTHOR, height=120, width=260)
        dimension = sheet.column_dimensions[get_column_letter(number)]
        dimension.width = col.width
        dimension.hidden = col.hidden
    sheet.freeze_panes = f"A{FIRST_ROW}"
    if sheet.oddHeader is not None:
        sheet.oddHeader.center.text = title


def _goal_row(
    sheet: Worksheet, number: int, row: GoalRow, lang: str, statuses: dict[str, str]
) -> None:
    values: dict[str, object] = {
        "goal": row.goal_label,
        "indicator": row.indicator_label,
        "unit": row.unit,
        "baseline": row.baseline,
        "target": row.target,
        "latest": row.latest,
        "latest-period": period_words(row.latest_period, lang) if row.latest_period else None,
        "value": row.value,
        # A status is written as its label, the one the drop-down offers.
        "status": statuses.get(row.status, row.status) if row.status else None,
        "comment": row.comment,
        "goal-iri": row.goal,
        "indicator-iri": row.indicator,
    }
    open_cells = {"value"} if row.indicator else set()
    open_cells |= {"status", "comment"} if row.first else set()
    _row(sheet, Sheet.GOALS, number, values, open_cells)


def _activity_row(sheet: Worksheet, number: int, row: ActivityRow, labels: dict[str, str]) -> None:
    values: dict[str, object] = {
        "plan": row.plan_label,
        "activity": row.activity_label,
        "start": row.start,
        "end": row.end,
        "current-status": ", ".join(labels.get(s, s) for s in row.current) or None,
        "status": labels.get(row.status, row.status) if row.status else None,
        "comment": row.comment,
        "plan-iri": row.plan,
        "activity-iri": row.activity,
    }
    _row(sheet, Sheet.ACTIVITIES, number, values, {"status", "comment"})


def _row(
    sheet: Worksheet, kind: Sheet, number: int, values: dict[str, object], open_cells: set[str]
) -> None:
    for place, col in enumerate(COLUMNS[kind], start=1):
        cell = _value(sheet, number, place, col, values.get(col.key))
        if col.fill and col.key in open_cells:
            cell.protection = _OPEN
            cell.fill = _FILLED
        elif col.fill:
            cell.fill = _GREYED
        if col.key == "comment":
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _value(sheet: Worksheet, number: int, place: int, col: Column, value: object) -> _Cell:
    if value is None or value == "":
        cell = sheet.cell(number, place)
        if col.kind is Kind.NUMBER:
            cell.number_format = "General"
        return cell
    if col.kind is Kind.NUMBER and isinstance(value, Decimal):
        cell = sheet.cell(number, place, value)
        cell.number_format = number_format(value)
        return cell
    if col.kind is Kind.DATE and isinstance(value, date):
        cell = sheet.cell(number, place, value)
        cell.number_format = _DATE_FORMAT
        return cell
    return _text(sheet, number, place, str(value))


def number_format(value: Decimal) -> str:
    """The number format that shows ``value`` as written: its decimals, thousands grouped.

    >>> number_format(Decimal("28180")), number_format(Decimal("3.25"))
    ('#,##0', '#,##0.00')
    """
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _status_list(sheet: Worksheet, kind: Sheet, rows: Sequence[int], lang: str) -> None:
    """The drop-down list of the status column, on the rows that may be filled."""
    if not rows:
        return
    letter = get_column_letter(column(kind, "status"))
    validation = DataValidation(
        type="list",
        formula1=list_name(STATUS_LISTS[kind]),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=word("workbook.list.title", lang),
        error=word("workbook.list.error", lang),
    )
    for row in rows:
        validation.add(f"{letter}{row}")
    sheet.add_data_validation(validation)


def _text(sheet: Worksheet, row: int, place: int, text: str) -> _Cell:
    """A text cell, written as text even when it begins with ``=`` (never a formula)."""
    cell = sheet.cell(row, place)
    cell.value = text
    cell.data_type = "s"
    return cell


def _dated(data: bytes, made: datetime) -> bytes:
    """The .xlsx with every entry dated ``made``, so the same workbook is the same bytes."""
    stamp = (max(made.year, 1980), made.month, made.day, made.hour, made.minute, made.second)
    written = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return written.getvalue()
