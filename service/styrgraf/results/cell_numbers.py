"""Numbers as people type them into a workbook's cells, read exactly (as :class:`~decimal.Decimal`).

A cell Excel holds as a number is taken as it is. Text is read as a number written the way
people write one:

- a decimal comma or a decimal point (``7,2``, ``7.2``);
- spaces as thousands separators, ordinary, non-breaking or thin (``28 304``, ``1 234 567,5``);
  in an English workbook also commas between groups of three (``28,304``, ``1,234.5``), as
  English writes them;
- a minus sign typed as a hyphen or as the mathematical minus (U+2212), or a plus;
- a percent sign after the number (``7,2 %``, ``7.2%``).

**The percent sign is the unit, not a division by a hundred**: ``7,2 %`` for an indicator whose
unit is percent (``procent``, ``percent``, ``%``) is the value 7.2, the same as ``7,2``. A
number Excel holds with a percent format is read as it is shown: Excel turns ``7,2 %`` typed
into a cell into 0.072 shown as ``7,2 %``, and that is 7.2 too. For an indicator in any other
unit a percent is refused (``percent-not-unit``), since it is not clear what it means.

Anything else is refused with the reason: text that is no number (``7,2 procent``, ``n/a``),
a number with both a comma and a point where they cannot be told apart, an exponent, a date
(Excel turns ``7.2`` into the 7th of February in some languages), a truth value.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Literal

Refusal = Literal["not-a-number", "looks-like-a-date", "percent-not-unit"]
"""Why a cell's content is not a value: no number, a date, a percent for a unit that is not."""

PERCENT_UNITS = frozenset({"%", "procent", "percent", "per cent", "andel (%)", "andel i procent"})
"""The units (case aside) in which a value is a percentage: a percent sign in a cell means them."""

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_MINUS = ("-", "\u2212")
_SWEDISH = re.compile(r"\d{1,3}(?: \d{3})+|\d+")
_ENGLISH_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+")
MAX_TEXT = 60
"""The longest text read as a number; longer text is no number (and is quoted shortened)."""


class NotAValue(ValueError):
    """A cell whose content is not a value for the indicator: why (:data:`Refusal`)."""

    def __init__(self, refusal: Refusal, shown: str) -> None:
        super().__init__(f"{shown!r}: {refusal}")
        self.refusal: Refusal = refusal
        self.shown = shown
        """The cell's content as it is quoted in a message."""


def is_percent(unit: str | None) -> bool:
    """Whether values in ``unit`` are percentages.

    >>> is_percent("procent"), is_percent(" Percent "), is_percent("antal"), is_percent(None)
    (True, True, False, False)
    """
    return unit is not None and " ".join(unit.split()).lower() in PERCENT_UNITS


def shown(content: object) -> str:
    """A cell's content as a message quotes it: text as typed (shortened past
    :data:`MAX_TEXT` characters), a date as a date, a number as Python writes it.

    >>> shown("7,2 procent"), shown(datetime.datetime(2024, 2, 7)), shown(1.5)
    ('7,2 procent', '2024-02-07', '1.5')
    """
    if isinstance(content, datetime.datetime) and content.time() == datetime.time():
        return content.date().isoformat()
    if isinstance(content, datetime.date | datetime.time):
        return content.isoformat()
    text = str(content).strip()
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def is_blank(content: object) -> bool:
    """Whether a cell holds nothing (empty, or only spaces).

    >>> is_blank(None), is_blank(" \\u00a0"), is_blank(0)
    (True, True, False)
    """
    return content is None or (isinstance(content, str) and not _SPACES.sub("", content))


