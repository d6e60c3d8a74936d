"""Reading RDF files safely into memory.

Every file is parsed completely before anything is handed on, so a file that does not parse
contributes nothing: the caller gets an :class:`InputError` naming the file and line, and no
half-read data. Parsing is done by pyoxigraph (which reports exact positions); JSON-LD remote
contexts are never fetched, and RDF/XML that declares a DTD or entities is refused before it is
parsed. Before any parser sees a document, :mod:`styrgraf.model.bounds` checks its nesting and the
length of its terms and lines: a document beyond them is refused, naming the line and the limit.
"""

from __future__ import annotations

import dataclasses
import io
import mmap
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse as safe_iterparse
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from styrgraf.model import bounds

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ALIASES = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "json-ld": "jsonld", "owl": "rdf"}
"""Extensions in common use that pyoxigraph does not know, each as the one it knows."""

_EXTENSIONS = ("ttl", "trig", "nt", "nq", "jsonld", "rdf", "xml", *_ALIASES)
"""The extensions of the files read as RDF. Deliberately not every one pyoxigraph knows:
``.json`` is most often no JSON-LD (a ``package.json`` in a model's folder would be read as
data), and ``.n3`` is Notation3, whose formulae and rules are no RDF."""


def _format_of(extension: str) -> ox.RdfFormat:
    """pyoxigraph's format for an extension of :data:`_EXTENSIONS` (a failure here, on import,
    would mean a pyoxigraph that no longer knows it)."""
    found = ox.RdfFormat.from_extension(_ALIASES.get(extension, extension))
    if found is None:
        raise LookupError(f"pyoxigraph knows no RDF format for the extension .{extension}")
    return found


FORMATS: dict[str, ox.RdfFormat] = {f".{e}": _format_of(e) for e in _EXTENSIONS}
"""The RDF syntax of a file, by its extension (with the dot): pyoxigraph's own format for it."""


