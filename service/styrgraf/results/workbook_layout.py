"""The reporting workbook's shape: the one owner of what its writer
(:mod:`styrgraf.render.workbook`) lays out and its reader reads back.

A workbook is for one board and one period (a budget year, its delår or its helår), in one
language. It has three sheets:

- **Nämndsmål** / **Board goals** (:data:`GOAL_COLUMNS`): one row per indicator of each of
  the board's nämndsmål, goals in the order of their labels, each goal's indicators in the
  order of theirs; a nämndsmål with no indicator gets one row whose indicator cells are
  empty. The columns to fill are the period's value (per indicator), the status and the
  comment (per goal). The status and the comment are given on the goal's **first row**
  only: on its other rows those cells are locked, greyed and left empty, and the reader
  refuses a non-empty one (naming the cell) rather than guess which row counts. The value
  cell of a goal's row with no indicator is locked and greyed too, and refused when filled.
- **Aktiviteter** / **Activities** (:data:`ACTIVITY_COLUMNS`): one row per activity of the
  board's handlingsplaner, with its reported status and comment to fill.
- **styrgraf**, hidden (:data:`META_KEYS`): key/value rows, the key in column A and its
  value in column B from row 1: the format, the board, the year, the part, the model version,
  the language, the profile the statuses come from and when the workbook was made. Beside
  them, the drop-down lists' choices (:data:`LISTS`): each list's labels in one column and
  the IRIs they stand for in the next.

On both data sheets the header is on row 1 and the data from row 2 (:data:`FIRST_ROW`); the
hidden columns at the right carry the IRIs that match a row back to the model. A status is
written, and read back, as its label in the workbook's language (the reader takes the
profile's or the activity status scheme's labels, not the workbook's lists, as the truth).
Numbers are numeric cells; a text cell holding a number (Swedish decimal comma, percent sign,
spaces) is the reader's to understand.

The **model version** (:func:`model_version`) is a short digest of the rows' keys, so that a
workbook made from an older state of the model (a goal, an indicator, its unit, a plan or an
activity added, removed or changed since) is recognised: the reader computes it again from
the store's present rows (:mod:`styrgraf.results.board_sheet`) and compares.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from styrgraf.i18n.words import N_, word

#: The format this module describes; a reader refuses any other.
FORMAT = "styrgraf-workbook/1"

#: The hidden sheet of key/value rows. Its name is the same in every language.
META_SHEET = "styrgraf"

#: The header is on row 1, the data start on row 2.
HEADER_ROW = 1
FIRST_ROW = 2

#: What marks a column to fill, after its heading.
FILL_MARK = " ✎"

#: The fill colour of the cells to fill (an ARGB hex), and of the locked cells in their place.
FILL_COLOUR = "FFFFF2CC"
GREYED_COLOUR = "FFE7E6E6"
HEADER_COLOUR = "FFD9E1F2"


class Sheet(StrEnum):
    """The data sheets, by their keys (their names are words, :func:`sheet_name`)."""

    GOALS = "goals"
    ACTIVITIES = "activities"


class Kind(StrEnum):
    """What a column holds, for its cells' type and number format."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    STATUS = "status"
    IRI = "iri"


@dataclass(frozen=True)
class Column:
    """A column of a data sheet: its key, the message id of its heading (``{period}`` in it is
    the workbook's period in words), whether it is to be filled, whether it is hidden, its
    width in characters and what it holds."""

    key: str
    heading: str
    kind: Kind = Kind.TEXT
    fill: bool = False
    hidden: bool = False
    width: float = 14


GOAL_COLUMNS: tuple[Column, ...] = (
    Column("goal", N_("workbook.column.goal"), width=48),
    Column("indicator", N_("workbook.column.indicator"), width=48),
    Column("unit", N_("workbook.column.unit"), width=12),
    Column("baseline", N_("workbook.column.baseline"), Kind.NUMBER, width=13),
    Column("target", N_("workbook.column.target"), Kind.NUMBER, width=13),
    Column("latest", N_("workbook.column.latest"), Kind.NUMBER, width=13),
    Column("latest-period", N_("workbook.column.latest-period"), width=15),
    Column("value", N_("workbook.column.value"), Kind.NUMBER, fill=True, width=17),
    Column("status", N_("workbook.column.status"), Kind.STATUS, fill=True, width=24),
    Column("comment", N_("workbook.column.comment"), fill=True, width=48),
    Column("goal-iri", N_("workbook.column.goal-iri"), Kind.IRI, hidden=True, width=40),
    Column("indicator-iri", N_("workbook.column.indicator-iri"), Kind.IRI, hidden=True, width=40),
)

ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("plan", N_("workbook.column.plan"), width=40),
    Column("activity", N_("workbook.column.activity"), width=48),
    Column("start", N_("workbook.column.start"), Kind.DATE, width=12),
    Column("end", N_("workbook.column.end"), Kind.DATE, width=12),
    Column("current-status", N_("workbook.column.current-status"), width=18),
    Column("status", N_("workbook.column.status"), Kind.STATUS, fill=True, width=20),
    Column("comment", N_("workbook.column.comment"), fill=True, width=48),
    Column("plan-iri", N_("workbook.column.plan-iri"), Kind.IRI, hidden=True, width=40),
    Column("activity-iri", N_("workbook.column.activity-iri"), Kind.IRI, hidden=True, width=40),
)

