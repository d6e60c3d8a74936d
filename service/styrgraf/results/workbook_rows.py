"""The rows of a filled workbook read back: each matched by its hidden IRIs to a row the board
has now, and its filled cells read into values (:class:`~styrgraf.results.records.Reading`),
goals' statuses (:class:`~styrgraf.results.records.Judgement`) and activities' statuses
(:class:`~styrgraf.results.records.ActivityReport`). Every problem is collected, each with its
sheet and cell; the caller refuses the workbook if there is one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl.workbook.workbook import Workbook

from styrgraf.results.cell_numbers import NotAValue, cell_number, is_blank, shown
from styrgraf.results.records import ActivityReport, Judgement, Reading
from styrgraf.results.workbook_file import Cell, rows
from styrgraf.results.workbook_layout import (
    COLUMNS,
    FIRST_ROW,
    HEADER_ROW,
    Sheet,
    column,
    heading,
)
from styrgraf.results.workbook_meta import Meta
from styrgraf.results.workbook_problems import WorkbookProblem

MAX_COMMENT = 4000
"""The longest comment read, in characters."""
_PERIOD = "\x00"


@dataclass(frozen=True)
class GoalRow:
    """A row of the nämndsmål sheet as the board has it now: a goal and one of its indicators
    (None for a goal without one), with the indicator's unit."""

    goal: str
    indicator: str | None
    unit: str | None


@dataclass(frozen=True)
class Statuses:
    """The statuses a status column takes: each label (in any language) to its IRI, and the
    labels the workbook's drop-down offers, to name in a message."""

    by_label: Mapping[str, str]
    offered: Sequence[str]

    def status(self, text: str) -> str | None:
        """The status a label names (case and spaces aside), or None."""
        return self.by_label.get(" ".join(text.split()).casefold())


@dataclass(frozen=True)
class Present:
    """The board's rows as the store holds them now, and the statuses its columns take."""

    goals: Mapping[tuple[str, str | None], GoalRow]
    activities: frozenset[tuple[str, str]]
    """(plan, activity)."""
    goal_statuses: Statuses
    activity_statuses: Statuses


@dataclass
class Rows:
    """What the rows bring, and what is wrong with them."""

    readings: list[Reading] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    activities: list[ActivityReport] = field(default_factory=list)
    filled: int = 0
    goal_of: dict[str, str] = field(default_factory=dict)
    """The goal of each value's place."""
    problems: list[WorkbookProblem] = field(default_factory=list)


def read_rows(
    workbook: Workbook, names: Mapping[Sheet, str], meta: Meta, present: Present, file: str
) -> Rows:
    """Read both data sheets (named ``names``) of a workbook for ``meta``'s board and period
    against the board's ``present`` rows."""
    found = Rows()
    for sheet in Sheet:
        name = names[sheet]
        if name not in workbook.sheetnames:
            found.problems.append(WorkbookProblem("no-sheet", name, None, {"sheet": name}))
            continue
        width = len(COLUMNS[sheet])
        read = list(rows(workbook, name, width, file, first=HEADER_ROW))
        header = read[0] if read and read[0][0].row == HEADER_ROW else []
        body = [r for r in read if r[0].row >= FIRST_ROW]
        moved = _headers(sheet, name, header, meta.language)
        if moved:
            found.problems += moved  # the cells cannot be trusted to mean what they say
            continue
        reader = _GoalRows if sheet is Sheet.GOALS else _ActivityRows
        reader(found, name, meta, present).read(body)
    return found


def _headers(sheet: Sheet, name: str, header: list[Cell], lang: str) -> list[WorkbookProblem]:
    """The headings that are not the layout's (a column moved, inserted or removed). The
    period a heading names is not compared: the columns are what count."""
    problems = []
    cells = header or [Cell(HEADER_ROW, n, None) for n in range(1, len(COLUMNS[sheet]) + 1)]
    for col, cell in zip(COLUMNS[sheet], cells, strict=False):
        before, _, after = " ".join(heading(col, lang, _PERIOD).split()).partition(_PERIOD)
        written = " ".join(str(cell.value or "").split())
        if not (
            written.startswith(before)
            and written.endswith(after)
            and len(written) >= len(before) + len(after)
        ):
            values = {"expected": heading(col, lang, "…"), "text": shown(cell.value or "")}
            problems.append(WorkbookProblem("header-changed", name, cell.coordinate, values))
        if not header:
            break  # one problem says the sheet has no headings
    return problems


