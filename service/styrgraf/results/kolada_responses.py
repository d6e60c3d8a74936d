"""Kolada's API v3 responses read as they are: every value of every row, each with the address
it comes from and when it was retrieved.

A response (``/v3/data/kpi/...`` for municipalities, ``/v3/oudata/kpi/...`` for organisational
units) is a JSON object: ``values`` holds rows, each a KPI id (``kpi``), an area
(``municipality``, a four-digit kommunkod such as ``"0781"``, or ``ou``), a year (``period``)
and its own ``values``: one per gender (``T`` total, ``K`` women, ``M`` men), each a number, or
``null`` with ``"status": "Missing"``. ``count`` and ``next_url`` (``next_page``) say how many
rows there are and where the next page is. Ids are read as opaque text. Anything else is refused
here, naming the file and where in it (the line and column of a JSON syntax error, the path of a
row that is not as Kolada writes it), before anything is compared or written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from styrgraf.model.load import InputError
from styrgraf.settings import BY_NAME

KOLADA_API: str = BY_NAME["kolada_api"].default
"""Kolada's own API: the addresses written as a value's source, whichever server (the setting
``kolada_api``) it was read from."""

Level = Literal["municipality", "ou"]
GENDERS = ("T", "K", "M")
"""Kolada's genders: total, women (kvinnor), men (män)."""


@dataclass(frozen=True)
class KoladaValue:
    """One value of a response: a KPI for an area (a municipality or an organisational unit) in
    a year and a gender; ``value`` None when Kolada reports it missing."""

    kpi: str
    level: Level
    area: str
    period: int
    gender: str
    value: Decimal | None
    status: str | None
    file: str
    retrieved: datetime

    @property
    def key(self) -> tuple[str, Level, str, int, str]:
        return (self.kpi, self.level, self.area, self.period, self.gender)

    @property
    def place(self) -> str:
        """Where it was read, for messages and reports: ``page-1.json: N01951 0781 2019 T``."""
        return f"{self.file}: {self.kpi} {self.area} {self.period} {self.gender}"

    @property
    def source(self) -> str:
        """The address of Kolada's API that gives this value."""
        return source_url(self.level, self.kpi, self.area, self.period)


def source_url(level: Level, kpi: str, area: str, period: int, base: str = KOLADA_API) -> str:
    """The API address of one KPI for one area and year.

    >>> source_url("municipality", "N01951", "0781", 2019)
    'https://api.kolada.se/v3/data/kpi/N01951/municipality/0781/year/2019'
    >>> source_url("ou", "N15419", "V15E078100101", 2022)
    'https://api.kolada.se/v3/oudata/kpi/N15419/ou/V15E078100101/year/2022'
    """
    path = "data" if level == "municipality" else "oudata"
    return f"{base}{path}/kpi/{quote(kpi, safe='')}/{level}/{quote(area, safe='')}/year/{period}"


@dataclass(frozen=True)
class Response:
    """One response (one page): its values, the rows it says there are and its next page."""

    name: str
    values: tuple[KoladaValue, ...]
    rows: int
    count: int | None
    next_page: str | None


def read_response(data: bytes, name: str, retrieved: datetime) -> Response:
    """A response from its bytes; ``name`` names it in messages (a file name, a part of a
    request). Raises :class:`~styrgraf.model.load.InputError` for anything that is not a
    Kolada data response."""
    document = _json(data, name)
    if not isinstance(document, dict):
        raise InputError(name, f"is {_kind(document)}, not a Kolada response (an object)")
    if "values" not in document:
        raise InputError(
            name,
            'is not a Kolada response: it has no "values" (the rows of /v3/data or /v3/oudata)',
        )
    rows = document["values"]
    if not isinstance(rows, list):
        raise InputError(name, f'"values" is {_kind(rows)}, not a list of rows')
    found: list[KoladaValue] = []
    for index, row in enumerate(rows):
        found += _row(row, f"values[{index}]", name, retrieved)
    count = document.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        raise InputError(name, f'"count" is {_kind(count)}, not a whole number')
    return Response(name, tuple(found), len(rows), count, _next_page(document, name))


