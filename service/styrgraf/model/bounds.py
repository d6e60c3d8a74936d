"""Bounds on RDF input, checked before any parser sees it.

pyoxigraph's JSON-LD parser recurses once per nested object and keeps a copy of its state per
level: a 170 KB document of 5,000 nested objects takes it 1.7 GB and then overflows its stack,
and its RDF/XML parser takes time that grows with the square of the nesting (40,000 nested
elements: 15 s). So every document is first scanned here, without any parser: a linear pass
(regular expressions that step over strings, IRIs, comments and markup whole) that tracks the
nesting of brackets, braces, parentheses or elements and the length of every literal, IRI,
string, tag and run of text, and stops at the first that goes beyond its limit.

The limits are far above real data (the bundled model nests 4 levels deep as JSON-LD, and a
handwritten framed document a dozen or two) and far below where a parser breaks (JSON-LD at
about 3,500 levels); see ``docs/security.md`` for the measurements.
"""

from __future__ import annotations

import mmap
import re
from dataclasses import dataclass

import pyoxigraph as ox

MAX_DEPTH: dict[ox.RdfFormat, int] = {
    ox.RdfFormat.TURTLE: 128,
    ox.RdfFormat.TRIG: 128,
    ox.RdfFormat.JSON_LD: 64,
    ox.RdfFormat.RDF_XML: 128,
}
"""The deepest nesting each syntax may have: ``[ ( {`` in Turtle and TriG, ``{ [`` in
JSON-LD, elements in RDF/XML. N-Triples and N-Quads do not nest."""

MAX_TERM = 1024 * 1024
"""The longest literal, IRI or JSON string, and in RDF/XML the longest tag, comment or run of
text, in bytes."""

MAX_LINE = 1024 * 1024
"""The longest line of N-Triples or N-Quads (one statement), in bytes."""

_NESTING = {
    ox.RdfFormat.TURTLE: "[ ( {",
    ox.RdfFormat.TRIG: "[ ( {",
    ox.RdfFormat.JSON_LD: "{ [",
    ox.RdfFormat.RDF_XML: "elements",
}

# Each pattern matches one token whole: an opening or closing of a level, a term whose length
# counts, or something to step over. Possessive quantifiers: no backtracking, so every scan is
# linear in the input whatever it holds. An unterminated string or IRI ends where it cannot go
# on; the parser reports it.
_TURTLE = re.compile(
    rb"(?P<open>[\[({])|(?P<close>[\])}])"
    rb'|(?P<term>"""(?:[^"\\]++|\\.|"(?!""(?!")))*+(?:"""|\Z)'
    rb"|'''(?:[^'\\]++|\\.|'(?!''(?!')))*+(?:'''|\Z)"
    rb'|"(?:[^"\\\n\r]++|\\.)*+"?'
    rb"|'(?:[^'\\\n\r]++|\\.)*+'?"
    rb'|<[^>\s"<{}]*+>?)'
    rb"|\#[^\n]*+"
    rb"|\\.",
    re.S,
)
_JSON = re.compile(
    rb'(?P<open>[\[{])|(?P<close>[\]}])|(?P<term>"(?:[^"\\]++|\\.)*+"?)',
    re.S,
)
_XML = re.compile(
    rb"(?P<term><!--(?:[^-]++|-(?!->))*+(?:-->)?"
    rb"|<\?(?:[^?]++|\?(?!>))*+(?:\?>)?"
    rb"|<!\[CDATA\[(?:[^\]]++|\](?!\]>))*+(?:\]\]>)?"
    rb"|<![^>]*+>?)"
    rb"|(?P<close></[^>]*+>?)"
    rb"|(?P<open><(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>?)",
    re.S,
)
_PATTERNS = {
    ox.RdfFormat.TURTLE: _TURTLE,
    ox.RdfFormat.TRIG: _TURTLE,
    ox.RdfFormat.JSON_LD: _JSON,
    ox.RdfFormat.RDF_XML: _XML,
}
_OPENERS = {
    ox.RdfFormat.TURTLE: b"[({",
    ox.RdfFormat.TRIG: b"[({",
    ox.RdfFormat.JSON_LD: b"[{",
    ox.RdfFormat.RDF_XML: b"<",
}
_CHUNK = 64 * 1024 * 1024

