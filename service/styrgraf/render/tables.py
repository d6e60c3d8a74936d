"""The tables people download: one model of a table's columns, headings and cells, written as
CSV here and as a workbook by :mod:`styrgraf.render.spreadsheet`.

Each table is declared once, by the module that writes its answer (the goal tree in
:mod:`~styrgraf.render.writers`, traces in :mod:`~styrgraf.render.trace_report`, coverage and
validation in :mod:`~styrgraf.render.coverage_report`, the follow-up in
:mod:`~styrgraf.render.fulfilment_table`, a named query's solutions in
:mod:`~styrgraf.render.query_results`): its :class:`Column`\\ s, each with its key and the
message id of its heading, and rows of cells. A cell is text, a number (``int``, ``float``,
``Decimal``), a flag (``bool``) or nothing (``None``); a number stays a number in every form.

A download is written in the form of its language (:func:`download_form`):

- UTF-8 with a byte-order mark, in every language: without it Excel reads a CSV in the
  computer's legacy code page, and "Nämnd" and "Tillväxt" come out garbled, whatever the
  language of the headings;
- the decimal mark of the language (Babel's locale data: a comma in Swedish) and, where that
  is a comma, ``;`` between the cells, as Swedish Excel reads a file it opens on a
  double-click; numbers with no grouping (Excel reads ``35000`` everywhere; the space it
  groups with differs from one Windows to the next);
- the headings in the language's words (``Nämnd``), flags as ``ja`` and ``nej``; except in
  English (:data:`KEYS_LANGUAGE`), whose CSV is the one programs read: the columns' keys as
  headings (the keys of the JSON answer), flags as ``true`` and ``false``, ``,`` and ``.``.

The commands write :data:`PLAIN`: the English form without a byte-order mark, for a pipe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import get_decimal_symbol

from styrgraf.i18n.languages import catalogue_language
from styrgraf.i18n.words import N_, locale, word
from styrgraf.render.writers import csv_text

Cell = str | int | float | Decimal | bool | None
"""One cell of a table: text, a number, a flag, or nothing."""

KEYS_LANGUAGE = "en"
"""The language whose CSV is headed by the columns' keys: the CSV that programs read."""

BYTE_ORDER_MARK = "\ufeff"
FLAG_WORDS = (N_("table.no"), N_("table.yes"))
"""The words of a flag (false, true) in a table for people."""


@dataclass(frozen=True)
class Column:
    """A column of a table: its ``key`` (the heading programs read, the JSON answer's key) and
    the message id of its heading for people (``None``: the key is its heading too)."""

    key: str
    heading: str | None = None

    def title(self, lang: str | None) -> str:
        """The heading in ``lang``'s words; the key for ``None``."""
        if lang is None or self.heading is None:
            return self.key
        return word(self.heading, lang)


@dataclass(frozen=True)
class Table:
    """A table: the message id of its name (a workbook's sheet), its columns and its rows,
    each a cell per column."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        width = len(self.columns)
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValueError(f"row {number} of {self.name} has {len(row)} cells, not {width}")


def table(name: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> Table:
    """A :class:`Table` of ``rows`` (any sequences), each checked to have a cell per column."""
    return Table(name, tuple(columns), tuple(tuple(row) for row in rows))


@dataclass(frozen=True)
class Form:
    """How a table is written as CSV: the language of its headings and flags (``None``: the
    keys, and ``true``/``false``), the separator, the decimal mark and the byte-order mark."""

    lang: str | None
    separator: str
    decimal: str
    byte_order_mark: bool


PLAIN = Form(None, ",", ".", byte_order_mark=False)
"""The CSV of the commands: keys, ``,`` and ``.``, and no byte-order mark."""


def download_form(lang: str) -> Form:
    """The CSV a download is written in when its language is ``lang`` (see the module)."""
    written = catalogue_language(lang)
    decimal = str(get_decimal_symbol(locale(written)))
    return Form(
        None if written == KEYS_LANGUAGE else written,
        ";" if decimal == "," else ",",
        decimal,
        byte_order_mark=True,
    )


def _cell(value: Cell, lang: str | None) -> Cell:
    if isinstance(value, bool) and lang is not None:
        return word(FLAG_WORDS[value], lang)
    return value


def table_csv(written: Table, form: Form = PLAIN) -> str:
    """The table as CSV in ``form``: every cell spreadsheet-safe
    (:func:`styrgraf.render.writers.safe_cell`), numbers with the form's decimal mark."""
    text = csv_text(
        [column.title(form.lang) for column in written.columns],
        ([_cell(value, form.lang) for value in row] for row in written.rows),
        separator=form.separator,
        decimal=form.decimal,
    )
    return (BYTE_ORDER_MARK if form.byte_order_mark else "") + text
