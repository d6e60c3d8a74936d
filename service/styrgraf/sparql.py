"""The public SPARQL 1.1 Protocol endpoint at ``/sparql``: read-only, over the public graphs.

- Queries by GET, POST form and POST direct; ``default-graph-uri`` and ``named-graph-uri``.
- Results by content negotiation: SPARQL JSON, XML, CSV and TSV for SELECT; JSON and XML for
  ASK; Turtle, N-Triples, RDF/XML and JSON-LD for CONSTRUCT and DESCRIBE. 406 otherwise.
- A bare GET answers with the service description (RDF), or a query page when a browser asks.
- Updates are refused (403), and so are federated ``SERVICE`` calls: the server never fetches a
  URL it is handed. The dataset is always given to the store explicitly, so ``FROM <url>``
  names no graph beyond the public ones either.
- Private graphs (``sg:PrivateGraph``) are never in the dataset, whatever a request names.
- Queries run under a deadline (``query_timeout``) and answers are cut at ``max_results`` rows
  or triples, with the header ``Styrgraf-Results-Truncated`` saying so.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, request

from styrgraf.app import error, service
from styrgraf.evaluation import GRAPH_FORMATS, Job
from styrgraf.queries import QueryError, _strip_literals, load_queries, query_form
from styrgraf.store import STAGING, StoreError

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


@blueprint.route("/sparql", methods=["GET", "POST", "HEAD"])
def endpoint() -> Response:
    parsed = _query_and_dataset()
    if isinstance(parsed, Response):
        return parsed
    query, update, defaults, named = parsed
    if update is not None:
        if query is not None:
            return error(400, "give a query or an update, not both", parameter="update")
        return error(
            403, "this endpoint is read-only: updates are not accepted", parameter="update"
        )
    if query is None:
        return _description()
    if not query.strip():
        return error(400, "the query is empty", parameter="query")
    stripped = _strip_literals(query)
    if re.search(r"\bSERVICE\b", stripped, re.IGNORECASE):
        return error(
            400,
            "federated queries (SERVICE) are not answered here: this server fetches nothing",
            parameter="query",
        )
    form = query_form(query)
    if form is None:
        return error(
            400, "not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)", parameter="query"
        )
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
    public = set(current.public_graphs())
    hidden = current.private_graphs()

    def allowed(graphs: list[str]) -> list[str]:
        return [g for g in graphs if g not in hidden and not g.startswith(STAGING)]

    if defaults or named:
        default_graphs, named_graphs = allowed(defaults), allowed(named)
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
    try:
        answer = current.evaluator.run(job)
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


def _page() -> Response:
    lang = request.args.get("lang", service().settings["lang"])
    sv = lang != "en"
    examples = "".join(
        f'<li><button type="button" data-query="{html.escape(q.text, quote=True)}">'
        f"{html.escape(q.name)}</button> {html.escape(q.summary)}</li>"
        for q in load_queries().values()
        if not q.parameters or all(not p.required for p in q.parameters)
    )
    title = "SPARQL-frågor" if sv else "SPARQL queries"
    run = "Kör" if sv else "Run"
    label = "Fråga" if sv else "Query"
    named = "Namngivna frågor" if sv else "Named queries"
    page = f"""<!doctype html>
<html lang="{"sv" if sv else "en"}"><head><meta charset="utf-8">
<title>{title} – styrgraf</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>{title}</h1>
<form method="get" action="/sparql">
<label for="query">{label}</label><br>
<textarea id="query" name="query" rows="14" cols="90">{STARTER}</textarea><br>
<button type="submit">{run}</button></form>
<h2>{named}</h2><ul>{examples}</ul>
<script>
for (const button of document.querySelectorAll("button[data-query]")) {{
  button.addEventListener("click", () => {{
    document.getElementById("query").value = button.dataset.query;
  }});
}}
</script></main></body></html>"""
    response = Response(page, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response