Buffer = bytes | mmap.mmap


@dataclass(frozen=True)
class Breach:
    """Where a document first goes beyond a bound (a byte offset), and which bound."""

    offset: int
    message: str
    limit: int


def check(buffer: Buffer, rdf_format: ox.RdfFormat) -> Breach | None:
    """The first place where ``buffer`` goes beyond the bounds of its syntax, or None."""
    if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return _long_line(buffer, MAX_LINE)
    pattern = _PATTERNS.get(rdf_format)
    if pattern is None:
        return None
    limit = MAX_DEPTH[rdf_format]
    if _count(buffer, _OPENERS[rdf_format]) <= limit and not _may_be_long(buffer, rdf_format):
        return None  # it cannot nest that deep, and nothing in it can be too long
    return _scan(buffer, rdf_format, pattern, limit)


def _may_be_long(buffer: Buffer, rdf_format: ox.RdfFormat) -> bool:
    """Whether a token of ``buffer`` may be longer than :data:`MAX_TERM`: one on a single line
    can only if a line is, and only Turtle's long strings and XML's text and markup span lines."""
    if len(buffer) <= MAX_TERM:
        return False
    if rdf_format == ox.RdfFormat.RDF_XML or _long_line(buffer, MAX_TERM) is not None:
        return True
    if rdf_format == ox.RdfFormat.JSON_LD:
        return False
    return buffer.find(b'"""') != -1 or buffer.find(b"'''") != -1


def _scan(
    buffer: Buffer, rdf_format: ox.RdfFormat, pattern: re.Pattern[bytes], limit: int
) -> Breach | None:
    xml = rdf_format == ox.RdfFormat.RDF_XML
    depth = 0
    end = 0
    for token in pattern.finditer(buffer):
        start = token.start()
        if xml and start - end > MAX_TERM:
            return Breach(end, f"a run of text longer than {MAX_TERM} bytes (the limit)", MAX_TERM)
        end = token.end()
        kind = token.lastgroup
        if kind == "open":
            if xml and buffer[end - 2 : end] == b"/>":
                kind = "term"  # an empty element: no level opened
            else:
                depth += 1
                if depth > limit:
                    return Breach(start, _too_deep(rdf_format, limit), limit)
        elif kind == "close":
            depth = max(0, depth - 1)
        if kind is not None and end - start > MAX_TERM:
            what = "a tag, comment or section" if xml else "a literal or IRI"
            return Breach(start, f"{what} longer than {MAX_TERM} bytes (the limit)", MAX_TERM)
    if xml and len(buffer) - end > MAX_TERM:
        return Breach(end, f"a run of text longer than {MAX_TERM} bytes (the limit)", MAX_TERM)
    return None


def _too_deep(rdf_format: ox.RdfFormat, limit: int) -> str:
    return (
        f"nested deeper than {limit} levels ({_NESTING[rdf_format]}), "
        f"the limit for {rdf_format.name}"
    )


def _long_line(buffer: Buffer, limit: int) -> Breach | None:
    """A line longer than ``limit``, looked for a window of that size at a time."""
    start = 0
    size = len(buffer)
    while size - start > limit:
        newline = buffer.rfind(b"\n", start, start + limit + 1)
        if newline == -1:
            return Breach(start, f"a line longer than {limit} bytes (the limit)", limit)
        start = newline + 1
    return None


def _count(buffer: Buffer, characters: bytes) -> int:
    total = 0
    for offset in range(0, len(buffer), _CHUNK):
        piece = buffer[offset : offset + _CHUNK]
        total += sum(piece.count(bytes([c])) for c in characters)
    return total


def position(buffer: Buffer, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, the column in bytes) of ``offset``."""
    line = 1
    for start in range(0, offset, _CHUNK):
        line += buffer[start : min(offset, start + _CHUNK)].count(b"\n")
    line_start = buffer.rfind(b"\n", 0, offset) + 1
    return line, offset - line_start + 1
