"""The public SPARQL 1.1 Protocol endpoint at ``/sparql``: read-only, over the public graphs.

- Queries by GET, POST form and POST direct; ``default-graph-uri`` and ``named-graph-uri``.
- Results by content negotiation: SPARQL JSON, XML, CSV and TSV for SELECT; JSON and XML for
  ASK; Turtle, N-Triples, RDF/XML and JSON-LD for CONSTRUCT and DESCRIBE. 406 otherwise.
- A bare GET answers with the service description (RDF), or a query page when a browser asks.
  The page's downloads are ``format=csv`` and ``tsv`` (the endpoint's answer in that format,
  exactly: SPARQL 1.1 Query Results CSV and TSV) and ``format=xlsx``, the solutions as a
  workbook in the page's language (:mod:`styrgraf.web.downloads`), which the protocol itself
  does not offer.
- Updates are refused (403). A query is first held to ``max_query`` bytes (413), then read by
  the SPARQL lexer (:mod:`styrgraf.sparql.syntax`), which refuses (400) text it cannot tokenise,
  ``SERVICE``, ``LOAD`` and update keywords, deep nesting and long operator chains: the server
  never fetches a URL it is handed. The dataset is always given to the store explicitly, so
  ``FROM <url>`` names no graph beyond the public ones either.
- Private graphs (the service's list: :mod:`styrgraf.model.privacy`) and the service's configuration
  graph are never in the dataset, whatever a request names.
- Queries run under a deadline (``query_timeout``) and answers are cut at ``max_results`` rows
  or triples, with the header ``Styrgraf-Results-Truncated`` saying so.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from styrgraf.execution.jobs import GRAPH_FORMATS, Job
from styrgraf.sparql.queries import QueryError, load_queries
from styrgraf.sparql.syntax import SyntaxRefused, check
from styrgraf.store.base import STAGING, StoreError
from styrgraf.vocabulary import PREFIXES
from styrgraf.web.downloads import RESULTS_JSON, solutions_workbook
from styrgraf.web.errors import error
from styrgraf.web.formats import XLSX_MEDIA
from styrgraf.web.layout import Words, language, render
from styrgraf.web.service import service

blueprint = Blueprint("sparql", __name__)

RESULTS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
BOOLEAN = {k: v for k, v in RESULTS.items() if v in ("json", "xml")}
GRAPHS = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
    "text/plain": "ntriples",
}


def _negotiate(offered: dict[str, Any], default: str) -> str | None:
    """The media type to answer with, or None when the client accepts none we offer."""
    if not request.accept_mimetypes or request.headers.get("Accept", "").strip() == "":
        return default
    best: str | None = request.accept_mimetypes.best_match(list(offered))
    return best


def _query_and_dataset() -> tuple[str | None, str | None, list[str], list[str]] | Response:
    """(query, update, default graphs, named graphs) from GET or POST, or an error response."""
    args = request.args
    defaults, named = args.getlist("default-graph-uri"), args.getlist("named-graph-uri")
    query = update = None
    if request.method == "POST":
        kind = (request.mimetype or "").lower()
        if (too_big := _body_over_limit(kind)) is not None:
            return too_big
        if kind == "application/x-www-form-urlencoded":
            form = request.form
            query, update = form.get("query"), form.get("update")
            defaults += form.getlist("default-graph-uri")
            named += form.getlist("named-graph-uri")
        elif kind == "application/sparql-query":
            query = request.get_data(as_text=True)
        elif kind == "application/sparql-update":
            update = request.get_data(as_text=True)
        elif not kind:
            return error(400, "a POST needs a Content-Type", parameter="Content-Type")
        else:
            return error(
                415,
                f"unsupported Content-Type {kind}: send application/sparql-query or a form",
                parameter="Content-Type",
            )
        if "query" in args or "update" in args:
            return error(400, "give the query in the body of a POST, not also in the URL")
    else:
        query, update = args.get("query"), args.get("update")
        if len(args.getlist("query")) > 1:
            return error(400, "give one query", parameter="query")
    for name, graphs in (("default-graph-uri", defaults), ("named-graph-uri", named)):
        for graph in graphs:
            try:
                ox.NamedNode(graph)
            except ValueError as problem:
                return error(400, f"{name} must be an absolute IRI: {problem}", parameter=name)
    return query, update, defaults, named


FORM_OVERHEAD = 8192
"""Bytes a form body may hold beyond its percent-encoded query: the dataset's IRIs."""


