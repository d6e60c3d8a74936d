"""The tables the generator invents municipalities from, read once from ``municipal.toml``.

The data file holds every text of a synthetic model in Swedish and English: strategic areas with
their sub-areas and goals, boards with their administrations and units, the boards exempt from
övergripande mål, the templates of nämndsmål and their indicators, the vision, central points,
core values, activities, names and the labels of what every municipality has. The code holds
only how they are put together (:mod:`styrgraf.generator.build`).

The file is TOML rather than JSON because people edit it: it takes comments (what each table is
for, how many of each the generator draws), keeps each Swedish text on the line of its English
one, and is read by the standard library (``tomllib``). It sits inside the package, so it ships
in the wheel and is found beside this module wherever the package is installed.

The file is checked as it is read: a missing or unknown key, a text without its Swedish or
English, a placeholder the generator does not fill, a list shorter than the generator draws
from, or two names that would make the same IRI is a ``ValueError`` that names the file and the
key (as ``areas[3].goals[2].en``, counting from 1).
"""

from __future__ import annotations

import string
import tomllib
from pathlib import Path
from typing import Any, NoReturn

from styrgraf.generator.graph import slug
from styrgraf.generator.records import (
    DRAWN,
    LABEL_FIELDS,
    Area,
    BoardSpec,
    ExemptBoard,
    Indicator,
    Labels,
    Pair,
    Tables,
    Template,
    VisionElement,
)

DATA = Path(__file__).with_name("municipal.toml")


