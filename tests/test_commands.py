"""The trace, coverage, query, load and export commands: formats, exit codes, stores, errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from styrgraf.cli import main
from styrgraf.model.bundled import sample_data_files
from styrgraf.store.embedded import EmbeddedStore
from tests_support import LJ, PLANTED_FOLLOW_UP, PRIVATE, PUBLIC

SG = "https://w3id.org/styrgraf#"
BASE = Path(__file__).parent / "data" / "base.ttl"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def orphaned(tmp_path: Path) -> Path:
    """A copy of the Ljungby model whose HR plan realises nothing."""
    store = ox.Store()
    store.bulk_load(path=str(sample_data_files()[0]), format=ox.RdfFormat.TRIG)
    store.update(f"DELETE WHERE {{ GRAPH ?g {{ <{LJ}hp-2021-hr> <{SG}realises> ?goal }} }}")
    path = tmp_path / "orphaned.trig"
    store.dump(path, ox.RdfFormat.TRIG)
    return path


def test_trace_json_has_the_api_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "trace", LJ + "akt-2021-hr-1", "--format", "json")
    result = json.loads(out)
    assert code == 0
    assert result["start"] == LJ + "akt-2021-hr-1"
    (path,) = result["paths"]
    assert all({"iri", "type", "label"} <= hop.keys() for hop in path)
    assert path[-1]["type"] == SG + "Vision"


def test_trace_text_csv_and_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = _run(capsys, "trace", LJ + "iup-2021-2", "--lang", "en")
    assert code == 0 and "Path 4 of 4" in text and "individual development plan" in text
    _, out, _ = _run(capsys, "trace", LJ + "iup-2021-2", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["path"] for r in rows} == {"1", "2", "3", "4"}
    assert all(r["iri"] == LJ + "iup-2021-2" for r in rows if r["position"] == "0")
    _, out, _ = _run(capsys, "trace", LJ + "akt-2021-hr-1", "--format", "turtle")
    triples = {q.triple for q in ox.parse(out.encode(), format=ox.RdfFormat.TURTLE)}
    link = ox.Triple(
        ox.NamedNode(LJ + "akt-2021-hr-1"),
        ox.NamedNode(SG + "partOfPlan"),
        ox.NamedNode(LJ + "hp-2021-hr"),
    )
    assert link in triples


def test_trace_of_an_orphan_exits_one(capsys: pytest.CaptureFixture[str], orphaned: Path) -> None:
    code, out, _ = _run(capsys, "trace", LJ + "akt-2021-hr-1", "--data", str(orphaned))
    assert code == 1
    assert "Ingen väg till visionen" in out and "sg:realises" in out


def test_trace_down_and_impact(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "trace", LJ + "ng-ks-3", "--down", "--format", "json")
    assert code == 0
    assert [c["iri"] for c in json.loads(out)["children"]] == [LJ + "hp-2021-hr"]
    code, out, _ = _run(capsys, "trace", LJ + "ng-ks-3", "--impact", "--format", "csv")
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 4


def test_trace_of_something_else_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "trace", LJ + "kommunstyrelsen")
    assert code == 2 and "not a node of the goal hierarchy" in err
    code, _, err = _run(capsys, "trace", LJ + "akt-2021-hr-1", "--graph", "https://example.org/g")
    assert code == 2 and "no named graph <https://example.org/g>" in err


def test_coverage_of_the_bundled_model_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "coverage", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["orphans"] == [] and report["uncovered"] == []
    assert {"boards", "areas", "cells"} <= report["matrix"].keys()
    assert len(report["matrix"]["cells"]) == len(report["matrix"]["boards"]) * 3


def test_coverage_findings_in_every_format(
    capsys: pytest.CaptureFixture[str], orphaned: Path
) -> None:
    code, out, _ = _run(capsys, "coverage", "--data", str(orphaned), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert {f["iri"] for f in report["orphans"]} == {
        LJ + i for i in ("hp-2021-hr", "akt-2021-hr-1", "akt-2021-hr-2", "akt-2021-hr-3")
    }
    assert all({"iri", "type", "label", "reason"} <= f.keys() for f in report["orphans"])
    assert [f["code"] for f in report["uncovered"]] == ["no-plan"]
    _, out, _ = _run(capsys, "coverage", "--data", str(orphaned), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5 and {r["category"] for r in rows} == {"orphan", "uncovered"}
    _, out, _ = _run(capsys, "coverage", "--data", str(orphaned), "--format", "turtle")
    graph = list(ox.parse(out.encode(), format=ox.RdfFormat.TURTLE))
    findings = [t for t in graph if t.object == ox.NamedNode(SG + "CoverageFinding")]
    assert len(findings) == 5
    _, out, _ = _run(capsys, "coverage", "--format", "csv", "--matrix")
    cells = list(csv.DictReader(io.StringIO(out)))
    assert {c["status"] for c in cells} == {"ok", "exempt", "council"}


def test_coverage_scoped_to_a_graph(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "coverage", "--graph", PUBLIC, "--format", "json")
    assert json.loads(out)["summary"]["nodes"] == 139


def test_query_binds_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "query", "trace-edges", "--param", f"node={LJ}akt-2021-hr-1", "--format", "json"
    )
    assert code == 0
    result = json.loads(out)
    assert result["head"]["vars"] == ["source", "link", "target"]
    assert len(result["results"]["bindings"]) == 5


def test_query_errors_name_the_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "query", "trace-edges")
    assert code == 2 and "'node'" in err and "required" in err
    code, _, err = _run(capsys, "query", "trace-edges", "--param", "node=not an iri")
    assert code == 2 and "'node'" in err
    code, _, err = _run(capsys, "query", "trace-edges", "--param", "nod=x")
    assert code == 2 and "unknown parameter" in err
    code, _, err = _run(capsys, "query", "no-such-query")
    assert code == 2 and "no named query 'no-such-query'" in err


def test_query_runs_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "#+ summary: Visions\nPREFIX sg: <https://w3id.org/styrgraf#>\n"
        "SELECT ?v WHERE { ?v a sg:Vision }\n",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "query", str(path), "--format", "csv")
    assert code == 0 and out.splitlines() == ["v", LJ + "vision"]


def test_load_into_a_store_survives_a_restart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "store"
    code, out, _ = _run(capsys, "load", "--store", str(folder))
    assert code == 0 and PUBLIC in out and PRIVATE in out
    # A new process opens the store from disk and answers as the files do.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "styrgraf.cli",
            "coverage",
            "--store",
            str(folder),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    _, from_files, _ = _run(capsys, "coverage", "--format", "json")
    assert json.loads(done.stdout) == json.loads(from_files)
    _, out, _ = _run(capsys, "export", "--store", str(folder), "--format", "nquads")
    exported = set(ox.parse(out.encode(), format=ox.RdfFormat.N_QUADS))
    fresh = EmbeddedStore()
    fresh.load(sample_data_files())
    original = set(fresh.quads())
    assert len(exported) == len(original)
    assert {q for q in exported if not isinstance(q.subject, ox.BlankNode)} == {
        q for q in original if not isinstance(q.subject, ox.BlankNode)
    }


def test_load_refuses_a_model_that_breaks_the_rules(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, orphaned: Path
) -> None:
    folder = tmp_path / "store"
    assert _run(capsys, "load", "--store", str(folder))[0] == 0
    code, _, err = _run(capsys, "load", "--store", str(folder), str(orphaned))
    assert code == 1 and "nothing was loaded" in err
    _, out, _ = _run(capsys, "coverage", "--store", str(folder), "--format", "json")
    assert json.loads(out)["orphans"] == []
    code, _, _ = _run(capsys, "load", "--store", str(folder), "--no-validate", str(orphaned))
    assert code == 0
    _, out, _ = _run(capsys, "coverage", "--store", str(folder), "--format", "json")
    assert len(json.loads(out)["orphans"]) == 4


def test_load_needs_a_target_and_a_graph(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "load", str(BASE))
    assert code == 2 and "--store DIR or --endpoint URL" in err
    code, _, err = _run(capsys, "load", "--store", str(tmp_path / "s"), str(BASE), "--no-validate")
    assert code == 2 and "name the graph" in err
    # The base model holds an employee: its graph must be one the store keeps private.
    into = ["--into", "https://example.org/g", "--private-graph", "https://example.org/g"]
    code, _, _ = _run(capsys, "load", "--store", str(tmp_path / "s"), str(BASE), *into)
    assert code == 0


def test_reading_an_empty_store_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "empty").close()
    code, _, err = _run(capsys, "coverage", "--store", str(tmp_path / "empty"))
    assert code == 2 and "holds no model" in err


def test_load_and_read_through_a_remote_endpoint(
    capsys: pytest.CaptureFixture[str], oxigraph_server: str
) -> None:
    from tests_support import remote_args, remote_store

    remote_store(oxigraph_server)
    args = remote_args(oxigraph_server)
    code, _, err = _run(capsys, "load", *args)
    assert code == 0, err
    _, remote, _ = _run(
        capsys, "coverage", "--endpoint", f"{oxigraph_server}/query", "--format", "json"
    )
    _, local, _ = _run(capsys, "coverage", "--format", "json")
    assert json.loads(remote) == json.loads(local)
    _, remote, _ = _run(
        capsys,
        "trace",
        LJ + "iup-2021-2",
        "--endpoint",
        f"{oxigraph_server}/query",
        "--format",
        "json",
    )
    _, local, _ = _run(capsys, "trace", LJ + "iup-2021-2", "--format", "json")
    assert json.loads(remote) == json.loads(local)
    _, union, _ = _run(
        capsys,
        "coverage",
        "--endpoint",
        f"{oxigraph_server}/query",
        "--union-default-graph",
        "--format",
        "json",
    )
    _, local, _ = _run(capsys, "coverage", "--format", "json")
    assert json.loads(union) == json.loads(local)


def test_an_unreachable_endpoint_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "coverage", "--endpoint", "http://127.0.0.1:9/query")
    assert code == 2 and "cannot reach http://127.0.0.1:9/query" in err


def test_export_graphml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "hierarchy.graphml"
    code, _, _ = _run(capsys, "export", "--format", "graphml", "--output", str(target))
    assert code == 0
    graph = nx.read_graphml(target)
    assert graph.number_of_nodes() == 143
    assert graph.nodes[LJ + "akt-2021-hr-1"]["type"] == "Activity"
    assert graph.edges[LJ + "akt-2021-hr-1", LJ + "hp-2021-hr"]["link"] == "partOfPlan"
    assert nx.is_directed_acyclic_graph(graph)


def test_export_every_rdf_format_parses_back(capsys: pytest.CaptureFixture[str]) -> None:
    formats = {
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }
    sizes = {}
    for name, rdf_format in formats.items():
        code, out, _ = _run(capsys, "export", "--graph", PUBLIC, "--format", name)
        assert code == 0
        sizes[name] = len(list(ox.parse(out.encode(), format=rdf_format)))
    assert len(set(sizes.values())) == 1, sizes


def test_every_command_reads_plain_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "coverage", "--data", str(BASE), "--format", "json")
    assert code in (0, 1)
    assert json.loads(out)["summary"]["nodes"] > 5
    code, out, _ = _run(capsys, "query", "node-types", "--data", str(BASE), "--format", "csv")
    assert code == 0 and "https://example.org/exempelkommun/" in out


def test_validate_reads_a_store_and_a_graph(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, orphaned: Path
) -> None:
    folder = tmp_path / "store"
    assert _run(capsys, "load", "--store", str(folder))[0] == 0
    code, out, _ = _run(capsys, "validate", "--store", str(folder), "--format", "json")
    assert code == 0 and json.loads(out)["conforms"] is True
    assert _run(capsys, "load", "--store", str(folder), str(orphaned), "--no-validate")[0] == 0
    code, out, _ = _run(capsys, "validate", "--store", str(folder), "--format", "json")
    report = json.loads(out)
    assert code == 1
    violations = {(r["rule"], f["iri"]) for r in report["rules"] for f in r["findings"]}
    assert violations - PLANTED_FOLLOW_UP == {
        (SG + "ActionPlan-realises", LJ + "hp-2021-hr"),
        (SG + "BoardGoal-hasActionPlan", LJ + "ng-ks-3"),
    }
    assert violations >= PLANTED_FOLLOW_UP
    # Scoped to the public graph alone, the model still conforms: the development plans and
    # employees of the private graph are simply not there.
    code, out, _ = _run(capsys, "validate", "--graph", PUBLIC, "--format", "json")
    assert code == 0 and json.loads(out)["conforms"] is True


@pytest.mark.parametrize(
    "endpoint", ["http://[::1", "http://127.0.0.1:abc/query", "ftp://example.org/sparql"]
)
def test_a_malformed_endpoint_exits_two(capsys: pytest.CaptureFixture[str], endpoint: str) -> None:
    code, _, err = _run(capsys, "coverage", "--endpoint", endpoint)
    assert code == 2 and endpoint in err and "Traceback" not in err


def test_an_endpoint_that_is_no_sparql_server_exits_two(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            body = b"<html><body>Welcome</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        code, _, err = _run(capsys, "coverage", "--endpoint", url)
    finally:
        server.shutdown()
        server.server_close()
    assert code == 2 and "did not answer with SPARQL JSON results" in err


def test_an_output_file_that_cannot_be_written_exits_two(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = str(tmp_path / "no-such-folder" / "out.json")
    for argv in (
        ["coverage", "--format", "json", "--output", target],
        ["trace", LJ + "akt-2021-hr-1", "--output", target],
        ["export", "--output", target],
        ["generate", "1", "--output", target],
    ):
        code, _, err = _run(capsys, *argv)
        assert code == 2 and "no-such-folder" in err, argv


def test_export_of_one_graph_leaves_the_vocabulary_out(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "export", "--graph", PUBLIC, "--format", "nquads")
    graphs = {q.graph_name for q in ox.parse(out.encode(), format=ox.RdfFormat.N_QUADS)}
    assert graphs == {ox.NamedNode(PUBLIC)}


def test_reading_a_store_that_is_not_there_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "coverage", "--store", str(tmp_path / "nowhere"))
    assert code == 2 and "no store there" in err
    assert not (tmp_path / "nowhere").exists()


def test_load_validates_against_what_the_store_already_holds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lean_model: Path
) -> None:
    """Regression: loading the private graph after the public one was refused, because its
    development plans point at goals that only the store held. (The lean model's graphs, the
    bundled model's but for most of its follow-up: each load validates half as much.)"""
    quads = list(ox.parse(path=str(lean_model), format=ox.RdfFormat.N_QUADS))
    parts = {}
    for name in (PUBLIC, PRIVATE):
        parts[name] = tmp_path / f"{name.rsplit('/', 1)[-1]}.trig"
        mine = [q for q in quads if q.graph_name == ox.NamedNode(name)]
        ox.serialize(mine, parts[name], ox.RdfFormat.TRIG)
    folder = str(tmp_path / "store")
    assert _run(capsys, "load", "--store", folder, str(parts[PUBLIC]))[0] == 0
    code, _, err = _run(capsys, "load", "--store", folder, str(parts[PRIVATE]))
    assert code == 0, err
    # Alone, without the public graph, the private graph breaks the rules.
    code, _, _ = _run(capsys, "load", "--store", str(tmp_path / "other"), str(parts[PRIVATE]))
    assert code == 1


def test_a_label_keeps_its_own_language_in_turtle(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Regression: a Swedish label shown for want of an English one was tagged @en."""
    node = LJ + "akt-2021-aldreomsorg-2"
    store = ox.Store()
    store.bulk_load(path=str(sample_data_files()[0]), format=ox.RdfFormat.TRIG)
    store.update(
        f"DELETE WHERE {{ GRAPH ?g {{ <{node}> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"Digital night-time supervision"@en } }'
    )
    path = tmp_path / "swedish-only.trig"
    store.dump(path, ox.RdfFormat.TRIG)
    _, out, _ = _run(
        capsys, "trace", node, "--data", str(path), "--format", "turtle", "--lang", "en"
    )
    labels = {
        q.object
        for q in ox.parse(out.encode(), format=ox.RdfFormat.TURTLE)
        if q.subject == ox.NamedNode(node) and q.predicate.value.endswith("#label")
    }
    assert labels == {ox.Literal("Digital nattillsyn", language="sv")}


def test_private_graphs_on_the_command_line_add_to_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The base model holds an employee, so its graph must be private: the environment says
    so, and a graph named on the command line does not take that away."""
    monkeypatch.setenv("STYRGRAF_PRIVATE_GRAPHS", "https://example.org/g")
    into = ["--into", "https://example.org/g", "--private-graph", "https://example.org/other"]
    code, _, err = _run(capsys, "load", "--store", str(tmp_path / "s"), str(BASE), *into)
    assert code == 0, err
    _, out, _ = _run(capsys, "private-graphs", "--store", str(tmp_path / "s"))
    assert out.splitlines() == ["https://example.org/g", "https://example.org/other"]
