"""The words: gettext catalogues, one per language, read through Babel, and the numbers in each
language's own form.

``word("nav.start", lang)`` is the text of a message id in the catalogue language of ``lang``
(:func:`styrgraf.i18n.languages.catalogue_language`), its ``{name}`` placeholders filled in;
``plural("report.rules", n, lang)`` the form that suits ``n``. A number filled in is written
as its language writes numbers (``1 234`` in Swedish, ``1,234`` in English). The catalogues
are the compiled ``locale/<lang>/LC_MESSAGES/styrgraf.mo`` beside this module, read once.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import read_mo
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

from styrgraf.i18n.languages import DEFAULT, DOMAIN, catalogue_language, catalogue_path


@cache
def translations(lang: str) -> Translations:
    """The compiled catalogue of a catalogue language."""
    with catalogue_path(lang, ".mo").open("rb") as compiled:
        return Translations(compiled, domain=DOMAIN)


@cache
def message_ids() -> frozenset[str]:
    """Every message id of the default catalogue (each catalogue has the same ones)."""
    with catalogue_path(DEFAULT, ".mo").open("rb") as compiled:
        catalog = read_mo(compiled)
    return frozenset(m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id)


def N_(key: str) -> str:
    """A message id kept in a table to be looked up later, marked so that ``pybabel extract``
    finds it; the id itself."""
    return key


def has_word(key: str) -> bool:
    """Whether ``key`` is a message id (for ids made up as a page is made: ``error.404``)."""
    return key in message_ids()


@cache
def locale(lang: str) -> Locale:
    """The locale whose conventions write the numbers of a catalogue language: its own, or the
    default language's where Babel's locale data has none (meänkieli, ``fit``)."""
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT)


def number(value: float, lang: str) -> str:
    """A number as the catalogue language of ``lang`` writes it.

    >>> number(1234.5, "sv-SE"), number(1234.5, "en"), number(7, "fi")
    ('1\\xa0234,5', '1,234.5', '7')
    """
    return str(format_decimal(value, locale=locale(catalogue_language(lang))))


def exact(value: Decimal, lang: str) -> str:
    """A decimal number as the catalogue language of ``lang`` writes it, every decimal kept
    (a value brought in is shown as it was given, not rounded).

    >>> exact(Decimal("28302"), "sv"), exact(Decimal("86.125"), "sv"), exact(Decimal("-0.5"), "en")
    ('28\xa0302', '86,125', '-0.5')
    """
    written = format_decimal(
        value, locale=locale(catalogue_language(lang)), decimal_quantization=False
    )
    return str(written)


def percent(value: float, lang: str, decimals: int = 0) -> str:
    """A share in percent (``72.5`` for 72.5 %) as the catalogue language of ``lang`` writes it,
    with ``decimals`` decimals.

    >>> percent(72.5, "sv", 1), percent(72.5, "en-GB", 1), percent(40, "sv")
    ('72,5\\xa0%', '72.5%', '40\\xa0%')
    """
    written = locale(catalogue_language(lang))
    pattern = written.percent_formats[None].pattern
    if decimals:
        pattern = pattern.replace("0", "0." + "0" * decimals, 1)
    return str(format_percent(value / 100, format=pattern, locale=written))


def _filled(text: str, lang: str, values: dict[str, object]) -> str:
    if not values:
        return text
    written = {
        name: number(value, lang)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else value
        for name, value in values.items()
    }
    return text.format(**written)


def word(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in the catalogue language of ``lang``, placeholders filled; a
    KeyError for an id that no catalogue has.

    >>> word("nav.tree", "sv-SE"), word("resource.path", "en", n=2)
    ('Målträd', 'Path 2')
    """
    if key not in message_ids():
        raise KeyError(f"no message {key!r} in the catalogues")
    return _filled(translations(catalogue_language(lang)).gettext(key), lang, values)


def plural(key: str, n: int, lang: str, **values: object) -> str:
    """The form of ``key`` that suits ``n`` in the catalogue language of ``lang``, with
    ``{n}`` and the other placeholders filled.

    >>> plural("report.rules", 1, "sv"), plural("report.rules", 3, "en")
    ('1 regel', '3 rules')
    """
    if key not in message_ids():
        raise KeyError(f"no message {key!r} in the catalogues")
    text = translations(catalogue_language(lang)).ngettext(key, key, n)
    return _filled(text, lang, {"n": n, **values})
