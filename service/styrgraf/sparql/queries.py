"""Named SPARQL queries: the ``.rq`` files in ``queries/`` and how their parameters are bound.

Each file is one query; its name is the file name without ``.rq``. A header of ``#+`` comment
lines describes it and keeps the file valid SPARQL::

    #+ summary: Goals of a board
    #+ description: Every övergripande mål and nämndsmål owned by the board,
    #+   with the strategic area it sorts under.
    #+ param: board iri required The board (nämnd or styrelse)
    #+ param: lang language default=sv Language of the labels

A parameter line is ``#+ param: NAME TYPE REQUIREDNESS DESCRIPTION``, where TYPE is one of
:data:`TYPES` and REQUIREDNESS is ``required``, ``optional`` or ``default=VALUE``. A parameter is
the query variable of the same name. Values are checked against the type and bound as RDF terms
in a ``VALUES`` block at the start of the query's WHERE clause, never spliced into the text as
strings, so a value cannot change what the query does. An optional parameter given no value
leaves its variable unbound.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from styrgraf.i18n.languages import is_language_tag
from styrgraf.model.bundled import resource_dir
from styrgraf.sparql import syntax as sparqlsyntax
from styrgraf.sparql.syntax import MAX_NESTING as MAX_NESTING

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_XSD = "http://www.w3.org/2001/XMLSchema#"

TYPES = ("iri", "string", "language", "integer", "decimal", "boolean", "date")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class QueryError(Exception):
    """A named query that does not exist, or a query file or text that is not usable."""


@dataclass
class ParameterError(Exception):
    """A parameter value that is missing, unknown or not of the parameter's type."""

    parameter: str
    message: str

    def __str__(self) -> str:
        return f"parameter {self.parameter!r}: {self.message}"


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a named query."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str

    def term(self, value: str) -> Term:
        """The value as an RDF term of this parameter's type, or a :class:`ParameterError`."""
        return to_term(self.name, self.type, value)


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its name, header and text."""

    name: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path | None = field(default=None, compare=False)

    @property
    def is_violation(self) -> bool:
        """A ``*-violation`` query lists breaches of a rule: no rows on sound data."""
        return self.name.endswith("-violation")

    def bindings(self, values: Mapping[str, str]) -> dict[str, Term]:
        """Check raw parameter values and turn them into RDF terms, defaults filled in."""
        declared = {p.name: p for p in self.parameters}
        for name in values:
            if name not in declared:
                known = ", ".join(declared) or "none"
                raise ParameterError(name, f"unknown parameter of {self.name} (known: {known})")
        bound: dict[str, Term] = {}
        for parameter in self.parameters:
            raw = values.get(parameter.name)
            if raw is None or raw == "":
                if parameter.required:
                    raise ParameterError(parameter.name, f"required by {self.name}")
                if parameter.default is None:
                    continue
                raw = parameter.default
            bound[parameter.name] = parameter.term(raw)
        return bound


def to_term(name: str, kind: str, value: str) -> Term:
    """Convert a text value to a checked RDF term of the given parameter type."""
    if kind == "iri":
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
            raise ParameterError(name, f"{value!r} is not an absolute IRI")
        try:
            return ox.NamedNode(value)
        except ValueError as error:
            raise ParameterError(name, f"{value!r} is not a valid IRI: {error}") from None
    if kind == "string":
        return ox.Literal(value)
    if kind == "language":
        if not is_language_tag(value):
            raise ParameterError(name, f"{value!r} is not a language tag such as sv or en")
        return ox.Literal(value.lower())
    if kind == "integer":
        if not re.match(r"^[+-]?[0-9]+$", value.strip()):
            raise ParameterError(name, f"{value!r} is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
    if kind == "decimal":
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ParameterError(name, f"{value!r} is not a decimal number") from None
        if not number.is_finite():
            raise ParameterError(name, f"{value!r} is not a finite decimal number")
        return ox.Literal(format(number, "f"), datatype=ox.NamedNode(_XSD + "decimal"))
    if kind == "boolean":
        lowered = value.strip().lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ParameterError(name, f"{value!r} is not a boolean (true or false)")
        text = "true" if lowered in ("true", "1") else "false"
        return ox.Literal(text, datatype=ox.NamedNode(_XSD + "boolean"))
    if kind == "date":
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            raise ParameterError(name, f"{value!r} is not a date (YYYY-MM-DD)") from None
        return ox.Literal(parsed.isoformat(), datatype=ox.NamedNode(_XSD + "date"))
    raise QueryError(f"parameter {name!r} has unknown type {kind!r} (known: {', '.join(TYPES)})")


def parse_query(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """Read a query's ``#+`` header; a malformed header raises :class:`QueryError`."""
    where = str(path) if path is not None else name
    summary = ""
    description: list[str] = []
    parameters: list[Parameter] = []
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            if line.strip() and not line.lstrip().startswith("#"):
                break
            continue
        body = line[2:]
        continued = body.startswith("   ") and current == "description"
        if continued:
            description.append(body.strip())
            continue
        key, _, value = body.strip().partition(":")
        key, value = key.strip(), value.strip()
        current = key
        if key == "summary":
            summary = value
        elif key == "description":
            description.append(value)
        elif key == "param":
            parameters.append(_parse_parameter(value, f"{where}:{number}"))
        else:
            raise QueryError(f"{where}:{number}: unknown header key {key!r}")
    if not summary:
        raise QueryError(f"{where}: the #+ header has no summary")
    names = [p.name for p in parameters]
    if len(set(names)) != len(names):
        raise QueryError(f"{where}: a parameter is declared twice")
    return NamedQuery(
        name=name,
        summary=summary,
        description=" ".join(part for part in description if part),
        parameters=tuple(parameters),
        text=text,
        path=path,
    )