def _max_query() -> int:
    return int(service().settings["max_query"])


def _too_long(parameter: str) -> Response:
    limit = _max_query()
    return error(
        413, f"the {parameter} is longer than {limit} bytes", parameter=parameter, limit=limit
    )


def _body_over_limit(kind: str) -> Response | None:
    """A 413 when a POST body is too long to hold a query of at most ``max_query`` bytes,
    decided from its Content-Length before a byte of it is read."""
    length = request.content_length
    if length is None:
        return None
    limit = _max_query()
    if kind in ("application/sparql-query", "application/sparql-update") and length > limit:
        return _too_long("update" if kind.endswith("update") else "query")
    # Percent-encoding at most triples a text.
    if kind == "application/x-www-form-urlencoded" and length > 3 * limit + FORM_OVERHEAD:
        return _too_long("query")
    return None


@blueprint.route("/sparql", methods=["GET", "POST", "HEAD"])
def endpoint() -> Response:
    # A browser following a link to a query gets the page with its answer; a download link
    # (format=csv) gets that format, whatever the Accept of the download.
    browsing = _wants_html() or request.args.get("format") in DOWNLOADS
    if request.method == "GET" and "query" in request.args and browsing:
        return _page()
    parsed = _query_and_dataset()
    if isinstance(parsed, Response):
        return parsed
    query, update, defaults, named = parsed
    if update is not None:
        if len(update) > _max_query():
            return _too_long("update")
        if query is not None:
            return error(400, "give a query or an update, not both", parameter="update")
        return error(
            403, "this endpoint is read-only: updates are not accepted", parameter="update"
        )
    if query is None:
        return _description()
    # Its size first, before anything reads the text; then one reading of it, by tokens.
    if len(query) > _max_query() or len(query.encode("utf-8")) > _max_query():
        return _too_long("query")
    if not query.strip():
        return error(400, "the query is empty", parameter="query")
    try:
        reading = check(query)
    except SyntaxRefused as refused:
        return error(400, str(refused), parameter="query")
    form = reading.form
    offered: dict[str, Any]
    if form == "SELECT":
        offered, default = RESULTS, "application/sparql-results+json"
    elif form == "ASK":
        offered, default = BOOLEAN, "application/sparql-results+json"
    else:
        offered, default = GRAPHS, "text/turtle"
    media = _negotiate(offered, default)
    if media is None:
        return error(
            406,
            f"none of the accepted types is offered for {form}: {', '.join(sorted(offered))}",
            offered=sorted(offered),
        )
    current = service()
    # The dataset and the snapshot that the query reads are chosen together under the read
    # side of the store's lock, so never in the middle of a write; the query itself runs
    # without it.
    with current.consistency.reading():
        public = set(current.public_graphs())
        hidden = current.private_graphs()

        def allowed(graphs: list[str]) -> list[str]:
            return [g for g in graphs if g not in hidden and not g.startswith(STAGING)]

        if defaults or named:
            # The protocol's dataset wins over the query's own FROM clauses.
            default_graphs, named_graphs = allowed(defaults), allowed(named)
        elif reading.from_graphs or reading.from_named:
            # FROM and FROM NAMED name graphs of this store; any other IRI is an empty graph.
            default_graphs = [g for g in allowed(reading.from_graphs) if g in public]
            named_graphs = [g for g in allowed(reading.from_named) if g in public]
        else:
            default_graphs = named_graphs = sorted(public)
        settings = current.settings
        limit = int(settings["max_results"])
        job = Job(
            query,
            tuple(default_graphs),
            tuple(named_graphs),
            timeout=float(settings["query_timeout"]),
            limit=limit,
            kind=offered[media],
            base_iri=request.base_url,
        )
        pinned = current.evaluator.pin()
    try:
        with pinned:
            answer = current.answer(job, pinned)
    except QueryError as problem:
        return error(400, str(problem), parameter="query")
    except StoreError as problem:
        return error(502, str(problem))
    body, truncated = answer.body, answer.cut
    response = Response(body, mimetype=media)
    if media.startswith("text/") or media.endswith("json") or media.endswith("xml"):
        response.headers["Content-Type"] = f"{media}; charset=utf-8"
    response.headers["Vary"] = "Accept"
    if truncated:
        response.headers["Styrgraf-Results-Truncated"] = str(limit)
    return response


