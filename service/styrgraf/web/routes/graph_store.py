"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store`` (indirect graph identification).

- ``GET``/``HEAD /store?graph=IRI``: the graph, as Turtle (the default), N-Triples, RDF/XML or
  JSON-LD by content negotiation (406 otherwise); 404 when there is no such graph. A private
  graph (one the service keeps private: see :mod:`styrgraf.model.privacy`) and the service's
  configuration graph are answered only to a request with the write token; to any other they are
  a 404 like a graph that does not exist, so their existence is not revealed.
- ``PUT`` replaces the graph (201 when it is new, 204 when it replaced one); ``POST`` adds to it
  (201 when it is new, 204 otherwise); ``DELETE`` removes it (204; 404 when there is none).
  ``POST /store`` with neither ``graph`` nor ``default`` creates a new graph
  ``<BASE_IRI>graph/<uuid>`` and answers 201 with its IRI in ``Location``.
- Writes need ``Authorization: Bearer <write_token>``: 401 without one, 403 with a wrong one,
  403 for every write when the service has no write token. The vocabulary (the ontology and the
  shapes graphs), the service's configuration graph and the store's own ``urn:styrgraf:``
  graphs cannot be written here (403).
- A body is Turtle, N-Triples, RDF/XML or JSON-LD, or ``multipart/form-data`` whose parts are;
  its relative IRIs are resolved against the graph's IRI. A graph holds triples, so a body that
  names graphs (TriG, N-Quads, JSON-LD with named graphs) is refused. Anything else is a 415, a
  body that does not parse a 400 naming the line, a body over ``max_body`` a 413. RDF/XML with
  a DTD or entity declarations is refused and a JSON-LD remote ``@context`` is never fetched.
- A body nested deeper, or with a literal or line longer, than the bounds of
  :mod:`styrgraf.model.bounds` is a 400 naming the line and the limit, before any parser sees it.
  The rest is parsed in a child process (:mod:`styrgraf.execution.parsing`) with ``parse_memory``
  MiB and ``parse_timeout`` seconds: a parser that runs out of either, or crashes, is a 422 saying
  so, and the service goes on.
- Before anything is stored, the store as it would be after the write (the graph's new content
  and every other graph but the vocabulary as it is) is checked. First personal data: a write
  after which a graph the service does not keep private would mention an employee, the holder of
  a post or a development plan, or that takes a kept private graph's ``sg:PrivateGraph``
  declaration out of the graph, is refused with 422 and its findings (graph and node), whatever
  the store held before. Then the shapes, whose violations after the write are compared with
  the store's before it (:mod:`styrgraf.store.replacement`): a write that adds one is refused
  with 422, the violations it adds (``added``) apart from those the store already had
  (``existing``) and those it would take away (``resolved``), and the validation report; a
  write that adds none goes ahead even on a store that still breaks a rule. Either way a
  refused write leaves the store exactly as it was. A write that succeeds replaces the graph in one
  transaction, never half; one that declares a new private graph records it in the
  configuration graph in the same transaction.

**The default graph.** The store keeps every model in a named graph, and ``/sparql``'s default
graph is the union of the public ones. That union cannot be written as one graph, so here
``?default`` names one ordinary graph, ``urn:styrgraf:default-graph``, for every method alike:
what a ``PUT ?default`` stores, a ``GET ?default`` gives back. It always exists, empty until
written, so ``GET ?default`` never answers 404 and ``DELETE ?default`` empties it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Response, current_app, jsonify, request
from flask.blueprints import Blueprint, BlueprintSetupState
from werkzeug.datastructures import MIMEAccept

from styrgraf.execution.admission import client_gone, holding
from styrgraf.execution.parsing import BodyParser, ParseFailure
from styrgraf.model.bundled import SERVICE_GRAPH, is_vocabulary
from styrgraf.model.load import FORMATS, InputError, OutOfBounds
from styrgraf.model.privacy import record
from styrgraf.render.writers import PREFIXES
from styrgraf.store.base import StoreError, StoreFull
from styrgraf.store.replacement import check_write
from styrgraf.web.errors import check_refusal, error
from styrgraf.web.service import CHALLENGE, service
from styrgraf.web.shapes import GraphWritten

blueprint = Blueprint("graphstore", __name__)

DEFAULT_GRAPH = "urn:styrgraf:default-graph"
"""The named graph that ``?default`` stands for."""
_RESERVED = "urn:styrgraf:"
_PARSER = "styrgraf.web.graph_store.parser"

BODIES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
"""The media types a body may have, and their syntax."""

ANSWERS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
"""The media types a graph is given in, the default first."""


@dataclass
class _Refused(Exception):
    """A request that is answered with an error: its status, message and details."""

    status: int
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@blueprint.record_once
def _set_up(state: BlueprintSetupState) -> None:
    # Bodies are parsed in child processes, started at the first write.
    values = state.app.extensions["styrgraf"].settings
    state.app.extensions[_PARSER] = BodyParser(
        float(values["parse_timeout"]), int(values["parse_memory"]) * 1024 * 1024
    )


