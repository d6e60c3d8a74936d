"""Which terms become links: the one decision, for every page and drawing.

A model may hold any IRI (``javascript:alert(1)`` is a well-formed one) and any text, and a page
shows them. :func:`href` decides whether a URL may be an ``href``: an ``http:`` or ``https:``
URL, a ``mailto:`` with a mail address, or a path on this service. Anything else —
``javascript:``, ``data:``, ``vbscript:``, ``file:``, ``urn:``, a URL with spaces, control
characters or backslashes a browser would quietly drop or turn around — is no link, and the page
shows it as text. :func:`anchor` writes either, so a template never writes an ``href`` of its own
from a term.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

#: The schemes a link may have.
WEB_SCHEMES = ("http", "https")
_MAIL = re.compile(r"[^@\s/:?#<>\"']+@[^@\s/:?#<>\"']+(?:\?[^\s<>\"']*)?")


def href(url: str | None) -> str | None:
    """``url`` when a page may make a link of it, else None (the page shows text)."""
    if not url:
        return None
    # A browser drops leading spaces and control characters and ignores tabs and newlines
    # anywhere (" java\tscript:"), and reads "\" as "/": such a URL is never a link.
    if any(ord(c) <= 0x20 or ord(c) == 0x7F or c == "\\" for c in url):
        return None
    if url.startswith("/"):
        return None if url.startswith("//") else url  # "//host" leaves the service
    scheme, colon, rest = url.partition(":")
    if not colon:
        return None
    scheme = scheme.lower()
    if scheme in WEB_SCHEMES:
        return url if rest.startswith("//") and len(rest) > 2 else None
    if scheme == "mailto":
        return url if _MAIL.fullmatch(rest) else None
    return None


def anchor(url: str | None, text: object, **attributes: object) -> Markup:
    """``<a href>`` around ``text`` when :func:`href` allows ``url``, else ``<span>``; the
    attributes (``lang``, ``title``, ``class``, ``data-*`` as ``data_*``) go on either, and
    those that are None or False are left out."""
    target = href(url)
    written = "".join(
        f' {name.replace("_", "-")}="{escape(value)}"'
        for name, value in attributes.items()
        if value is not None and value is not False
    )
    if target is None:
        return Markup(f"<span{written}>{escape(text)}</span>")
    return Markup(f'<a href="{escape(target)}"{written}>{escape(text)}</a>')
