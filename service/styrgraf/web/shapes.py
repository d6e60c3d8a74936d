"""The JSON shapes that the web layer builds itself: the one error shape, the list of named
queries, health, and a graph written through the Graph Store Protocol.

The answers built beneath the web layer have their shapes beside the code that builds them
(:class:`~styrgraf.analysis.trace.Trace`,
:class:`~styrgraf.analysis.coverage_shapes.CoverageReport`,
:class:`~styrgraf.model.validation_shapes.ValidationReport`,
:class:`~styrgraf.render.query_results.SparqlResults`, ...). Each is a ``TypedDict``: the code that
builds an answer is checked against it, and the OpenAPI document's schemas are generated from
it (:mod:`styrgraf.web.openapi.schemas`), so the document and the answers cannot drift apart.
A key's docstring is its description in the document.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from styrgraf.execution.admission import AdmissionState
from styrgraf.model.privacy import PrivacyFinding
from styrgraf.model.validation_shapes import ValidationFinding, ValidationReport
from styrgraf.results.workbook_problems import ProblemShape


class ErrorDetails(TypedDict, total=False):
    """What an error adds to its message, each where it applies."""

    parameter: str
    """The query parameter, form field or header at fault."""
    offered: list[str]
    """The media types offered, when none that the request accepts is (406)."""
    accepted: list[str]
    """The media types a graph can be written in (415)."""
    limit: int | None
    """The limit the request went past: bytes of a body or a query, the places of a busy
    class, or the bound of the parser (nesting, the length of a term or a line)."""
    iri: str
    """The resource that is not described here."""
    graph: str
    """The graph that is not here, or that a write was refused for."""
    board: str
    """The board of a coverage cell that is not here."""
    area: str
    """The strategic area of a coverage cell that is not here."""
    part: str
    """The part of a multipart body at fault."""
    line: int | None
    """Where in the body the problem is: the line (1 first)."""
    column: int | None
    """Where in the body the problem is: the column (1 first)."""
    findings: list[PrivacyFinding]
    """Why a write was refused: personal data outside a private graph, or a private graph's
    declaration taken away (422)."""
    report: ValidationReport
    """The rules the store would break after a refused write (422): every violation after
    it, those it adds and those there before alike."""
    added: list[ValidationFinding]
    """The violations a refused write would add to the store: what refused it (422)."""
    existing: list[ValidationFinding]
    """The violations the store had before a refused write and would still have after it:
    they refuse no write (422)."""
    resolved: list[ValidationFinding]
    """The violations the store had before a refused write that it would have taken away
    (422)."""
    problems: list[ProblemShape]
    """Why a workbook was refused: every problem, each with its sheet and cell (422)."""
    store: Literal["embedded"]
    """The kind of store whose disk is full (503 on ``/health``)."""
    graphs: int
    """The public graphs, which are still answered while the disk is full."""
    disk: Literal["full"]
    """The disk is full: reads are answered, writes refused until space is freed."""


class Error(ErrorDetails):
    """The one error shape of every route: a message for a person, the HTTP status code, and
    the details that apply."""

    error: str
    """What went wrong, for a person."""
    status: int
    """The HTTP status code."""


class QueryParameterInfo(TypedDict):
    """A parameter of a named query, as its ``#+`` header declares it."""

    name: str
    type: str
    """The type its value is checked as and bound to: iri, string, language, integer,
    decimal, boolean or date."""
    required: bool
    default: str | None
    description: str


class QueryInfo(TypedDict):
    """A named query: what it answers, its parameters and where to run it."""

    name: str
    summary: str
    description: str
    violation: bool
    """Whether it lists breaches of a rule (a ``*-violation`` query): no rows on sound data."""
    parameters: list[QueryParameterInfo]
    url: str
    """Where the query runs: ``/api/queries/{name}``."""


class QueryList(TypedDict):
    """The named queries, with their parameters."""

    queries: list[QueryInfo]


class Health(TypedDict):
    """The service answers, and so does its store."""

    status: Literal["ok"]
    graphs: int
    """How many public graphs the store holds."""
    store: Literal["embedded", "remote"]
    """The kind of store, never its path or address."""
    admission: AdmissionState
    """Per heavy class (query, compute, write), the requests in progress and the most taken
    on at once (null: no limit)."""


class GraphWritten(TypedDict):
    """A new graph, written: its IRI (also in ``Location``) and how many triples it holds."""

    graph: str
    triples: int


class ApiLicense(TypedDict):
    """The licence of the service, by its SPDX identifier."""

    name: str
    identifier: str


class ApiInfo(TypedDict):
    """What the service is, and its version."""

    title: str
    version: str
    description: str
    license: ApiLicense


class ApiServer(TypedDict):
    """Where the service answers: the address the document was asked at."""

    url: str


class ApiTag(TypedDict):
    """A group of operations."""

    name: str


class OpenApiDocument(TypedDict):
    """The OpenAPI 3.1 document of the service (``/openapi.json``)."""

    openapi: Literal["3.1.0"]
    info: ApiInfo
    servers: list[ApiServer]
    tags: list[ApiTag]
    paths: dict[str, Any]
    """Every route of the service, by its path template."""
    components: dict[str, Any]
    """The schemas of the answers, the one error response, shared parameters and the token."""