# --- the service description and the query page ---


def _description() -> Response:
    if _wants_html():
        return _page()
    media = _negotiate(GRAPHS, "text/turtle")
    if media is None:
        return error(406, "the service description is RDF", offered=sorted(GRAPHS))
    url = request.base_url
    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    node = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    triples = [
        ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(sd + "Service")),
        ox.Triple(node, ox.NamedNode(sd + "endpoint"), ox.NamedNode(url)),
        ox.Triple(node, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
        ox.Triple(node, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, ox.NamedNode(RDF_TYPE), ox.NamedNode(sd + "Dataset")),
    ]
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ):
        triples.append(
            ox.Triple(node, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(formats + name))
        )
    default = ox.BlankNode("default")
    triples += [
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), default),
        ox.Triple(default, ox.NamedNode(RDF_TYPE), ox.NamedNode(sd + "Graph")),
    ]
    for graph in service().public_graphs():
        entry = ox.BlankNode()
        triples += [
            ox.Triple(dataset, ox.NamedNode(sd + "namedGraph"), entry),
            ox.Triple(entry, ox.NamedNode(sd + "name"), ox.NamedNode(graph)),
        ]
    data = ox.serialize(triples, format=GRAPH_FORMATS[GRAPHS[media]])
    assert isinstance(data, bytes)
    response = Response(data, mimetype=media)
    response.headers["Vary"] = "Accept"
    return response


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
STARTER = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"


def _wants_html() -> bool:
    accept = request.accept_mimetypes
    best = accept.best_match(["text/html", *GRAPHS])
    return best == "text/html" and accept["text/html"] > accept["text/turtle"]


PAGE_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
"""What the query page asks of the endpoint: results as JSON, a graph as Turtle."""
DOWNLOADS = {"csv": "text/csv", "tsv": "text/tab-separated-values", "xlsx": XLSX_MEDIA}
"""The result formats the query page offers as downloads (``format=``)."""
TABLE_DOWNLOADS = ("csv", "xlsx")
"""The downloads the page offers beneath a table of solutions."""


def _internal(path: str, args: list[tuple[str, str]], accept: str) -> Response:
    """The answer this service gives to a GET of ``path`` asking for ``accept``: the query page
    shows what the endpoint and the API answer, checks, limits and errors included."""
    headers = {"Accept": accept}
    if request.headers.get("Authorization"):
        headers["Authorization"] = request.headers["Authorization"]
    with current_app.test_request_context(
        path, base_url=request.url_root, query_string=args, headers=headers
    ):
        answer: Response = current_app.full_dispatch_request()
    return answer