COLUMNS: dict[Sheet, tuple[Column, ...]] = {
    Sheet.GOALS: GOAL_COLUMNS,
    Sheet.ACTIVITIES: ACTIVITY_COLUMNS,
}

_SHEET_WORDS = {
    Sheet.GOALS: N_("workbook.sheet.goals"),
    Sheet.ACTIVITIES: N_("workbook.sheet.activities"),
}

#: The meta sheet's keys, in the order of its rows.
META_FORMAT = "format"
META_BOARD = "board"
META_YEAR = "year"
META_PART = "part"
META_MODEL_VERSION = "model-version"
META_LANG = "lang"
META_PROFILE = "profile"
META_CREATED = "created"
META_KEYS: tuple[str, ...] = (
    META_FORMAT,
    META_BOARD,
    META_YEAR,
    META_PART,
    META_MODEL_VERSION,
    META_LANG,
    META_PROFILE,
    META_CREATED,
)

#: The meta sheet's columns: key, value.
META_KEY_COLUMN = 1
META_VALUE_COLUMN = 2

#: The drop-down lists on the meta sheet: the column of the labels (the IRIs are in the next
#: one), from row 1.
GOAL_STATUS_LIST = "goal-status"
ACTIVITY_STATUS_LIST = "activity-status"
LISTS: dict[str, int] = {GOAL_STATUS_LIST: 4, ACTIVITY_STATUS_LIST: 7}

#: Which list a status column's drop-down offers.
STATUS_LISTS: dict[Sheet, str] = {
    Sheet.GOALS: GOAL_STATUS_LIST,
    Sheet.ACTIVITIES: ACTIVITY_STATUS_LIST,
}


def sheet_name(sheet: Sheet, lang: str) -> str:
    """The name of a data sheet in the language ``lang``."""
    return word(_SHEET_WORDS[sheet], lang)


def sheet_of(name: str, langs: Iterable[str]) -> Sheet | None:
    """The data sheet that ``name`` names in one of ``langs`` (case and spaces aside), or None."""
    wanted = name.strip().casefold()
    for lang in langs:
        for sheet in Sheet:
            if sheet_name(sheet, lang).casefold() == wanted:
                return sheet
    return None


def column(sheet: Sheet, key: str) -> int:
    """The 1-based number of a column of ``sheet`` by its key; a KeyError for a key it has not."""
    for number, found in enumerate(COLUMNS[sheet], start=1):
        if found.key == key:
            return number
    raise KeyError(f"the sheet {sheet.value!r} has no column {key!r}")


def heading(col: Column, lang: str, period: str) -> str:
    """A column's heading in ``lang``, ``period`` (the period in words) filled in, marked when
    it is to be filled."""
    text = word(col.heading, lang, period=period)
    return text + FILL_MARK if col.fill else text


def goal_key(goal: str, indicator: str | None, unit: str | None) -> tuple[str, ...]:
    """The key of a row of the nämndsmål sheet, for :func:`model_version`."""
    return ("goal", goal, indicator or "", unit or "")


def activity_key(plan: str, activity: str) -> tuple[str, ...]:
    """The key of a row of the activities sheet, for :func:`model_version`."""
    return ("activity", plan, activity)


def model_version(rows: Iterable[tuple[str, ...]]) -> str:
    """A short digest of the rows' keys (:func:`goal_key`, :func:`activity_key`), in whatever
    order they come: the same rows give the same version, a row added, removed or changed
    another.

    >>> a = [goal_key("g", "i", "%"), activity_key("p", "a")]
    >>> model_version(a) == model_version(reversed(a)), model_version(a) == model_version(a[:1])
    (True, False)
    """
    digest = hashlib.sha256()
    for row in sorted(set(rows)):
        digest.update("\x1f".join(row).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]