class _Reader:
    """Reads the parsed file, failing with the file and the key of the first thing wrong."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> NoReturn:
        raise ValueError(f"{self.source}: {where}: {problem}")

    def table(self, value: Any, where: str, *keys: str) -> dict[str, Any]:
        """A table with exactly ``keys``."""
        if not isinstance(value, dict):
            self.fail(where, "expected a table")
        missing = [key for key in keys if key not in value]
        if missing:
            self.fail(where, f"missing {', '.join(missing)}")
        unknown = sorted(set(value) - set(keys))
        if unknown:
            self.fail(where, f"unknown key {unknown[0]}; expected {', '.join(keys)}")
        return value

    def array(self, value: Any, where: str, least: int = 1) -> list[Any]:
        """An array of at least ``least`` entries."""
        if not isinstance(value, list):
            self.fail(where, "expected an array")
        if len(value) < least:
            self.fail(where, f"needs at least {least} entries (the generator draws as many)")
        return value

    def text(self, value: Any, where: str, fields: frozenset[str] = frozenset()) -> str:
        """A text that uses no placeholder but ``fields``."""
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected a text")
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError as error:
            self.fail(where, f"{error} in {value!r}")
        unknown = sorted(used - fields)
        if unknown:
            allowed = ", ".join(f"{{{name}}}" for name in sorted(fields)) or "none"
            self.fail(where, f"unknown placeholder {{{unknown[0]}}}; it may use {allowed}")
        return value

    def texts(self, value: Any, where: str, least: int = 1) -> tuple[str, ...]:
        return tuple(
            self.text(one, f"{where}[{n}]")
            for n, one in enumerate(self.array(value, where, least), 1)
        )

    def pair(self, value: Any, where: str, fields: frozenset[str] = frozenset()) -> Pair:
        table = self.table(value, where, "sv", "en")
        sv, en = (self.text(table[lang], f"{where}.{lang}", fields) for lang in ("sv", "en"))
        return Pair(sv, en)

    def pairs(
        self, value: Any, where: str, least: int = 1, fields: frozenset[str] = frozenset()
    ) -> tuple[Pair, ...]:
        return tuple(
            self.pair(one, f"{where}[{n}]", fields)
            for n, one in enumerate(self.array(value, where, least), 1)
        )

    def integer(self, value: Any, where: str, least: int, most: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
            self.fail(where, f"expected a whole number from {least} to {most}")
        return value

    def flag(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, "expected true or false")
        return value

    def distinct(self, names: list[tuple[str, str]], what: str) -> None:
        """Fail on a name with no slug, or on two ``(where, name)`` with the same slug."""
        seen: dict[str, str] = {}
        for where, name in names:
            key = slug(name)
            if not key:
                self.fail(where, f"{name!r} makes no IRI: it has no letter or digit")
            if key in seen:
                self.fail(where, f"{what} {name!r} makes the same IRI ({key}) as {seen[key]}")
            seen[key] = where


def _area(read: _Reader, value: Any, where: str) -> Area:
    table = read.table(value, where, "name", "sdgs", "sub_areas", "goals")
    sdgs = read.array(table["sdgs"], f"{where}.sdgs")
    return Area(
        read.pair(table["name"], f"{where}.name"),
        read.pairs(table["sub_areas"], f"{where}.sub_areas", DRAWN.sub_areas),
        tuple(read.integer(n, f"{where}.sdgs[{i}]", 1, 17) for i, n in enumerate(sdgs, 1)),
        read.pairs(table["goals"], f"{where}.goals"),
    )


def _board(read: _Reader, value: Any, where: str) -> BoardSpec:
    table = read.table(value, where, "key", "name", "administration", "units")
    key = read.text(table["key"], f"{where}.key")
    if slug(key) != key:
        read.fail(f"{where}.key", f"{key!r} is not a short lower-case name like 'bun'")
    return BoardSpec(
        key,
        read.pair(table["name"], f"{where}.name"),
        read.pair(table["administration"], f"{where}.administration"),
        read.pairs(table["units"], f"{where}.units", DRAWN.units[0]),
    )


def _exempt(read: _Reader, value: Any, where: str) -> ExemptBoard:
    table = read.table(value, where, "name", "joint", "reason")
    return ExemptBoard(
        read.pair(table["name"], f"{where}.name"),
        read.flag(table["joint"], f"{where}.joint"),
        read.pair(table["reason"], f"{where}.reason"),
    )


def _template(read: _Reader, value: Any, where: str) -> Template:
    keys = ("goal", "indicator", "measurement_unit", "higher_is_better", "baseline")
    table, unit = read.table(value, where, *keys), frozenset({"unit"})
    baseline = read.array(table["baseline"], f"{where}.baseline", 2)
    least, most = (read.integer(n, f"{where}.baseline", 0, 10**9) for n in baseline[:2])
    if len(baseline) != 2 or least > most:
        read.fail(f"{where}.baseline", "expected [least, most], the least no greater")
    return Template(
        read.pair(table["goal"], f"{where}.goal", unit),
        read.pair(table["indicator"], f"{where}.indicator", unit),
        read.text(table["measurement_unit"], f"{where}.measurement_unit"),
        read.flag(table["higher_is_better"], f"{where}.higher_is_better"),
        (least, most),
    )


def _element(read: _Reader, value: Any, where: str) -> VisionElement:
    table = read.table(value, where, "phrase", "meaning")
    return VisionElement(
        read.pair(table["phrase"], f"{where}.phrase", frozenset({"name", "verb"})),
        read.pair(table["meaning"], f"{where}.meaning"),
    )


def _each(read: _Reader, value: Any, where: str, least: int, one: Any) -> tuple[Any, ...]:
    """Each entry of the array ``value`` read by ``one(read, entry, where)``."""
    entries = read.array(value, where, least)
    return tuple(one(read, entry, f"{where}[{n}]") for n, entry in enumerate(entries, 1))


def read_tables(data: bytes, source: str) -> Tables:
    """The tables in ``data``, the text of a data file called ``source`` in errors."""
    read = _Reader(source)
    try:
        top = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError(f"{source}: byte {error.start}: not UTF-8 text") from error
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: {error}") from error
    keys = ("areas", "executive", "boards", "exempt_boards", "templates", "vision", "culture")
    top = read.table(top, "the file", *keys, "plans", "names", "labels")
    vision = read.table(top["vision"], "vision", "statement", "verbs", "elements", "indicator")
    culture = read.table(top["culture"], "culture", "central_points", "core_values")
    plans = read.table(top["plans"], "plans", "activities", "development")
    names = read.table(
        top["names"],
        "names",
        "place_prefixes",
        "place_suffixes",
        "quarters",
        "first_names",
        "surnames",
    )
    labels = read.table(top["labels"], "labels", *LABEL_FIELDS)
    indicator = read.table(
        vision["indicator"], "vision.indicator", "label", "measurement_unit", "kolada_kpi"
    )
    tables = Tables(
        areas=_each(read, top["areas"], "areas", DRAWN.areas, _area),
        executive=_board(read, top["executive"], "executive"),
        boards=_each(read, top["boards"], "boards", DRAWN.boards[1], _board),
        exempt_boards=_each(
            read, top["exempt_boards"], "exempt_boards", DRAWN.exempt_boards[1], _exempt
        ),
        templates=_each(read, top["templates"], "templates", 1, _template),
        vision_statement=read.pair(
            vision["statement"], "vision.statement", frozenset({"name", "verb", "people", "year"})
        ),
        vision_verbs=read.pairs(vision["verbs"], "vision.verbs"),
        vision_elements=_each(read, vision["elements"], "vision.elements", 1, _element),
        vision_indicator=Indicator(
            read.pair(indicator["label"], "vision.indicator.label"),
            read.text(indicator["measurement_unit"], "vision.indicator.measurement_unit"),
            read.text(indicator["kolada_kpi"], "vision.indicator.kolada_kpi"),
        ),
        central_points=read.pairs(
            culture["central_points"], "culture.central_points", DRAWN.central_points[1]
        ),
        core_values=read.pairs(culture["core_values"], "culture.core_values", DRAWN.core_values),
        activities=read.pairs(plans["activities"], "plans.activities", DRAWN.activities[1]),
        development=read.pairs(plans["development"], "plans.development"),
        place_prefixes=read.texts(names["place_prefixes"], "names.place_prefixes"),
        place_suffixes=read.texts(names["place_suffixes"], "names.place_suffixes"),
        quarters=read.texts(names["quarters"], "names.quarters"),
        first_names=read.texts(names["first_names"], "names.first_names"),
        surnames=read.texts(names["surnames"], "names.surnames"),
        labels=Labels(
            **{
                key: read.pair(labels[key], f"labels.{key}", fields)
                for key, fields in LABEL_FIELDS.items()
            }
        ),
    )
    _check_iris(read, tables)
    return tables


def _check_iris(read: _Reader, tables: Tables) -> None:
    """Names that become IRIs in one municipality's namespace must make different ones."""
    boards = [("executive", tables.executive)]
    boards += [(f"boards[{n}]", board) for n, board in enumerate(tables.boards, 1)]
    named = []
    for n, area in enumerate(tables.areas, 1):
        named.append((f"areas[{n}].name.sv", area.name.sv))
        named += [
            (f"areas[{n}].sub_areas[{s}].sv", sub.sv) for s, sub in enumerate(area.sub_areas, 1)
        ]
    for where, board in boards:
        named += [(f"{where}.name.sv", board.name.sv)]
        named += [(f"{where}.administration.sv", board.administration.sv)]
    named += [
        (f"exempt_boards[{n}].name.sv", b.name.sv) for n, b in enumerate(tables.exempt_boards, 1)
    ]
    read.distinct(named, "the name")
    units = [
        (f"{where}.units[{n}].sv", unit.sv)
        for where, board in boards
        for n, unit in enumerate(board.units, 1)
    ]
    read.distinct([*units, ("labels.new_unit.sv", tables.labels.new_unit.sv)], "the unit")
    keys = [(f"{where}.key", board.key) for where, board in boards]
    read.distinct(keys, "the key")
    values = [(f"culture.core_values[{n}].sv", v.sv) for n, v in enumerate(tables.core_values, 1)]
    read.distinct(values, "the core value")


def load_tables(path: Path = DATA) -> Tables:
    """The tables of the data file at ``path``."""
    return read_tables(path.read_bytes(), str(path))


TABLES = load_tables()
