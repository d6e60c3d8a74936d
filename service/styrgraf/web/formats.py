"""The formats the service answers in: media types, their file suffixes and names.

Tables only, so that every layer of the web package can read them: the RDF formats of
dereferencing and dumps (pyoxigraph writes them), and the formats each API route offers.
Choosing one for a request is :mod:`styrgraf.web.negotiation`.
"""

from __future__ import annotations

import pyoxigraph as ox

HTML = "text/html"

_RDF = (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML)

# Media type -> (suffix, pyoxigraph format; None for HTML), from pyoxigraph's own table. The
# order breaks ties in the Accept header, so ``*/*`` gets Turtle.
FORMATS: dict[str, tuple[str, ox.RdfFormat | None]] = {
    _RDF[0].media_type: (_RDF[0].file_extension, _RDF[0]),
    HTML: ("html", None),
    **{kind.media_type: (kind.file_extension, kind) for kind in _RDF[1:]},
}
SUFFIXES = {suffix: media for media, (suffix, _) in FORMATS.items()}
"""``ttl``, ``html``, ``jsonld``, ``nt``, ``rdf``: the suffixes (and ``?format=`` names)."""
FORMAT_NAMES = {media: kind.name if kind else "HTML" for media, (_, kind) in FORMATS.items()}
"""What each format is called on a page: Turtle, HTML, JSON-LD, N-Triples, RDF/XML."""

# What an API route offers: media type -> its ?format= name.
JSON = {"application/json": "json"}
CSV = {"text/csv": "csv"}
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX = {XLSX_MEDIA: "xlsx"}
TABLES = {**CSV, **XLSX}
"""The formats of a table people download: CSV and an Excel workbook."""
TURTLE = {"text/turtle": "turtle"}
RESULTS = {"application/sparql-results+json": "json", **JSON, **TABLES}