@blueprint.route("/store", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    """Read, replace, add to or remove one graph of the store."""
    try:
        if request.method in ("GET", "HEAD"):
            return _read(_named(_target()))
        _authorise()
        target = _target()
        if target is None and request.method == "POST":
            target = _new_graph()
        graph = _named(target)
        _check_writable(graph)
        service().writable()  # 507 at once while the disk is full, before the validation
        # One write validates and stores at a time; the others wait, up to the write class's
        # places, and a client that leaves while its write waits gives up its place.
        writes, gone = service().writes, client_gone()
        with service().admission.write.admit():
            if request.method == "DELETE":
                with holding(writes, gone):
                    return _delete(graph)
            incoming = _body(base=graph)
            with holding(writes, gone):
                return _write(graph, incoming, replace=request.method == "PUT")
    except _Refused as refusal:
        response = error(refusal.status, refusal.message, **refusal.details)
        response.headers.update(refusal.headers)
        return response
    except StoreFull as problem:
        return error(507, str(problem))
    except StoreError as problem:
        return error(502, str(problem))


# --- which graph ------------------------------------------------------------------------------


def _target() -> str | None:
    """The graph the request names (``?graph=IRI`` or ``?default``), None if it names none."""
    graphs = request.args.getlist("graph")
    if "default" in request.args:
        if graphs:
            raise _Refused(400, "name one graph: ?graph=IRI or ?default, not both")
        return DEFAULT_GRAPH
    if not graphs:
        return None
    if len(graphs) > 1:
        raise _Refused(400, "name one graph, not several", {"parameter": "graph"})
    try:
        return ox.NamedNode(graphs[0]).value
    except ValueError as problem:
        raise _Refused(
            400, f"the graph must be an absolute IRI: {problem}", {"parameter": "graph"}
        ) from None


def _named(graph: str | None) -> str:
    if graph is None:
        raise _Refused(400, "name a graph: ?graph=IRI or ?default", {"parameter": "graph"})
    return graph


def _new_graph() -> str:
    base: str = service().settings["base_iri"]
    return ox.NamedNode(f"{base.rstrip('/')}/graph/{uuid.uuid4()}").value


def _check_writable(graph: str) -> None:
    if graph == SERVICE_GRAPH:
        raise _Refused(
            403,
            f"<{graph}> is the service's configuration graph (which graphs are private): it is "
            "not writable here",
            {"graph": graph},
        )
    if is_vocabulary(graph):
        raise _Refused(403, "the vocabulary (ontology and shapes) is not writable here")
    if graph.startswith(_RESERVED) and graph != DEFAULT_GRAPH:
        raise _Refused(403, f"graphs named {_RESERVED}… are the store's own")


def _authorise() -> None:
    """Refuse a write without the write token: 401 without a token, 403 with a wrong one."""
    refusal = service().write_refusal()
    if refusal is not None:
        status, message = refusal
        headers = {"WWW-Authenticate": CHALLENGE} if status == 401 else {}
        raise _Refused(status, message, headers=headers)


# --- reading ----------------------------------------------------------------------------------


def _read(graph: str) -> Response:
    svc = service()
    exists = graph in svc.store.named_graphs()
    hidden = graph in svc.private_graphs() and not svc.authorised()
    if hidden or not (exists or graph == DEFAULT_GRAPH):
        raise _Refused(404, f"no graph <{graph}>", {"graph": graph})
    media = _negotiate()
    triples = [quad.triple for quad in svc.store.quads([graph])] if exists else []
    data = ox.serialize(triples, format=ANSWERS[media], prefixes=PREFIXES)
    assert isinstance(data, bytes)
    response = Response(data, content_type=f"{media}; charset=utf-8")
    response.vary.add("Accept")  # Authorization and Cache-Control: see create_app
    return response


def _negotiate() -> str:
    """The media type to answer with; 406 when the client accepts none of them."""
    if not request.headers.get("Accept", "").strip():
        return next(iter(ANSWERS))
    # Parameters (text/turtle; charset=utf-8) would keep a type from matching: they are all
    # UTF-8 anyway, so only the type and the quality count.
    accepted = MIMEAccept(
        [(value.split(";")[0].strip(), quality) for value, quality in request.accept_mimetypes]
    )
    best: str | None = accepted.best_match(list(ANSWERS))
    if best is None:
        raise _Refused(406, "a graph is given as " + ", ".join(ANSWERS), {"offered": list(ANSWERS)})
    return best


# --- writing ----------------------------------------------------------------------------------


def _write(graph: str, incoming: list[ox.Triple], replace: bool) -> Response:
    """PUT (``replace``) or POST: validate the store as it would be, then replace the graph."""
    svc = service()
    exists = graph in svc.store.named_graphs()
    if replace or not exists:
        content = set(incoming)
    else:
        content = {quad.triple for quad in svc.store.quads([graph])} | set(incoming)
    declaring = _validate(graph, content)
    private = svc.private_graphs() - {SERVICE_GRAPH}
    replaced = {graph: list(content)}
    if not declaring <= private:
        # A new private graph is recorded in the same transaction as the write declaring it.
        replaced[SERVICE_GRAPH] = record(private | declaring)
    with svc.changing():
        counts = svc.store.replace_graphs(replaced)
        svc.keep_private(declaring)
    if exists:
        return Response(status=204)
    written: GraphWritten = {"graph": graph, "triples": counts.get(graph, len(content))}
    response = jsonify(written)
    response.status_code = 201
    response.headers["Location"] = graph
    return response


def _delete(graph: str) -> Response:
    svc = service()
    if graph not in svc.store.named_graphs():
        if graph == DEFAULT_GRAPH:
            return Response(status=204)
        raise _Refused(404, f"no graph <{graph}>", {"graph": graph})
    _validate(graph, ())
    with svc.changing():
        svc.store.drop(graph)
    return Response(status=204)


def _validate(graph: str, content: Iterable[ox.Triple]) -> frozenset[str]:
    """Refuse (422) a write that the check of every write refuses
    (:func:`~styrgraf.store.replacement.check_write`, with the service's own list of private
    graphs, compared with the service's report on the store as it is): personal data outside
    a private graph, or a violation of the rules that the store did not have before. Returns
    the graphs the new content declares private."""
    svc = service()
    name = ox.NamedNode(graph)
    incoming = [ox.Quad(t.subject, t.predicate, t.object, name) for t in content]
    private = svc.private_graphs() - {SERVICE_GRAPH}
    lang = svc.settings["lang"]
    checked = check_write(
        svc.store,
        incoming,
        [graph],
        private=private,
        lang=lang,
        before=lambda: svc.shapes_report(lang),
    )
    refusal = check_refusal(checked, "the write")
    if refusal is not None:
        message, details = refusal
        raise _Refused(422, message, {"graph": graph, **details})
    return checked.declaring


# --- the body ---------------------------------------------------------------------------------


def _body(base: str) -> list[ox.Triple]:
    """The triples of the request body (every part of a multipart body), parsed completely."""
    media = request.mimetype
    if not media:
        raise _Refused(400, "say what the body is: Content-Type " + ", ".join(BODIES))
    if media == "multipart/form-data":
        triples: list[ox.Triple] = []
        parts = _parts()
        if not parts:
            raise _Refused(400, "the multipart body holds no parts")
        for name, part_media, data in parts:
            triples += _parse(data, part_media, base, part=name)
        return triples
    return _parse(request.get_data(), media, base, part=None)


def _parts() -> list[tuple[str, str, bytes]]:
    """Each part of a multipart body: its name, media type and content."""
    parts = []
    for name, upload in request.files.items(multi=True):
        media = upload.mimetype
        if media in ("", "application/octet-stream"):
            media = _media_for(upload.filename or name)
        parts.append((name, media, upload.read()))
    # A part without a file name arrives as a form field, its Content-Type lost: its name's
    # extension says what it is, if anything does.
    for name, value in request.form.items(multi=True):
        parts.append((name, _media_for(name), value.encode("utf-8")))
    return parts


def _media_for(name: str) -> str:
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    rdf_format = FORMATS.get(extension)
    return rdf_format.media_type if rdf_format is not None else ""


def _parse(data: bytes, media: str, base: str, part: str | None) -> list[ox.Triple]:
    where = {"part": part} if part is not None else {}
    rdf_format = BODIES.get(media)
    if rdf_format is None:
        accepted = ", ".join(BODIES)
        if media in ("application/trig", "application/n-quads"):
            message = f"{media} holds graphs: write one graph's triples ({accepted})"
        else:
            message = (
                f"a graph is written as {accepted} or multipart/form-data, "
                f"not {media or 'an unnamed type'}"
            )
        raise _Refused(415, message, {**where, "accepted": [*BODIES, "multipart/form-data"]})
    source = f"part {part!r}" if part is not None else "the request body"
    parser: BodyParser = current_app.extensions[_PARSER]
    try:
        quads = parser.parse(data, rdf_format, base, source)
    except OutOfBounds as problem:
        raise _Refused(
            400,
            f"{source} is {problem.message}",
            {**where, "line": problem.line, "column": problem.column, "limit": problem.limit},
        ) from None
    except ParseFailure as failure:
        raise _Refused(failure.status, f"{failure.message}; nothing was stored", where) from None
    except InputError as problem:
        raise _Refused(
            400,
            f"{source} does not parse: {problem.message}",
            {**where, "line": problem.line, "column": problem.column},
        ) from None
    if any(not isinstance(quad.graph_name, ox.DefaultGraph) for quad in quads):
        raise _Refused(400, f"{source} names graphs: write one graph's triples", where)
    return [quad.triple for quad in quads]
