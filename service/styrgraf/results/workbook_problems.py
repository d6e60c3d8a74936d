"""What is wrong with a filled workbook, each problem where it is (sheet and cell) and in words
of the asked language: a number that is no number, a status not on the list, a row whose hidden
keys were changed, a workbook for another board or period, or made from an older state of the
model. The reader collects them all; one is enough to refuse the whole import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypedDict, get_args

from styrgraf.i18n.words import N_, word

Code = Literal[
    # the file
    "not-a-workbook",
    "too-large",
    "no-meta",
    "no-sheet",
    "too-many-rows",
    # the hidden sheet: which workbook this is
    "meta-board",
    "meta-year",
    "meta-part",
    "meta-lang",
    "other-format",
    "unknown-board",
    "unknown-year",
    "other-board",
    "other-period",
    "older-model",
    # a sheet's columns and rows
    "header-changed",
    "row-unknown",
    "row-twice",
    # a cell
    "not-a-number",
    "looks-like-a-date",
    "percent-not-unit",
    "status-not-listed",
    "comment-too-long",
    "comment-without-status",
    "value-without-indicator",
    "not-first-row",
]
"""Every problem a workbook can have, each listed once."""

CODES: tuple[Code, ...] = get_args(Code)

MESSAGES: dict[Code, str] = {
    "not-a-workbook": N_("workbook-import.problem.not-a-workbook"),
    "too-large": N_("workbook-import.problem.too-large"),
    "no-meta": N_("workbook-import.problem.no-meta"),
    "no-sheet": N_("workbook-import.problem.no-sheet"),
    "too-many-rows": N_("workbook-import.problem.too-many-rows"),
    "meta-board": N_("workbook-import.problem.meta-board"),
    "meta-year": N_("workbook-import.problem.meta-year"),
    "meta-part": N_("workbook-import.problem.meta-part"),
    "meta-lang": N_("workbook-import.problem.meta-lang"),
    "other-format": N_("workbook-import.problem.other-format"),
    "unknown-board": N_("workbook-import.problem.unknown-board"),
    "unknown-year": N_("workbook-import.problem.unknown-year"),
    "other-board": N_("workbook-import.problem.other-board"),
    "other-period": N_("workbook-import.problem.other-period"),
    "older-model": N_("workbook-import.problem.older-model"),
    "header-changed": N_("workbook-import.problem.header-changed"),
    "row-unknown": N_("workbook-import.problem.row-unknown"),
    "row-twice": N_("workbook-import.problem.row-twice"),
    "not-a-number": N_("workbook-import.problem.not-a-number"),
    "looks-like-a-date": N_("workbook-import.problem.looks-like-a-date"),
    "percent-not-unit": N_("workbook-import.problem.percent-not-unit"),
    "status-not-listed": N_("workbook-import.problem.status-not-listed"),
    "comment-too-long": N_("workbook-import.problem.comment-too-long"),
    "comment-without-status": N_("workbook-import.problem.comment-without-status"),
    "value-without-indicator": N_("workbook-import.problem.value-without-indicator"),
    "not-first-row": N_("workbook-import.problem.not-first-row"),
}
"""The message of each problem (its placeholders: ``{place}`` and the problem's values)."""


class ProblemShape(TypedDict):
    """One problem of a refused workbook."""

    code: str
    """What kind of problem (the same in every language)."""
    sheet: str | None
    """The sheet it is on, as the workbook names it; null for the file as a whole."""
    cell: str | None
    """The cell (``H7``), or null for a whole sheet or the file."""
    place: str
    """Where, as a person reads it: ``Nämndsmål!H7``, a sheet's name, or the file's."""
    message: str
    """The problem in words, with its place, in the asked language."""


@dataclass(frozen=True)
class WorkbookProblem:
    """One thing wrong with a workbook: what (``code``), where, and the values its message
    names (the text of the cell, the allowed statuses, ...)."""

    code: Code
    sheet: str | None = None
    cell: str | None = None
    values: Mapping[str, object] = field(default_factory=dict)
    file: str = ""
    """The file's name, for a problem of the file as a whole."""

    @property
    def place(self) -> str:
        """``Sheet!H7``, the sheet's name, or the file's.

        >>> WorkbookProblem("not-a-number", "Nämndsmål", "H7").place
        'Nämndsmål!H7'
        """
        if self.sheet is None:
            return self.file
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def message(self, lang: str) -> str:
        """The problem in words of ``lang``, beginning with where it is.

        >>> typed = {"text": "7,2 procent"}
        >>> WorkbookProblem("not-a-number", "Nämndsmål", "H7", typed).message("sv")
        "Nämndsmål!H7: '7,2 procent' är inte ett tal"
        >>> WorkbookProblem("not-a-number", "Board goals", "H7", typed).message("en")
        "Board goals!H7: '7,2 procent' is not a number"
        """
        return word(MESSAGES[self.code], lang, place=self.place, **self.values)

    def as_dict(self, lang: str) -> ProblemShape:
        return {
            "code": self.code,
            "sheet": self.sheet,
            "cell": self.cell,
            "place": self.place,
            "message": self.message(lang),
        }


class WorkbookRefused(ValueError):
    """A workbook that is not imported, with every problem found in it (one at least)."""

    def __init__(self, problems: Iterable[WorkbookProblem], lang: str) -> None:
        self.problems = list(problems)
        self.lang = lang
        assert self.problems, "a refusal names its problems"
        super().__init__("; ".join(p.message(lang) for p in self.problems))

    def messages(self) -> list[str]:
        return [p.message(self.lang) for p in self.problems]

    def as_dicts(self) -> list[ProblemShape]:
        return [p.as_dict(self.lang) for p in self.problems]
