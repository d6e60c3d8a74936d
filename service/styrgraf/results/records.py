"""What an import brings, before it is compared with the store: values, judged statuses,
activities' statuses, and the import itself as provenance. Both Kolada's responses and the
boards' workbooks are read into these records; :mod:`styrgraf.results.change` does the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from styrgraf.vocabulary import SG

FULL_YEAR = SG + "FullYear"
INTERIM = SG + "Interim"
TOTAL = SG + "Total"
WOMEN = SG + "Women"
MEN = SG + "Men"


@dataclass(frozen=True)
class Reading:
    """One value brought in for one indicator.

    ``value`` None is a value reported missing: counted, never written. ``source`` is the IRI
    the value comes from (Kolada's API URL); empty, the import itself is the source. ``place``
    says where it was read, for messages and reports ("Nämndsmål!H7", "N01951 0781 2019 T").
    ``area`` None is the model's municipality."""

    indicator: str
    year: int
    value: Decimal | None
    place: str
    source: str = ""
    part: str = FULL_YEAR
    area: str | None = None
    gender: str = TOTAL
    unit: str | None = None
    comment: str | None = None
    retrieved: datetime | None = None


@dataclass(frozen=True)
class Judgement:
    """A status judged for a goal in a period, written as an ``sg:Assessment``. ``board`` is
    the board that judged it, the creator of a report minted for it."""

    goal: str
    status: str
    year: int
    place: str
    part: str = FULL_YEAR
    comment: str | None = None
    board: str | None = None


@dataclass(frozen=True)
class ActivityReport:
    """An activity's status as reported for a period."""

    activity: str
    status: str
    year: int
    place: str
    part: str = FULL_YEAR
    comment: str | None = None


@dataclass(frozen=True)
class Run:
    """One import, its provenance: what kind, when, by whom, from which files (names only),
    the citation its values carry ("Källa: Kolada") and the language of its comments."""

    kind: Literal["kolada", "workbook"]
    started: datetime
    by: str | None = None
    files: tuple[str, ...] = ()
    citation: str | None = None
    language: str | None = None