def _page() -> Response:
    """The query page: an editor, the named queries one click away, and the results as a
    table. The script runs queries in place; without it the form asks this page again, which
    shows the endpoint's (or the named query's) answer."""
    lang = language()  # a bad ?lang= is a 400 naming it
    t = Words(lang)
    queries = load_queries()
    args = request.args
    chosen = queries.get(args.get("named", ""))
    if args.get("named") and chosen is None:
        return error(404, f"no named query {args.get('named')!r}", parameter="named")
    if len(args.getlist("query")) > 1:
        return error(400, "give one query", parameter="query")
    text = args.get("query")
    download = args.get("format")
    if download is not None and download not in DOWNLOADS:
        return error(
            400,
            f"format must be one of {', '.join(DOWNLOADS)}, not {download!r}",
            parameter="format",
        )
    accept = DOWNLOADS[download] if download else PAGE_ACCEPT
    answer: Response | None = None
    values: dict[str, str] = {}
    # The page's downloads of a table, by format: a named query's from the API.
    offered: dict[str, str] = {}
    if chosen is not None:
        values = {p.name: args.get(p.name, "") for p in chosen.parameters if p.name != "lang"}
        given = [(k, v) for k, v in values.items() if v]
        offered = {
            kind: f"/api/queries/{chosen.name}?"
            + urlencode([*given, ("lang", t.ui), ("format", kind)])
            for kind in TABLE_DOWNLOADS
        }
        if text is None or text.strip() == chosen.text.strip():
            text = chosen.text
            if "run" in args or download:
                answer = _internal(f"/api/queries/{chosen.name}", [*given, ("lang", t.ui)], accept)
        elif "run" in args or download:
            chosen = None
    if chosen is None and text is not None and text.strip():
        dataset = [
            (name, value)
            for name in ("default-graph-uri", "named-graph-uri")
            for value in args.getlist(name)
        ]
        # The workbook is made here from the endpoint's JSON: the protocol has no xlsx.
        asked = RESULTS_JSON if download == "xlsx" else accept
        answer = _internal("/sparql", [("query", text), *dataset], asked)
        offered = {
            kind: "/sparql?" + urlencode([("query", text), *dataset, ("format", kind)])
            for kind in TABLE_DOWNLOADS
        }
        if download == "xlsx":
            return solutions_workbook(answer, lang)
    if download and answer is not None:
        if answer.status_code == 200:
            answer.headers["Content-Disposition"] = f'attachment; filename="results.{download}"'
        return answer
    results = _results(answer) if answer is not None else None
    if not results or results.get("kind") != "table":
        offered = {}
    return render(
        "sparql.html",
        t("sparql.title"),
        # A query that could not be answered is shown on the page, with the endpoint's status.
        status=answer.status_code if answer is not None and answer.status_code >= 400 else 200,
        query=text if text is not None else STARTER,
        chosen=chosen.name if chosen is not None else None,
        values=values,
        named=sorted(queries.values(), key=lambda q: (q.is_violation, q.name)),
        named_json={
            q.name: {
                "text": q.text,
                "parameters": [p.name for p in q.parameters if p.name != "lang"],
                "required": [p.name for p in q.parameters if p.required and p.name != "lang"],
            }
            for q in queries.values()
        },
        results=results,
        csv_url=offered.get("csv"),
        xlsx_url=offered.get("xlsx"),
        base_iri=str(service().settings["base_iri"]),
        prefixes=PREFIXES,
        short=lambda iri: _short(iri, PREFIXES, str(service().settings["base_iri"])),
    )


def _short(iri: str, prefixes: dict[str, str], base: str) -> str:
    """An IRI as people read it in a table: ``sg:Board``, or its path under the base."""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    if iri.startswith(base) and len(iri) > len(base):
        return iri[len(base) :]
    return iri


def _results(answer: Response) -> dict[str, Any]:
    """What an answer of the endpoint or the API shows on the page."""
    truncated = answer.headers.get("Styrgraf-Results-Truncated")
    if answer.status_code != 200:
        try:
            message = json.loads(answer.get_data(as_text=True))["error"]
        except (ValueError, KeyError, TypeError):
            message = answer.get_data(as_text=True)
        return {"kind": "error", "status": answer.status_code, "message": message}
    if answer.mimetype == "text/turtle":
        return {"kind": "graph", "text": answer.get_data(as_text=True), "truncated": truncated}
    document = json.loads(answer.get_data(as_text=True))
    if "boolean" in document:
        return {"kind": "boolean", "value": bool(document["boolean"])}
    variables = document["head"].get("vars", [])
    rows = [[row.get(v) for v in variables] for row in document["results"]["bindings"]]
    return {"kind": "table", "variables": variables, "rows": rows, "truncated": truncated}
