"""Every column of the tables people download, declared once: its key (the heading of the CSV
that programs read, the key of the JSON answer) and the message id of its heading in the words
of a language (:class:`styrgraf.render.tables.Column`). The tables pick their columns from here
(:mod:`~styrgraf.render.trace_report`, :mod:`~styrgraf.render.coverage_report`,
:mod:`~styrgraf.render.fulfilment_table`). A named query's column is its variable, headed by
the message ``column.<variable>`` where the catalogues have one
(:mod:`~styrgraf.render.query_results`): ``goal``, ``label`` and ``type`` mean there what they
mean here."""

from __future__ import annotations

from styrgraf.i18n.words import N_
from styrgraf.render.tables import Column

# --- a node of the hierarchy, as traces, trees and findings give it ---
IRI = Column("iri", N_("column.iri"))
TYPE = Column("type", N_("column.type"))
TYPE_LABEL = Column("type_label", N_("column.type_label"))
LABEL = Column("label", N_("column.label"))
BOARD = Column("board", N_("column.board"))
BOARD_LABEL = Column("board_label", N_("column.board_label"))
UNITS = Column("units", N_("column.units"))
LINK = Column("link", N_("column.link"))
AREA = Column("area", N_("column.area"))
AREA_LABEL = Column("area_label", N_("column.area_label"))

HOP = (IRI, TYPE, LABEL, BOARD, BOARD_LABEL, UNITS, LINK)
"""A node on a path or in a tree, with the upward link it was reached by."""

# --- where a node stands: a path, a tree ---
PATH_NUMBER = Column("path", N_("column.path_number"))
POSITION = Column("position", N_("column.position"))
DEPTH = Column("depth", N_("column.depth"))
PARENT = Column("parent", N_("column.parent"))

# --- the goal tree ---
FOCUS_AREAS = Column("focus_areas", N_("column.focus_areas"))
STATUS = Column("status", N_("column.status"))
STATUS_LABEL = Column("status_label", N_("column.status_label"))
INDICATORS = Column("indicators", N_("column.indicators"))

# --- coverage ---
CATEGORY = Column("category", N_("column.category"))
CODE = Column("code", N_("column.code"))
MISSING_LINK = Column("link", N_("column.missing_link"))
AT = Column("at", N_("column.at"))
REASON = Column("reason", N_("column.reason"))
OVERARCHING_GOALS = Column("overarching_goals", N_("column.overarching_goals"))
BOARD_GOALS = Column("board_goals", N_("column.board_goals"))
ACTIVITIES = Column("activities", N_("column.activities"))
CELL_STATUS = Column("status", N_("column.cell_status"))

# --- validation ---
SEVERITY = Column("severity", N_("column.severity"))
RULE = Column("rule", N_("column.rule"))
RULE_NAME = Column("rule_name", N_("column.rule_name"))
PROPERTY = Column("path", N_("column.property"))
VALUE = Column("value", N_("column.value"))
VALUE_LABEL = Column("value_label", N_("column.value_label"))
MESSAGE = Column("message", N_("column.message"))

# --- the follow-up ---
YEAR = Column("year", N_("column.year"))
PART = Column("part", N_("column.part"))
GOAL = Column("goal", N_("column.goal"))
GOAL_KIND = Column("type", N_("column.goal_kind"))
BOARDS = Column("boards", N_("column.boards"))
AREAS = Column("areas", N_("column.areas"))
COMPUTED = Column("computed", N_("column.computed"))
COMPUTED_LABEL = Column("computed_label", N_("column.computed_label"))
SCORE = Column("score", N_("column.score"))
JUDGED = Column("judged", N_("column.judged"))
JUDGED_LABEL = Column("judged_label", N_("column.judged_label"))
ASSESSMENT = Column("assessment", N_("column.assessment"))
REPORT = Column("report", N_("column.report"))
STEPS_APART = Column("steps_apart", N_("column.steps_apart"))
DISAGREEMENT = Column("disagreement", N_("column.disagreement"))