def _json(data: bytes, name: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start)
        raise InputError(name, "is not UTF-8 text", line, column) from None
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise InputError(name, f"is not JSON: {error.msg}", error.lineno, error.colno) from None
    except ValueError as error:
        raise InputError(name, f"is not JSON: {error}") from None
    except RecursionError:
        raise InputError(name, "is nested too deeply to be a Kolada response") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is no number")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, int | Decimal):
        return f"the number {value}"
    return "a list" if isinstance(value, list) else "an object"


def _next_page(document: dict[str, Any], name: str) -> str | None:
    for key in ("next_url", "next_page"):
        link = document.get(key)
        if link is None or link == "":
            continue
        if not isinstance(link, str):
            raise InputError(name, f'"{key}" is {_kind(link)}, not an address')
        return link
    return None


def _row(row: object, where: str, name: str, retrieved: datetime) -> list[KoladaValue]:
    if not isinstance(row, dict):
        raise InputError(name, f"{where} is {_kind(row)}, not a row of a Kolada data response")
    kpi = _id(row, "kpi", where, name)
    level: Level = "ou" if "ou" in row else "municipality"
    if level not in row:
        raise InputError(
            name,
            f'{where} names no area ("municipality" or "ou"): not a row of a Kolada data '
            "response (/v3/data or /v3/oudata)",
        )
    area = _id(row, level, where, name)
    period = row.get("period")
    if isinstance(period, str) and len(period) == 4 and period.isdigit():
        period = int(period)
    if isinstance(period, bool) or not isinstance(period, int):
        raise InputError(name, f'{where}: "period" is {_kind(period)}, not a year such as 2022')
    values = row.get("values")
    if not isinstance(values, list):
        raise InputError(name, f'{where}: "values" is {_kind(values)}, not a list by gender')
    return [
        _value(item, f"{where}.values[{index}]", name, (kpi, level, area, period), retrieved)
        for index, item in enumerate(values)
    ]


def _id(row: dict[str, Any], key: str, where: str, name: str) -> str:
    value = row.get(key)
    if key not in row:
        raise InputError(name, f'{where} has no "{key}": not a row of a Kolada data response')
    if not isinstance(value, str) or not value.strip():
        hint = ' (an id is text: "0781", not 781)' if isinstance(value, int) else ""
        raise InputError(name, f'{where}: "{key}" is {_kind(value)}, not an id{hint}')
    return value.strip()


def _value(
    item: object,
    where: str,
    name: str,
    row: tuple[str, Level, str, int],
    retrieved: datetime,
) -> KoladaValue:
    if not isinstance(item, dict):
        raise InputError(name, f"{where} is {_kind(item)}, not a value of one gender")
    gender = item.get("gender")
    if gender not in GENDERS:
        raise InputError(
            name, f'{where}: "gender" is {_kind(gender)}, not one of {", ".join(GENDERS)}'
        )
    if "value" not in item:
        raise InputError(name, f'{where} has no "value" (a number, or null when missing)')
    number = item["value"]
    if isinstance(number, bool) or not isinstance(number, int | Decimal | type(None)):
        raise InputError(name, f'{where}: "value" is {_kind(number)}, not a number or null')
    status = item.get("status")
    if status is not None and not isinstance(status, str):
        raise InputError(name, f'{where}: "status" is {_kind(status)}, not text')
    kpi, level, area, period = row
    return KoladaValue(
        kpi=kpi,
        level=level,
        area=area,
        period=period,
        gender=str(gender),
        value=None if number is None else Decimal(number),
        status=status or None,
        file=name,
        retrieved=retrieved,
    )


def json_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and every ``.json`` file in folders named, each once."""
    files: dict[Path, Path] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not found:
                raise InputError(str(path), "the folder holds no Kolada responses (.json files)")
            for file in found:
                files.setdefault(file.resolve(), file)
        elif path.is_file():
            files.setdefault(path.resolve(), path)
        else:
            raise InputError(str(path), "no such file or folder")
    return list(files.values())


def modified(path: Path) -> datetime:
    """When a file was last written: a response saved from the API, when it was retrieved."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(microsecond=0)


def read_files(paths: Sequence[str | Path], retrieved: datetime | None = None) -> list[Response]:
    """Every response in the files and folders named, in order. Each value was retrieved at
    ``retrieved`` when given, or else when its file was last written."""
    responses = []
    for path in json_files(paths):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(str(path), error.strerror or str(error)) from None
        responses.append(read_response(data, str(path), retrieved or modified(path)))
    return responses