def _parse_parameter(value: str, where: str) -> Parameter:
    parts = value.split(None, 3)
    if len(parts) < 3:
        raise QueryError(f"{where}: a parameter needs NAME TYPE required|optional|default=VALUE")
    name, kind, requiredness = parts[:3]
    if not _NAME.match(name):
        raise QueryError(f"{where}: {name!r} is not a SPARQL variable name")
    if kind not in TYPES:
        raise QueryError(f"{where}: unknown parameter type {kind!r} (known: {', '.join(TYPES)})")
    default = None
    if requiredness.startswith("default="):
        default = requiredness.removeprefix("default=")
        try:
            to_term(name, kind, default)
        except ParameterError as error:
            raise QueryError(f"{where}: the default of {error}") from None
    elif requiredness not in ("required", "optional"):
        raise QueryError(f"{where}: expected required, optional or default=VALUE")
    return Parameter(
        name=name,
        type=kind,
        required=requiredness == "required",
        default=default,
        description=parts[3] if len(parts) > 3 else "",
    )


def load_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query in the folder (the bundled ``queries/`` by default), by name."""
    folder = directory if directory is not None else resource_dir("queries")
    found: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.rq")):
        found[path.stem] = parse_query(path.stem, path.read_text(encoding="utf-8"), path)
    return found


_CACHE: dict[str, NamedQuery] = {}


def get_query(name: str) -> NamedQuery:
    """The bundled named query ``name``, or a :class:`QueryError` listing the known ones."""
    if not _CACHE:
        _CACHE.update(load_queries())
    try:
        return _CACHE[name]
    except KeyError:
        known = ", ".join(sorted(_CACHE))
        raise QueryError(f"no named query {name!r} (known: {known})") from None


# --- Binding values into query text ---------------------------------------------------------

Binding = Term | Sequence[Term]
"""One value for a variable, or several (a ``VALUES`` block with one row per value)."""


def with_values(sparql: str, bindings: Mapping[str, Binding]) -> str:
    """The query with its variables bound: ``VALUES`` blocks opening its WHERE clause.

    The terms are written in their N-Triples form, which pyoxigraph has already checked and
    escaped, so a value can only ever be a value. A variable given several values gets one row
    per value; blocks for different variables combine as every combination.
    """
    if not bindings:
        return sparql
    blocks: list[str] = []
    for name, value in bindings.items():
        if not _NAME.match(name):
            raise ParameterError(name, "not a SPARQL variable name")
        terms = [value] if isinstance(value, Term) else list(value)
        for term in terms:
            if not isinstance(term, Term):
                raise ParameterError(name, f"{term!r} is not an RDF term")
        blocks.append(f"VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}")
    position = _where_brace(sparql)
    return f"{sparql[: position + 1]} {' '.join(blocks)} {sparql[position + 1 :]}"


def query_form(sparql: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the form of a query (None when none is found, or
    when the text cannot be tokenised)."""
    try:
        return sparqlsyntax.read(sparql).form
    except sparqlsyntax.SyntaxRefused:
        return None


def _where_brace(sparql: str) -> int:
    """The offset of the ``{`` that opens the query's WHERE clause."""
    try:
        reading = sparqlsyntax.read(sparql)
    except sparqlsyntax.SyntaxRefused as refused:
        raise QueryError(str(refused)) from None
    braces: list[int] = []  # the offsets of each outermost { … } group
    depth = 0
    where_before_first = False
    for token in reading.tokens:
        if token.kind == "WORD" and token.value == "WHERE" and not braces and depth == 0:
            where_before_first = True
        elif token.kind == "PUNCT" and token.value in ("{", "{|"):
            if depth == 0:
                braces.append(token.start)
            depth += 1
        elif token.kind == "PUNCT" and token.value in ("}", "|}"):
            depth -= 1
            if depth < 0:
                raise QueryError("unbalanced braces in the query")
    if reading.form == "CONSTRUCT" and braces:
        if where_before_first:
            # Its one group is both template and pattern, and a template cannot hold VALUES.
            raise QueryError("a CONSTRUCT WHERE short form cannot take parameters")
        # The first group is the template; the WHERE clause is the next one.
        if len(braces) < 2:
            raise QueryError("the query has no WHERE clause to bind parameters in")
        return braces[1]
    if not braces:
        raise QueryError("the query has no WHERE clause to bind parameters in")
    return braces[0]


def dataset_clauses(sparql: str) -> tuple[list[str], list[str]] | None:
    """The graphs a query's ``FROM`` and ``FROM NAMED`` clauses name, as (default graphs, named
    graphs), or None when it names none. The IRIs are read, never fetched."""
    try:
        reading = sparqlsyntax.read(sparql)
    except sparqlsyntax.SyntaxRefused as refused:
        raise QueryError(str(refused)) from None
    if not reading.from_graphs and not reading.from_named:
        return None
    return reading.from_graphs, reading.from_named


def nesting(sparql: str) -> int:
    """How deep the query's groups, brackets and parentheses nest."""
    try:
        return sparqlsyntax.read(sparql).nesting
    except sparqlsyntax.SyntaxRefused as refused:
        raise QueryError(str(refused)) from None
