"""The languages styrgraf speaks, and the one rule that answers any language tag with one of them.

A request, a page, a drawing or a command may be asked for in any language tag (BCP 47:
``sv``, ``sv-SE``, ``en-GB``, ``fi``). Its words come from the catalogue of
:func:`catalogue_language`: the tag's own language when there is a catalogue for it (case
aside), else that of its primary subtag (``sv-SE`` is answered in ``sv``), else the default,
Swedish, the language the governance models are written in. The default is fixed, not the
``lang`` setting: that setting is what a request that names no language gets, while a tag
that is named means the same words wherever it is asked (a page, the API, the command line).

The model's own labels follow the same rule (:func:`label_rank`): the label tagged as asked,
else one in the same language, else one in the language of the words, else an untagged one,
else any. ``?lang=fi`` thus shows Finnish labels where the model has them and Swedish ones
where it has not, beside Swedish words, and never a mixture of Swedish and English.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The language of a tag no catalogue answers.
DEFAULT = "sv"

#: The gettext domain of the catalogues, and where they are: ``<lang>/LC_MESSAGES/styrgraf.po``
#: and its compiled ``.mo``.
DOMAIN = "styrgraf"
LOCALE = Path(__file__).parent / "locale"


def catalogue_path(lang: str, suffix: str = ".mo") -> Path:
    """The catalogue of a language: ``.po`` as written, ``.mo`` as compiled."""
    return LOCALE / lang / "LC_MESSAGES" / (DOMAIN + suffix)


def _catalogued() -> tuple[str, ...]:
    found = sorted(p.name for p in LOCALE.iterdir() if catalogue_path(p.name).is_file())
    if DEFAULT not in found:
        raise RuntimeError(f"no catalogue of the default language at {catalogue_path(DEFAULT)}")
    return (DEFAULT, *(lang for lang in found if lang != DEFAULT))


#: The languages the words are written in, the default first: those with a compiled catalogue.
LANGUAGES: tuple[str, ...] = _catalogued()

#: The shape of a language tag: a primary subtag of letters, then subtags of letters and
#: digits, joined by hyphens (``sv``, ``sv-SE``, ``se-Latn-NO``).
TAG_PATTERN = "^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"
_TAG = re.compile(TAG_PATTERN)


def is_language_tag(text: str) -> bool:
    """Whether ``text`` has the shape of a language tag.

    >>> is_language_tag("sv-SE"), is_language_tag("en"), is_language_tag("x_y"), is_language_tag("")
    (True, True, False, False)
    """
    return bool(_TAG.match(text))


def language_tag(text: str) -> str:
    """``text`` if it is a language tag; ValueError naming it otherwise.

    >>> language_tag("sv-SE")
    'sv-SE'
    >>> language_tag("sv_SE")
    Traceback (most recent call last):
    ...
    ValueError: 'sv_SE' is not a language tag such as sv, en or sv-SE
    """
    if not is_language_tag(text):
        raise ValueError(f"{text!r} is not a language tag such as sv, en or sv-SE")
    return text


def primary(tag: str) -> str:
    """The primary subtag of a tag, in lower case: its language without region or script.

    >>> primary("sv-SE"), primary("EN"), primary("")
    ('sv', 'en', '')
    """
    return tag.split("-")[0].lower()


def catalogue_language(tag: str) -> str:
    """The language of the words that answer ``tag``: its own catalogue, else that of its
    primary subtag, else the default.

    >>> [catalogue_language(t) for t in ("sv", "sv-SE", "EN-gb", "en", "fi", "", "x_y")]
    ['sv', 'sv', 'en', 'en', 'sv', 'sv', 'sv']
    """
    wanted = tag.lower()
    for language in LANGUAGES:
        if language.lower() == wanted:
            return language
    for language in LANGUAGES:
        if language.lower() == primary(tag):
            return language
    return DEFAULT


#: The ranks of :func:`label_rank`, best first.
SAME_TAG, SAME_LANGUAGE, WORDS_LANGUAGE, UNTAGGED, OTHER = range(5)


def label_rank(label: str | None, tag: str) -> int:
    """How well a text tagged ``label`` (None: untagged) suits a reader who asked for ``tag``,
    best first: the same tag, the same language, the language of the words
    (:func:`catalogue_language`), untagged, any other.

    >>> [label_rank(t, "sv-SE") for t in ("sv-se", "sv", "en", None)]
    [0, 1, 4, 3]
    >>> [label_rank(t, "fi") for t in ("fi-FI", "sv", "en", None)]
    [1, 2, 4, 3]
    """
    if not label:
        return UNTAGGED
    if label.lower() == tag.lower():
        return SAME_TAG
    if primary(label) == primary(tag):
        return SAME_LANGUAGE
    if primary(label) == primary(catalogue_language(tag)):
        return WORDS_LANGUAGE
    return OTHER
