"""SPARQL clients that nobody here wrote, against a real `styrgraf serve` over the wire.

- ``roqet`` (Rasqal, Debian ``rasqal-utils``): SELECT through the SPARQL protocol (``-p``), its
  answers written back as SPARQL XML, CSV, TSV and Turtle result sets; ASK and CONSTRUCT
  evaluated by roqet itself over the model's dump, fetched from the service. (Rasqal 0.9.33's
  protocol client reads every answer as SPARQL XML bindings: it asks for
  ``application/sparql-results+xml`` whatever the query, cannot read an XML boolean and cannot
  read a graph, so its ASK and CONSTRUCT go through the dump instead.)
- Comunica (npm ``@comunica/query-sparql``, the ``comunica-sparql`` command) with the endpoint
  as a ``sparql@URL`` source: SELECT as SPARQL JSON, CSV and TSV, ASK, and CONSTRUCT.
- ``curl`` with plain protocol requests.

Every answer is compared with what our own store says to the same query over the public graphs.
The programs are installed by ``bash tools/test-peers.sh``; a test fails naming the one missing.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.compare import isomorphic
from rdflib.query import Result as RdflibResult
from rdflib.util import from_n3

from styrgraf.web.app import create_app
from styrgraf.web.service import Service
from tests_support import serving

ROOT = Path(__file__).parent.parent
MODEL = "https://w3id.org/styrgraf/ljungby/graph/2019-2022"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

PREFIXES = """PREFIX sg: <https://w3id.org/styrgraf#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
"""
# Language-tagged labels (Swedish letters), IRIs, integers and decimals, unbound values.
INDICATORS = (
    PREFIXES
    + """SELECT ?indicator ?label ?target ?kpi WHERE {
  ?indicator a sg:Indicator ; rdfs:label ?label .
  OPTIONAL { ?indicator sg:targetValue ?target }
  OPTIONAL { ?indicator sg:koladaKpi ?kpi }
} ORDER BY ?indicator ?label"""
)
# An aggregate (SPARQL 1.1).
GOALS_PER_BOARD = (
    PREFIXES
    + """SELECT ?board (COUNT(?goal) AS ?goals) WHERE {
  ?goal a sg:BoardGoal ; sg:decidedBy ?board .
} GROUP BY ?board ORDER BY ?board"""
)
ASK_YES = PREFIXES + "ASK { ?vision a sg:Vision ; rdfs:label ?label FILTER(lang(?label) = 'sv') }"
ASK_NO = PREFIXES + "ASK { ?employee a sg:Employee }"  # employees are in the private graph
BOARDS = (
    PREFIXES
    + """CONSTRUCT { ?board rdfs:label ?label ; org:subOrganizationOf ?parent }
WHERE { ?board a sg:Board ; rdfs:label ?label ; org:subOrganizationOf ?parent }"""
)
VISION = (
    PREFIXES + "CONSTRUCT { ?vision ?p ?o } WHERE { ?vision a sg:Vision ; ?p ?o }"
)  # language-tagged literals, IRIs, typed values


# --- the programs ------------------------------------------------------------------------------


def roqet() -> str:
    found = shutil.which("roqet")
    if found is None:
        pytest.fail("roqet (Debian rasqal-utils) is not installed: run `bash tools/test-peers.sh`")
    return found


def comunica() -> str:
    found = ROOT / ".peers" / "node_modules" / ".bin" / "comunica-sparql"
    if not found.exists() or shutil.which("node") is None:
        pytest.fail(
            "comunica-sparql (npm @comunica/query-sparql) or node is not installed: "
            "run `bash tools/test-peers.sh`"
        )
    return str(found)


def curl() -> str:
    found = shutil.which("curl")
    if found is None:
        pytest.fail("curl is not installed: run `bash tools/test-peers.sh`")
    return found


def run(command: list[str], statuses: tuple[int, ...] = (0,)) -> str:
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode in statuses, f"{command[0]} exited {done.returncode}: {stderr}"
    assert "Error" not in stderr, stderr
    return done.stdout.decode("utf-8")


# --- the service and what our own store says ------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("clients"), env={"STYRGRAF_WORKERS": "4"}) as base:
        yield base


@pytest.fixture(scope="module")
def ours() -> Service:
    """The service's store, set up as `styrgraf serve` sets it up, in this process."""
    found: Service = create_app({"TESTING": True}).extensions["styrgraf"]
    return found


def _ox_key(term: Any) -> tuple[str, ...]:
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if term.language:
        return ("literal", term.value, term.language.lower(), "")
    return ("literal", term.value, "", term.datatype.value)