class _SheetRows:
    """The rows of one sheet, read into ``found``."""

    sheet: Sheet

    def __init__(self, found: Rows, name: str, meta: Meta, present: Present) -> None:
        self.found, self.name, self.meta, self.present = found, name, meta, present
        self.seen: dict[tuple[str, ...], str] = {}

    def cell(self, cells: list[Cell], key: str) -> Cell:
        return cells[column(self.sheet, key) - 1]

    def problem(self, code: str, cell: Cell, **values: object) -> None:
        self.found.problems.append(WorkbookProblem(code, self.name, cell.coordinate, values))  # type: ignore[arg-type]

    def place(self, cell: Cell) -> str:
        return f"{self.name}!{cell.coordinate}"

    def filled(self, cells: list[Cell], keys: Sequence[str]) -> list[Cell]:
        """The fill cells among ``keys`` that hold something, counted."""
        given = [self.cell(cells, k) for k in keys if not is_blank(self.cell(cells, k).value)]
        self.found.filled += len(given)
        return given

    def iri(self, cell: Cell) -> str:
        return str(cell.value).strip() if isinstance(cell.value, str) else ""

    def twice(self, key: tuple[str, ...], cell: Cell) -> bool:
        """Whether the row's key came before (a problem, naming the row it came on)."""
        if key in self.seen:
            self.problem("row-twice", cell, first=self.seen[key])
            return True
        self.seen[key] = str(cell.row)
        return False

    def status(self, cell: Cell, statuses: Statuses) -> str | None:
        """The status a cell names; a problem (None) when it names none on the list."""
        text = str(cell.value) if not isinstance(cell.value, str) else cell.value
        found = statuses.status(text)
        if found is None:
            self.problem(
                "status-not-listed",
                cell,
                text=shown(cell.value),
                allowed=", ".join(statuses.offered),
            )
        return found

    def comment(self, cell: Cell) -> str | None:
        if is_blank(cell.value):
            return None
        text = str(cell.value).strip()
        if len(text) > MAX_COMMENT:
            self.problem("comment-too-long", cell, limit=MAX_COMMENT)
            return None
        return text


class _GoalRows(_SheetRows):
    sheet = Sheet.GOALS

    def read(self, body: list[list[Cell]]) -> None:
        first_rows: dict[str, Cell] = {}
        for cells in body:
            goal_cell, indicator_cell = (
                self.cell(cells, "goal-iri"),
                self.cell(cells, "indicator-iri"),
            )
            given = self.filled(cells, ("value", "status", "comment"))
            goal, indicator = self.iri(goal_cell), self.iri(indicator_cell) or None
            row = self.present.goals.get((goal, indicator))
            if row is None:
                if given or goal or indicator:
                    wrong = (
                        goal_cell
                        if not any(k[0] == goal for k in self.present.goals)
                        else indicator_cell
                    )
                    self.problem("row-unknown", wrong)
                continue
            if self.twice((goal, indicator or ""), goal_cell):
                continue
            first = first_rows.setdefault(goal, cells[0])
            self._value(cells, row)
            self._status(cells, row, first)

    def _value(self, cells: list[Cell], row: GoalRow) -> None:
        cell = self.cell(cells, "value")
        if is_blank(cell.value):
            return
        if row.indicator is None:
            self.problem("value-without-indicator", cell)
            return
        try:
            number = cell_number(
                cell.value,
                unit=row.unit,
                number_format=cell.number_format,
                english=self.meta.language == "en",
            )
        except NotAValue as refused:
            values = {"text": refused.shown, "unit": row.unit or "–"}
            self.problem(refused.refusal, cell, **values)
            return
        place = self.place(cell)
        self.found.readings.append(
            Reading(
                indicator=row.indicator,
                year=self.meta.year,
                value=number,
                place=place,
                part=self.meta.part,
                unit=row.unit,
            )
        )
        self.found.goal_of[place] = row.goal

    def _status(self, cells: list[Cell], row: GoalRow, first: Cell) -> None:
        status_cell, comment_cell = self.cell(cells, "status"), self.cell(cells, "comment")
        given = [c for c in (status_cell, comment_cell) if not is_blank(c.value)]
        if not given:
            return
        if first.row != cells[0].row:
            for cell in given:
                self.problem("not-first-row", cell, first=str(first.row))
            return
        comment = self.comment(comment_cell)
        if is_blank(status_cell.value):
            self.problem("comment-without-status", comment_cell, status=status_cell.coordinate)
            return
        status = self.status(status_cell, self.present.goal_statuses)
        if status is not None:
            self.found.judgements.append(
                Judgement(
                    goal=row.goal,
                    status=status,
                    year=self.meta.year,
                    place=self.place(status_cell),
                    part=self.meta.part,
                    comment=comment,
                    board=self.meta.board,
                )
            )


class _ActivityRows(_SheetRows):
    sheet = Sheet.ACTIVITIES

    def read(self, body: list[list[Cell]]) -> None:
        for cells in body:
            plan_cell = self.cell(cells, "plan-iri")
            activity_cell = self.cell(cells, "activity-iri")
            given = self.filled(cells, ("status", "comment"))
            plan, activity = self.iri(plan_cell), self.iri(activity_cell)
            if (plan, activity) not in self.present.activities:
                if given or plan or activity:
                    self.problem("row-unknown", activity_cell)
                continue
            if self.twice((plan, activity), activity_cell) or not given:
                continue
            status_cell, comment_cell = self.cell(cells, "status"), self.cell(cells, "comment")
            comment = self.comment(comment_cell)
            if is_blank(status_cell.value):
                self.problem("comment-without-status", comment_cell, status=status_cell.coordinate)
                continue
            status = self.status(status_cell, self.present.activity_statuses)
            if status is not None:
                self.found.activities.append(
                    ActivityReport(
                        activity=activity,
                        status=status,
                        year=self.meta.year,
                        place=self.place(status_cell),
                        part=self.meta.part,
                        comment=comment,
                    )
                )