@dataclass
class InputError(Exception):
    """Input that cannot be read: names the file and, where known, the line and column."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass
class OutOfBounds(InputError):
    """Input refused before parsing: it nests deeper, or has a term or line longer, than
    ``limit`` (see :mod:`styrgraf.model.bounds`)."""

    limit: int = 0


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus every RDF file (by extension) found under named directories."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS
            )
            if not found:
                usual = ", ".join(f".{f.file_extension}" for f in dict.fromkeys(FORMATS.values()))
                raise InputError(str(path), f"the folder holds no RDF files ({usual})")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return files


def format_for(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file, from its extension."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InputError(
            str(path), f"unknown RDF file extension {path.suffix!r} (known: {known})"
        ) from None


def _refuse_xml_declarations(path: Path) -> None:
    """Refuse RDF/XML with a DTD or entity declarations (entity expansion is a known attack)."""
    try:
        for _event, element in safe_iterparse(str(path), forbid_dtd=True, forbid_entities=True):
            element.clear()
    except DefusedXmlException:
        line = _first_line_matching(path, re.compile(rb"<!(DOCTYPE|ENTITY)"))
        raise InputError(
            str(path), "RDF/XML with a DTD or entity declarations is refused", line
        ) from None
    except SyntaxError as error:  # xml.etree.ElementTree.ParseError
        position = getattr(error, "position", (None, None))
        raise InputError(
            str(path), f"not well-formed XML: {error.msg}", position[0], position[1]
        ) from None


def _first_line_matching(path: Path, pattern: re.Pattern[bytes]) -> int | None:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if pattern.search(line):
                return number
    return None


def check_bounds(buffer: bounds.Buffer, rdf_format: ox.RdfFormat, source: str) -> None:
    """Refuse a document beyond the bounds of :mod:`styrgraf.model.bounds`, naming ``source``, the
    line and the limit."""
    breach = bounds.check(buffer, rdf_format)
    if breach is not None:
        line, column = bounds.position(buffer, breach.offset)
        raise OutOfBounds(
            source, f"refused before parsing: {breach.message}", line, column, breach.limit
        )


def _check_file_bounds(path: Path, rdf_format: ox.RdfFormat) -> None:
    """:func:`check_bounds` for a file, read through a memory map rather than into memory."""
    try:
        with path.open("rb") as handle:
            if path.stat().st_size == 0:
                return
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                check_bounds(mapped, rdf_format, str(path))
    except OSError as error:
        raise InputError(str(path), error.strerror or str(error)) from None


def parse_file(path: Path) -> list[ox.Quad]:
    """Parse one file completely, or raise :class:`InputError` with its position."""
    rdf_format = format_for(path)
    _check_file_bounds(path, rdf_format)
    if rdf_format == ox.RdfFormat.RDF_XML:
        _refuse_xml_declarations(path)
    try:
        return _plain_terms(
            ox.parse(path=str(path), format=rdf_format, base_iri=path.resolve().as_uri()),
            str(path),
        )
    except SyntaxError as error:
        raise _syntax_error(path, error) from None
    except (ValueError, OSError, UnicodeError, MemoryError) as error:
        raise InputError(str(path), _plain(str(error))) from None


TRIPLE_TERMS = (
    "RDF 1.2 triple terms (<<( … )>>, reifiers) are not read: a governance model has no use "
    "for them, and a statement inside one would escape every rule, the personal-data rule too"
)


def _plain_term(quad: ox.Quad, source: str) -> ox.Quad:
    """``quad``, or :class:`InputError` when it holds a triple term (RDF 1.2)."""
    if isinstance(quad.subject, ox.Triple) or isinstance(quad.object, ox.Triple):
        raise InputError(source, TRIPLE_TERMS)
    return quad


def _plain_terms(quads: Iterable[ox.Quad], source: str) -> list[ox.Quad]:
    return [_plain_term(quad, source) for quad in quads]


def _plain(message: str) -> str:
    if "LoadDocumentCallback" in message:
        return "the JSON-LD file names a remote @context, which is never fetched"
    return message


def _syntax_error(path: Path, error: SyntaxError) -> InputError:
    message = re.sub(
        r"^Parser error (between|at) line \d+ (column \d+( and line \d+ column \d+)?|"
        r"between columns \d+ and \d+): ",
        "",
        error.msg,
    )
    return InputError(str(path), _plain(message), error.lineno, error.offset)


class _CountingReader(io.RawIOBase):
    """A binary file that reports how far it has been read."""

    def __init__(self, path: Path, report: Callable[[Path, int, int], None]) -> None:
        self._handle = path.open("rb")
        self._path = path
        self._size = path.stat().st_size
        self._read = 0
        self._report = report

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._handle.readinto(buffer)
        self._read += count or 0
        self._report(self._path, self._read, self._size)
        return count or 0

    def close(self) -> None:
        self._handle.close()
        super().close()


def iter_file(
    path: Path,
    scope: int | str = 0,
    progress: Callable[[Path, int, int], None] | None = None,
) -> Iterator[ox.Quad]:
    """Stream one file's quads, blank nodes scoped by ``scope``; errors as :class:`InputError`.

    ``scope`` must differ between any two files whose quads meet in one graph or store, so that
    their ``_:b1`` stay two nodes.

    ``progress`` is called with (file, bytes read, file size) as the parser reads.
    """
    rdf_format = format_for(path)
    _check_file_bounds(path, rdf_format)
    if rdf_format == ox.RdfFormat.RDF_XML:
        _refuse_xml_declarations(path)
    base = path.resolve().as_uri()
    try:
        if progress is None:
            for quad in ox.parse(path=str(path), format=rdf_format, base_iri=base):
                yield _scoped(_plain_term(quad, str(path)), scope)
        else:
            with _CountingReader(path, progress) as reader:
                for quad in ox.parse(cast(IO[bytes], reader), format=rdf_format, base_iri=base):
                    yield _scoped(_plain_term(quad, str(path)), scope)
    except SyntaxError as error:
        raise _syntax_error(path, error) from None
    except (ValueError, OSError, UnicodeError, MemoryError) as error:
        raise InputError(str(path), _plain(str(error))) from None


def parse_files(paths: Iterable[str | Path]) -> list[ox.Quad]:
    """Parse every file (folders expanded) completely before returning any quad.

    Blank nodes are renamed per file (``f0_b1``, ``f1_b1``), so that two files' ``_:b1`` stay
    two nodes wherever the quads go: an rdflib graph or a store.
    """
    parsed = [parse_file(path) for path in expand_paths(paths)]
    return [_scoped(quad, index) for index, quads in enumerate(parsed) for quad in quads]


def _scoped(quad: ox.Quad, scope: int | str) -> ox.Quad:
    def term(value: Any) -> Any:
        return ox.BlankNode(f"f{scope}_{value.value}") if isinstance(value, ox.BlankNode) else value

    graph = quad.graph_name
    return ox.Quad(term(quad.subject), quad.predicate, term(quad.object), term(graph))


def to_rdflib(term: object) -> Node:
    """A pyoxigraph term as the rdflib term rdflib's own parsers would make of it."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(term.value)
        with warnings.catch_warnings():
            # An ill-typed literal ("abc"^^xsd:date) is data for the shapes to report.
            warnings.simplefilter("ignore")
            return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported RDF term {term!r}")