def cell_number(
    content: object, *, unit: str | None, number_format: str = "General", english: bool = False
) -> Decimal:
    """The value a cell holds for an indicator in ``unit``; :class:`NotAValue` saying why not.

    ``number_format`` is the cell's format (a percent format shows a number a hundred times
    larger); ``english``: the workbook is in English, whose commas may separate thousands.

    >>> cell_number("7,2 %", unit="procent"), cell_number("28 304", unit="antal")
    (Decimal('7.2'), Decimal('28304'))
    >>> cell_number(0.072, unit="procent", number_format="0.0%"), cell_number(12, unit=None)
    (Decimal('7.2'), Decimal('12'))
    >>> cell_number("\\u22121,5", unit="antal"), cell_number("1,234.5", unit="kr", english=True)
    (Decimal('-1.5'), Decimal('1234.5'))
    >>> cell_number("7,2 procent", unit="procent")
    Traceback (most recent call last):
    ...
    styrgraf.results.cell_numbers.NotAValue: '7,2 procent': not-a-number
    """
    if isinstance(content, bool):
        raise NotAValue("not-a-number", shown(content))
    if isinstance(content, datetime.date | datetime.time | datetime.timedelta):
        raise NotAValue("looks-like-a-date", shown(content))
    if isinstance(content, int | float | Decimal):
        number = Decimal(repr(content)) if isinstance(content, float) else Decimal(content)
        if not number.is_finite():
            raise NotAValue("not-a-number", shown(content))
        if "%" in _format_shown(number_format):
            # Shown as a percentage: the number a hundred times larger, with its sign.
            hundredfold = _plain(number * 100)
            return _percent(hundredfold, unit, f"{hundredfold} %")
        return _plain(number)
    text = str(content)
    number, percent = _text_number(text, english)
    if percent:
        return _percent(number, unit, shown(text))
    return number


def _format_shown(number_format: str) -> str:
    """The parts of an Excel number format that are shown: quoted text and escapes left out
    (a ``"%"`` in quotes is a literal sign, not a percent format)."""
    return re.sub(r'"[^"]*"|\\.', "", number_format or "")


def _percent(number: Decimal, unit: str | None, text: str) -> Decimal:
    if not is_percent(unit):
        raise NotAValue("percent-not-unit", text)
    return _plain(number)


def _plain(number: Decimal) -> Decimal:
    """The number exactly, without trailing zeros after the point (``7.200`` is ``7.2``) and
    never in exponent form (``1E+3`` is ``1000``); no digit is rounded away."""
    if not number:
        return Decimal(0)  # -0 and 0.000 alike
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # a finite number
    if exponent >= 0:
        return Decimal((sign, (*digits, *(0,) * exponent), 0))
    kept = list(digits)
    while exponent < 0 and len(kept) > 1 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    return Decimal((sign, tuple(kept), exponent))


def _text_number(text: str, english: bool) -> tuple[Decimal, bool]:
    """A number written as text, and whether a percent sign followed it."""
    written = _SPACES.sub(" ", text).strip()
    if len(written) > MAX_TEXT or not written:
        raise NotAValue("not-a-number", shown(text))
    percent = written.endswith("%")
    if percent:
        written = written[:-1].rstrip()
    sign = ""
    if written[:1] in (*_MINUS, "+"):
        sign = "-" if written[0] in _MINUS else ""
        written = written[1:].lstrip()
    digits = _digits(written, english)
    if digits is None:
        raise NotAValue("not-a-number", shown(text))
    try:
        return _plain(Decimal(sign + digits)), percent
    except InvalidOperation:  # pragma: no cover - _digits lets only digits and one point by
        raise NotAValue("not-a-number", shown(text)) from None


def _digits(written: str, english: bool) -> str | None:
    """The digits of an unsigned number with one decimal point, or None when ``written`` is no
    number as people write one."""
    if english and _ENGLISH_GROUPS.fullmatch(written.partition(".")[0]):
        whole, point, decimals = written.partition(".")
        if point and not decimals.isdigit():
            return None
        return whole.replace(",", "") + point + decimals
    separators = [c for c in written if c in ",."]
    if len(separators) > 1:
        return None
    whole, _, decimals = written.replace(",", ".").partition(".")
    if separators and not (decimals.isascii() and decimals.isdigit()):
        return None
    if not whole and separators:
        whole = "0"  # ",5" is a half
    if not (whole.isascii() and _SWEDISH.fullmatch(whole)):
        return None
    return whole.replace(" ", "") + ("." + decimals if separators else "")
