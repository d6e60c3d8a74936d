"""A board's filled workbook read back and matched to the model as it is now, or refused with
every problem found in it (docs/import.md, "Importing a workbook").

In order: the file (:mod:`~styrgraf.results.workbook_file`: an .xlsx within bounds), its
hidden sheet (:mod:`~styrgraf.results.workbook_meta`: the format, board, period, language and
model version), which must name a board of the model, the board and period asked for (if
any), and the model version the store gives now: a workbook for another board or period, or
made from an older state of the model, is refused saying which, before its rows are read.
Then the rows (:mod:`~styrgraf.results.workbook_rows`), each matched by its hidden IRIs to
one of the board's rows now. Every problem of the rows is collected; one is enough to refuse
the workbook, so that an import is all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from styrgraf.analysis.fulfilment import Period
from styrgraf.analysis.fulfilment_json import period_label
from styrgraf.i18n.languages import LANGUAGES
from styrgraf.model.follow_up_profile import Profile
from styrgraf.results.board_sheet import (
    BoardSheet,
    SheetError,
    activity_statuses,
    board_sheet,
    boards,
)
from styrgraf.results.records import ActivityReport, Judgement, Reading
from styrgraf.results.workbook_file import Unreadable, open_workbook
from styrgraf.results.workbook_layout import (
    META_BOARD,
    META_MODEL_VERSION,
    META_PART,
    META_SHEET,
    META_YEAR,
    Sheet,
    sheet_name,
)
from styrgraf.results.workbook_meta import Meta, MetaProblems, read_meta
from styrgraf.results.workbook_problems import WorkbookProblem, WorkbookRefused
from styrgraf.results.workbook_rows import GoalRow, Present, Statuses, read_rows
from styrgraf.store.base import Store


@dataclass(frozen=True)
class Expected:
    """The board and period a workbook must be for, when the person importing it says so
    (None: whichever it says)."""

    board: str | None = None
    period: Period | None = None


@dataclass
class WorkbookRead:
    """A workbook read and matched: its board, period and language, what its filled cells
    bring, how many were filled, and the labels of everything it names (in the asked
    language)."""

    file: str
    board: str
    year: int
    part: str
    language: str
    readings: list[Reading] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    activities: list[ActivityReport] = field(default_factory=list)
    filled: int = 0
    labels: dict[str, str] = field(default_factory=dict)
    goal_of: dict[str, str] = field(default_factory=dict)


def read_workbook(
    store: Store,
    data: bytes,
    *,
    file: str,
    lang: str,
    profile: Profile,
    expected: Expected | None = None,
    graphs: Sequence[str] | None = None,
) -> WorkbookRead:
    """The workbook ``data`` (named ``file``) read against the model in ``graphs`` (None:
    every graph), goals' statuses on ``profile``'s scale; :class:`WorkbookRefused` with every
    problem found, in ``lang``."""
    try:
        workbook = open_workbook(data, file)
        try:
            meta = read_meta(workbook, file)
            sheet = _board_sheet(store, meta, expected, profile, lang, graphs)
            names = {s: sheet_name(s, meta.language) for s in Sheet}
            found = read_rows(workbook, names, meta, _present(sheet, profile, meta.language), file)
        finally:
            workbook.close()
    except Unreadable as unreadable:
        raise WorkbookRefused([unreadable.problem], lang) from None
    except MetaProblems as wrong:
        raise WorkbookRefused(wrong.problems, lang) from None
    if found.problems:
        raise WorkbookRefused(found.problems, lang)
    return WorkbookRead(
        file=file,
        board=meta.board,
        year=meta.year,
        part=meta.part,
        language=meta.language,
        readings=found.readings,
        judgements=found.judgements,
        activities=found.activities,
        filled=found.filled,
        labels=_labels(sheet),
        goal_of=found.goal_of,
    )


def _board_sheet(
    store: Store,
    meta: Meta,
    expected: Expected | None,
    profile: Profile,
    lang: str,
    graphs: Sequence[str] | None,
) -> BoardSheet:
    """The board's rows now, for the board and period the workbook is for, once the workbook
    is found to be for a board of the model, the board and period asked (if any), and the
    model as it is now (:class:`MetaProblems` saying which it is not)."""
    every = boards(store, graphs, lang)
    cells = meta.cells
    if meta.board not in every:
        board = WorkbookProblem(
            "unknown-board", META_SHEET, cells[META_BOARD], {"board": meta.board}
        )
        raise MetaProblems([board])
    problems = []
    if expected is not None and expected.board is not None and expected.board != meta.board:
        values = {"given": _named(every, meta.board), "expected": _named(every, expected.board)}
        problems.append(WorkbookProblem("other-board", META_SHEET, cells[META_BOARD], values))
    if expected is not None and expected.period is not None and expected.period != meta.period:
        values = {
            "given": period_label(meta.period, lang),
            "expected": period_label(expected.period, lang),
        }
        problems.append(WorkbookProblem("other-period", META_SHEET, cells[META_PART], values))
    if problems:
        raise MetaProblems(problems)
    try:
        sheet = board_sheet(
            store, meta.board, meta.period, profile=profile, lang=lang, graphs=graphs
        )
    except SheetError:
        year = {"year": str(meta.year)}
        raise MetaProblems(
            [WorkbookProblem("unknown-year", META_SHEET, cells[META_YEAR], year)]
        ) from None
    if sheet.model_version != meta.version:
        values = {"created": meta.created or "?"}
        older = WorkbookProblem("older-model", META_SHEET, cells[META_MODEL_VERSION], values)
        raise MetaProblems([older])
    return sheet


def _named(every: dict[str, str], board: str) -> str:
    label = every.get(board)
    return f"{label} <{board}>" if label and label != board else f"<{board}>"


def _present(sheet: BoardSheet, profile: Profile, language: str) -> Present:
    """The rows the board has now and the statuses its columns take: a status named by its
    label in any language, and the labels of the workbook's language offered."""
    steps = (*profile.steps, profile.not_assessed)
    goal_labels = {
        " ".join(label.split()).casefold(): step.status
        for step in steps
        for label in (*step.labels.values(), *(step.label(lang) for lang in LANGUAGES))
    }
    activity_labels = {
        " ".join(choice.label.split()).casefold(): choice.status
        for lang in LANGUAGES
        for choice in activity_statuses(lang)
    }
    return Present(
        goals={(r.goal, r.indicator): GoalRow(r.goal, r.indicator, r.unit) for r in sheet.goals},
        activities=frozenset((r.plan, r.activity) for r in sheet.activities),
        goal_statuses=Statuses(goal_labels, [step.label(language) for step in steps]),
        activity_statuses=Statuses(activity_labels, [c.label for c in activity_statuses(language)]),
    )


def _labels(sheet: BoardSheet) -> dict[str, str]:
    """The labels of everything the workbook names, in the sheet's language."""
    found = {sheet.board: sheet.board_label}
    for row in sheet.goals:
        found[row.goal] = row.goal_label
        if row.indicator is not None:
            found[row.indicator] = row.indicator_label
    for activity in sheet.activities:
        found[activity.activity] = activity.activity_label
        found[activity.plan] = activity.plan_label
    for choice in (*sheet.goal_statuses, *sheet.activity_statuses):
        found[choice.status] = choice.label
    return found