def read_dataset(paths: Iterable[str | Path]) -> Dataset:
    """Read files and folders into one rdflib Dataset, keeping the named graphs of TriG/N-Quads.

    All files are parsed before the dataset is built: an error in any of them raises
    :class:`InputError` and nothing is returned.
    """
    dataset = Dataset()
    for quad in parse_files(paths):
        name = quad.graph_name
        graph = DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else to_rdflib(name)
        dataset.graph(graph).add(  # type: ignore[arg-type]
            (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        )
    return dataset


def merged(dataset: Dataset) -> Graph:
    """Every graph of the dataset folded into one graph."""
    graph = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def read_graph(paths: Iterable[str | Path]) -> Graph:
    """Read files and folders into one merged rdflib Graph (every named graph folded in)."""
    graph = Graph()
    for quad in parse_files(paths):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def parse_bytes(
    data: bytes,
    rdf_format: ox.RdfFormat,
    base_iri: str | None = None,
    source: str = "the request body",
    *,
    checked: bool = False,
) -> list[ox.Quad]:
    """Parse a document held in memory (a request body) completely, with the care of
    :func:`parse_file`, or raise :class:`InputError` naming ``source`` and the position.

    Its blank nodes get fresh random identifiers, so the quads can join a graph that has blank
    nodes of its own without two nodes becoming one. ``checked``: the caller has already
    checked the document's bounds (:func:`check_bounds`).
    """
    if not checked:
        check_bounds(data, rdf_format, source)
    if rdf_format == ox.RdfFormat.RDF_XML:
        _refuse_xml_declarations_in(data, source)
    try:
        return _plain_terms(
            ox.parse(data, format=rdf_format, base_iri=base_iri, rename_blank_nodes=True), source
        )
    except SyntaxError as error:
        raise dataclasses.replace(_syntax_error(Path(source), error), path=source) from None
    except (ValueError, UnicodeError) as error:
        raise InputError(source, _plain(str(error))) from None


def _refuse_xml_declarations_in(data: bytes, source: str) -> None:
    """:func:`_refuse_xml_declarations` for a document held in memory."""
    try:
        for _event, element in safe_iterparse(
            io.BytesIO(data), forbid_dtd=True, forbid_entities=True
        ):
            element.clear()
    except DefusedXmlException:
        declaration = re.compile(rb"<!(DOCTYPE|ENTITY)")
        line = next(
            (n for n, text in enumerate(data.splitlines(), start=1) if declaration.search(text)),
            None,
        )
        raise InputError(
            source, "RDF/XML with a DTD or entity declarations is refused", line
        ) from None
    except SyntaxError as error:  # xml.etree.ElementTree.ParseError
        position = getattr(error, "position", (None, None))
        raise InputError(
            source, f"not well-formed XML: {error.msg}", position[0], position[1]
        ) from None