def _rdflib_key(term: Any) -> tuple[str, ...] | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("uri", str(term))
    if isinstance(term, BNode):
        return ("bnode",)
    assert isinstance(term, Literal)
    if term.language:
        return ("literal", str(term), term.language.lower(), "")
    datatype = str(term.datatype) if term.datatype else XSD_STRING
    return ("literal", str(term), "", datatype)


Rows = list[tuple[tuple[str, ...] | None, ...]]


def truth_rows(service: Service, query: str) -> tuple[list[str], Rows]:
    public = service.public_graphs()
    result = service.store.execute(query, public, public)
    variables = list(result.variables)
    rows = [tuple(_ox_key(row[v]) if v in row else None for v in variables) for row in result.rows]
    assert rows, "the comparison needs a query with answers"
    return variables, sorted(rows, key=repr)


def truth_boolean(service: Service, query: str) -> bool:
    public = service.public_graphs()
    return bool(service.store.execute(query, public, public).boolean)


def truth_graph(service: Service, query: str, graphs: list[str] | None = None) -> Graph:
    scope = graphs if graphs is not None else service.public_graphs()
    triples = list(service.store.execute(query, scope, scope).triples)
    assert triples, "the comparison needs a query with answers"
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(data, bytes)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def result_rows(result: RdflibResult, variables: list[str]) -> Rows:
    assert [str(v) for v in result.vars or []] == variables
    return sorted(
        (tuple(_rdflib_key(row.get(Variable(v))) for v in variables) for row in result.bindings),
        key=repr,
    )


def values_only(rows: Rows) -> list[tuple[str, ...]]:
    """What CSV keeps of each value: its lexical form (empty when unbound)."""
    return sorted((tuple(key[1] if key else "" for key in row) for row in rows), key=repr)


def csv_rows(text: str, variables: list[str]) -> list[tuple[str, ...]]:
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == variables
    return sorted((tuple(row) for row in table[1:]), key=repr)


NUMBERS = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "double")}


