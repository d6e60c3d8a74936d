"""Linked-data harvesting of a real `styrgraf serve`, as a crawler does it over the wire.

Read the dataset description, follow its dumps, then dereference every subject of the public
graphs in every format and parse each answer back: each description holds every triple the
store has about its subject. The private graph's data shows in no answer, and its resources
get the same 404 as a resource that does not exist.

The service serves the lean model (conftest): the bundled model with one year of its results
and assessments, so every kind of resource the bundled model has, each asked for.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import shutil
import subprocess
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import html5rdf
import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.compare import isomorphic

from tests_support import PRIVATE, Answer, Wire, serving

# rdflib's JSON-LD parser warns about its own use of ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

BASE = "https://w3id.org/styrgraf/"
MODEL = BASE + "ljungby/"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
SUFFIXES = {
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
    "text/html": "html",
}


@pytest.fixture(scope="module")
def wire(tmp_path_factory: pytest.TempPathFactory, lean_model: Path) -> Iterator[Wire]:
    # Room for every public triple in one answer: the model, its vocabulary and its rules.
    env = {"STYRGRAF_WORKERS": "4", "STYRGRAF_MAX_RESULTS": "50000"}
    folder = tmp_path_factory.mktemp("harvest")
    with serving(folder, "--data", str(lean_model), env=env) as base:
        client = Wire(base)
        try:
            yield client
        finally:
            client.close()


@dataclass(frozen=True)
class Private:
    """What only the private graph holds: IRIs and strings that no public answer may show."""

    iris: frozenset[str]
    strings: frozenset[str]


@pytest.fixture(scope="module")
def private(lean_model: Path) -> Private:
    quads = list(ox.parse(path=lean_model, format=ox.RdfFormat.N_QUADS))
    secret = [q for q in quads if q.graph_name == ox.NamedNode(PRIVATE)]
    assert len(secret) > 10
    public_terms: set[Any] = set()
    for quad in quads:
        if quad.graph_name != ox.NamedNode(PRIVATE):
            public_terms |= {quad.subject, quad.predicate, quad.object}
    terms = {t for q in secret for t in (q.subject, q.predicate, q.object)} - public_terms
    # The resources of the model (not the terms of the vocabulary it uses).
    iris = {t.value for t in terms if isinstance(t, ox.NamedNode) and t.value.startswith(MODEL)}
    strings = {t.value for t in terms if isinstance(t, ox.Literal) and len(t.value) > 6}
    assert iris and strings
    return Private(frozenset(iris), frozenset(strings))


def reveals(body: str, private: Private) -> list[str]:
    """The private IRIs (whole, or as a path under the base) and strings in a body."""
    found = [s for s in private.strings if s in body]
    for iri in private.iris:
        forms = [iri]
        if iri.startswith(BASE):
            forms.append("/" + iri[len(BASE) :])
        for form in forms:
            if re.search(re.escape(form) + r"(?![\w\-./%])", body):
                found.append(form)
    return found


def path_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def where(iri: str) -> str:
    """Where the service serves an IRI: its path under the base, else ``/resource?iri=``."""
    if iri.startswith(BASE) and "#" not in iri and "?" not in iri:
        return "/" + urllib.parse.quote(iri[len(BASE) :], safe="/:@!$&'()*+,;=-._~")
    return "/resource?" + urllib.parse.urlencode({"iri": iri})


def no_remote_context(document: Any) -> None:
    """JSON-LD that needs no fetching: no ``@context`` is a URL."""
    if isinstance(document, dict):
        context = document.get("@context")
        assert not isinstance(context, str), f"remote @context {context!r}"
        if isinstance(context, list):
            assert not any(isinstance(c, str) for c in context), context
        for value in document.values():
            no_remote_context(value)
    elif isinstance(document, list):
        for value in document:
            no_remote_context(value)


def parse(answer: Answer, media: str, base: str) -> Graph:
    assert answer.status == 200, (answer.status, answer.body[:300])
    assert answer.media == media
    if media == "application/ld+json":
        no_remote_context(json.loads(answer.body))
    return Graph().parse(data=answer.body, format=RDF_FORMATS[media], publicID=base)


def check_html(answer: Answer) -> None:
    assert answer.status == 200, (answer.status, answer.body[:300])
    assert answer.media == "text/html"
    assert "charset=utf-8" in (answer.headers.get("Content-Type") or "").lower()
    text = answer.body.decode("utf-8")  # strictly UTF-8
    root = html5rdf.HTMLParser(strict=True).parse(text)
    assert root.attrib.get("lang") in ("sv", "en"), root.attrib


def same(one: Graph, other: Graph) -> bool:
    """Whether two graphs are the same, blank nodes aside (compared the quick way without)."""
    if not any(isinstance(t, BNode) for triple in (*one, *other) for t in triple):
        return set(one) == set(other)
    return isomorphic(one, other)


def construct(wire: Wire, where_clause: str) -> Graph:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where_clause} }}"
    answer = wire.sparql(query, accept="application/n-triples")
    assert answer.status == 200, answer.body[:300]
    assert "Styrgraf-Results-Truncated" not in answer.headers
    return Graph().parse(data=answer.body, format="nt")


@pytest.fixture(scope="module")
def public(wire: Wire) -> Graph:
    """Every triple of the public graphs, as the endpoint gives them."""
    graph = construct(wire, "?s ?p ?o")
    assert len(graph) > 2000
    return graph


# --- the dataset description and its dumps -------------------------------------------------------


def test_the_dataset_description_and_every_dump(wire: Wire, private: Private) -> None:
    answer = wire.get("/dataset", "text/turtle")
    assert "Accept" in (answer.headers.get("Vary") or "")
    description = parse(answer, "text/turtle", wire_url(wire, "/dataset"))
    void = parse(wire.get("/.well-known/void", "text/turtle"), "text/turtle", "")
    assert isomorphic(description, void)
    for media in RDF_FORMATS:
        again = parse(wire.get("/dataset", media), media, wire_url(wire, "/dataset"))
        assert isomorphic(again, description), media
    assert not reveals(answer.body.decode("utf-8"), private)

    datasets = set(description.subjects(RDF.type, DCAT.Dataset))
    assert {str(d) for d in datasets} == {"https://w3id.org/styrgraf/ljungby/graph/2019-2022"}
    for dataset in datasets:
        expected = construct(wire, f"GRAPH <{dataset}> {{ ?s ?p ?o }}")
        assert int(description.value(dataset, VOID.triples)) == len(expected)
        dumps = {
            str(description.value(d, DCAT.mediaType)).rsplit("/media-types/", 1)[-1]: str(
                description.value(d, DCAT.downloadURL)
            )
            for d in description.objects(dataset, DCAT.distribution)
            if description.value(d, DCAT.downloadURL) is not None
        }
        assert set(dumps) == set(RDF_FORMATS)
        assert str(description.value(dataset, VOID.dataDump)) == dumps["text/turtle"]
        for media, url in dumps.items():
            dump = wire.get(path_of(url), media)
            assert not reveals(dump.body.decode("utf-8"), private), url
            assert isomorphic(parse(dump, media, url), expected), url
            # The dump's URL names its format: no Accept header needed.
            plain = wire.get(path_of(url))
            assert plain.media == media and plain.body == dump.body, url


def wire_url(wire: Wire, path: str) -> str:
    return f"http://{wire.host}:{wire.port}{path}"


# --- every resource, in every format ---------------------------------------------------------


def subjects(wire: Wire) -> list[str]:
    answer = wire.sparql("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER isIRI(?s) } ORDER BY ?s")
    assert answer.status == 200
    return [row["s"]["value"] for row in answer.json()["results"]["bindings"]]


def test_every_resource_dereferences_in_every_format(
    wire: Wire, public: Graph, private: Private
) -> None:
    found = subjects(wire)
    assert len(found) > 300
    # The results and assessments of the year the lean model keeps are among them.
    follow_up = [iri for iri in found if iri.rsplit("/", 1)[-1].startswith(("varde-", "bed-"))]
    assert len(follow_up) > 100

    def harvest(numbered: tuple[int, str]) -> list[str]:
        index, iri = numbered
        problems: list[str] = []
        expected = public.cbd(URIRef(iri))
        path = where(iri)
        forms = {media: [(path, media)] for media in SUFFIXES}
        if index % 10 == 0:  # a sample in the suffix and ?format= forms as well
            joiner = "&" if "?" in path else "?"
            for media, suffix in SUFFIXES.items():
                forms[media].append((f"{path}{joiner}format={suffix}", None))
                if "?" not in path:
                    forms[media].append((f"{path}.{suffix}", None))
        for media, requests in forms.items():
            for url, accept in requests:
                answer = wire.get(url, accept)
                if "Accept" not in (answer.headers.get("Vary") or ""):
                    problems.append(f"{url} ({media}): no Vary: Accept")
                leaked = reveals(answer.body.decode("utf-8", "replace"), private)
                if leaked:
                    problems.append(f"{url} ({media}) shows private {leaked}")
                try:
                    if media == "text/html":
                        check_html(answer)
                        continue
                    got = parse(answer, media, iri)
                except Exception as problem:
                    problems.append(f"{url} ({media}): {problem!r}")
                    continue
                if not same(got.cbd(URIRef(iri)), expected):
                    problems.append(f"{url} ({media}): not every triple about <{iri}>")
        return problems

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        problems = [p for found_ in pool.map(harvest, enumerate(found)) for p in found_]
    assert not problems, "\n".join(problems[:20])


# --- an independent parser ---------------------------------------------------------------------

RAPPER = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
}


def rapper(body: bytes, syntax: str, base: str) -> Graph:
    """What Raptor's ``rapper`` reads from a document, as a graph; it must not complain."""
    found = shutil.which("rapper")
    if found is None:
        pytest.fail(
            "rapper (Debian raptor2-utils) is not installed: run `bash tools/test-peers.sh`"
        )
    done = subprocess.run(
        [found, "-q", "-i", syntax, "-o", "ntriples", "-", base],
        input=body,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0 and not done.stderr, done.stderr.decode("utf-8", "replace")
    return Graph().parse(data=done.stdout, format="nt")


def test_rapper_reads_every_dump_and_a_sample_of_resources_as_rdflib_does(wire: Wire) -> None:
    description = parse(wire.get("/dataset", "text/turtle"), "text/turtle", "")
    documents = []
    for distribution in description.objects(None, DCAT.distribution):
        url = description.value(distribution, DCAT.downloadURL)
        media = str(description.value(distribution, DCAT.mediaType)).split("/media-types/")[-1]
        if url is not None and media in RAPPER:
            documents.append((path_of(str(url)), media))
    assert len(documents) == len(RAPPER)
    documents += [(where(iri), media) for iri in subjects(wire)[::25] for media in RAPPER]
    for path, media in documents:
        answer = wire.get(path, media)
        base = wire_url(wire, path)
        expected = parse(answer, media, base)
        assert same(rapper(answer.body, RAPPER[media], base), expected), (path, media)


# --- what is not public ------------------------------------------------------------------------


def test_a_private_resource_is_a_404_like_one_that_does_not_exist(
    wire: Wire, private: Private
) -> None:
    secret = sorted(i for i in private.iris if i.startswith(BASE + "ljungby/id/"))
    assert secret
    unknown = BASE + "ljungby/id/ingen-sadan-resurs"

    def shape(iri: str, answer: Answer) -> tuple[int, dict[str, str], Any]:
        headers = {
            k.lower(): v
            for k, v in answer.headers.items()
            if k.lower() not in ("date", "content-length")
        }
        text = answer.body.decode("utf-8")
        if headers.get("content-type", "").startswith("text/html"):
            # A person gets a page: the same page, but for the name in its links.
            name = iri.rsplit("/", 1)[-1]
            return answer.status, headers, text.replace(iri, "IRI").replace(name, "NAME")
        return answer.status, headers, json.loads(text.replace(iri, "IRI"))

    for iri in secret[:5]:
        for media in (None, *SUFFIXES):
            for url in (where, lambda i: "/resource?" + urllib.parse.urlencode({"iri": i})):
                hidden = shape(iri, wire.get(url(iri), media))
                missing = shape(unknown, wire.get(url(unknown), media))
                assert hidden[0] == 404
                assert hidden == missing, (iri, media)
    # The API and the Graph Store answer the same for them as for what does not exist.
    for iri in secret[:5]:
        for route in (
            "/api/trace?iri={}",
            "/api/trace?direction=down&iri={}",
            "/api/trace?direction=impact&iri={}",
            "/api/queries/labels?node={}",
            "/api/queries/incoming-links?node={}",
            "/store?graph={}",
        ):
            hidden = shape(iri, wire.get(route.format(urllib.parse.quote(iri, safe=""))))
            missing = shape(unknown, wire.get(route.format(urllib.parse.quote(unknown, safe=""))))
            assert hidden == missing, (iri, route)
    private_graph = shape(PRIVATE, wire.get("/store?" + urllib.parse.urlencode({"graph": PRIVATE})))
    no_graph = shape(unknown, wire.get("/store?" + urllib.parse.urlencode({"graph": unknown})))
    assert private_graph[0] == 404 and private_graph == no_graph
    # Nor does the endpoint name them: the private graph is in no dataset it answers over.
    values = " ".join(f"<{i}>" for i in sorted(private.iris))
    answer = wire.sparql(
        f"SELECT ?s ?p ?o WHERE {{ VALUES ?x {{ {values} }} "
        "{ ?x ?p ?o BIND(?x AS ?s) } UNION { ?s ?p ?x BIND(?x AS ?o) } "
        "UNION { GRAPH ?g { ?x ?p ?o BIND(?x AS ?s) } } }"
    )
    assert answer.status == 200 and answer.json()["results"]["bindings"] == []