def numbers_by_value(rows: Rows) -> Rows:
    def key(term: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if term is not None and term[0] == "literal" and term[3] in NUMBERS:
            return ("number", str(Decimal(term[1]).normalize()))
        return term

    return sorted((tuple(key(t) for t in row) for row in rows), key=repr)


def tsv_rows(text: str, variables: list[str]) -> Rows:
    """The rows of SPARQL TSV results: each value a term in Turtle syntax, empty if unbound.

    (rdflib's reader refuses an unbound value in the last column.) Comunica leaves the "?"
    off the variables in the header, so the header is compared without it.
    """
    lines = text.rstrip("\n").split("\n")
    assert [v.removeprefix("?") for v in lines[0].split("\t")] == variables
    rows = []
    for line in lines[1:]:
        values = line.split("\t")
        assert len(values) == len(variables), line
        rows.append(tuple(_rdflib_key(from_n3(v)) if v else None for v in values))
    return sorted(rows, key=repr)


# --- roqet ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [INDICATORS, GOALS_PER_BOARD], ids=["indicators", "aggregate"])
def test_roqet_selects_through_the_protocol_in_every_results_format(
    server: str, ours: Service, query: str
) -> None:
    variables, expected = truth_rows(ours, query)
    base = [roqet(), "-q", "-i", "sparql11-query", "-p", f"{server}/sparql", "-e", query]

    # Rasqal writes an unbound variable as <unbound/>, an early draft of the format that
    # rdflib does not read: those bindings are left out, as the Recommendation has it.
    xml = re.sub(r'<binding name="[^"]*"><unbound/></binding>', "", run([*base, "-r", "xml"]))
    assert result_rows(RdflibResult.parse(io.StringIO(xml), format="xml"), variables) == expected

    # Rasqal writes every number bare, as Turtle does, so a decimal 90 reads back as the
    # integer 90: numbers are compared by their value.
    tsv = tsv_rows(run([*base, "-r", "tsv"]), variables)
    assert numbers_by_value(tsv) == numbers_by_value(expected)

    assert csv_rows(run([*base, "-r", "csv"]), variables) == values_only(expected)

    # Rasqal's own RDF encoding of a result set (the DAWG result-set vocabulary).
    turtle = Graph().parse(data=run([*base, "-r", "turtle"]), format="turtle")
    rs = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
    found = []
    for solution in turtle.objects(None, URIRef(rs + "solution")):
        bound: dict[str, Any] = {}
        for binding in turtle.objects(solution, URIRef(rs + "binding")):
            name = str(turtle.value(binding, URIRef(rs + "variable")))
            bound[name] = turtle.value(binding, URIRef(rs + "value"))
        found.append(tuple(_rdflib_key(bound.get(v)) for v in variables))
    assert sorted(found, key=repr) == expected


def test_roqet_asks_and_constructs_over_the_dump(server: str, ours: Service) -> None:
    """roqet fetches the model's dump from the service (its own content negotiation) and
    answers ASK and CONSTRUCT itself: the same answers as our store gives over that graph."""
    for source in (f"{server}/ljungby/graph/2019-2022", f"{server}/ljungby/graph/2019-2022.nt"):
        command = [roqet(), "-q", "-i", "sparql11-query", "-D", source, "-e"]
        for query in (ASK_YES, ASK_NO, PREFIXES + "ASK { ?goal a sg:BoardGoal }"):
            expected = bool(ours.store.execute(query, [MODEL], [MODEL]).boolean)
            # roqet exits 2 after a warning (a variable bound but not used, say).
            printed = run([*command, query, "-r", "xml"], statuses=(0, 2))
            answer = RdflibResult.parse(io.StringIO(printed), format="xml").askAnswer
            assert answer is expected, (source, query)
        for query in (BOARDS, VISION):
            printed = run([*command, query])  # N-Triples
            got = Graph().parse(data=printed, format="nt")
            assert isomorphic(got, truth_graph(ours, query, [MODEL])), (source, query)


# --- Comunica ----------------------------------------------------------------------------------


def _comunica(server: str, query: str, media: str | None = None) -> str:
    command = [comunica(), f"sparql@{server}/sparql", query]
    return run([*command, "-t", media] if media else command)


def test_comunica_selects_in_json_csv_and_tsv(server: str, ours: Service) -> None:
    variables, expected = truth_rows(ours, GOALS_PER_BOARD)  # an aggregate, as JSON
    printed = _comunica(server, GOALS_PER_BOARD, "application/sparql-results+json")
    parsed = RdflibResult.parse(io.StringIO(printed), format="json")
    assert result_rows(parsed, variables) == expected

    query = INDICATORS
    variables, expected = truth_rows(ours, query)
    printed = _comunica(server, query, "application/sparql-results+json")
    parsed = RdflibResult.parse(io.StringIO(printed), format="json")
    assert result_rows(parsed, variables) == expected
    printed = _comunica(server, query, "text/tab-separated-values")
    assert tsv_rows(printed, variables) == expected
    # Comunica writes an IRI in CSV as <IRI>, where the Recommendation has the bare IRI.
    printed = re.sub(r"<([^<>\s]*)>", r"\1", _comunica(server, query, "text/csv"))
    assert csv_rows(printed, variables) == values_only(expected)


def test_comunica_asks(server: str, ours: Service) -> None:
    for query in (ASK_YES, ASK_NO):
        expected = truth_boolean(ours, query)
        assert _comunica(server, query).strip() == str(expected).lower()
        printed = _comunica(server, query, "application/sparql-results+json")
        assert RdflibResult.parse(io.StringIO(printed), format="json").askAnswer is expected


@pytest.mark.parametrize("media", ["application/n-triples", "text/turtle"])
def test_comunica_constructs(server: str, ours: Service, media: str) -> None:
    for query in (BOARDS, VISION):
        printed = _comunica(server, query, media)
        got = Graph().parse(data=printed, format="nt" if media.endswith("triples") else "turtle")
        assert isomorphic(got, truth_graph(ours, query)), query


# --- curl --------------------------------------------------------------------------------------


def test_curl_speaks_the_protocol(server: str, ours: Service) -> None:
    """GET, POST form and POST direct, as curl sends them, give the one answer."""
    variables, expected = truth_rows(ours, INDICATORS)
    accept = ["-H", "Accept: application/sparql-results+json"]
    answers = [
        run([curl(), "-sSf", *accept, "-G", "--data-urlencode", f"query={INDICATORS}",
             f"{server}/sparql"]),
        run([curl(), "-sSf", *accept, "--data-urlencode", f"query={INDICATORS}",
             f"{server}/sparql"]),
        run([curl(), "-sSf", *accept, "-H", "Content-Type: application/sparql-query",
             "--data-binary", INDICATORS, f"{server}/sparql"]),
    ]  # fmt: skip
    for printed in answers:
        parsed = RdflibResult.parse(io.StringIO(printed), format="json")
        assert result_rows(parsed, variables) == expected
    head = run([curl(), "-sSI", "-G", "--data-urlencode", f"query={ASK_YES}", f"{server}/sparql"])
    assert head.startswith("HTTP/1.1 200") and "application/sparql-results+json" in head
    refused = subprocess.run(
        [curl(), "-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-urlencode",
         "update=DROP ALL", f"{server}/sparql"],
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert refused.stdout == b"403"
    after = run(
        [curl(), "-sSf", *accept, "--data-urlencode", f"query={ASK_YES}", f"{server}/sparql"]
    )
    assert RdflibResult.parse(io.StringIO(after), format="json").askAnswer is True
