"""Reading files: every syntax, exact error positions, nothing half-read, nothing fetched."""

from __future__ import annotations

import socket
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from styrgraf.model.load import FORMATS, InputError, read_dataset, read_graph

TURTLE = """@prefix ex: <http://example.org/> .
ex:a ex:p "ett" .
ex:b ex:p "två"@sv .
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.ttl", TURTLE),
        ("a.nt", '<http://example.org/a> <http://example.org/p> "ett" .\n'),
        ("a.nq", '<http://example.org/a> <http://example.org/p> "ett" <http://example.org/g> .\n'),
        (
            "a.trig",
            '<http://example.org/g> { <http://example.org/a> <http://example.org/p> "ett" . }\n',
        ),
        ("a.jsonld", '{"@id": "http://example.org/a", "http://example.org/p": "ett"}'),
        (
            "a.rdf",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
            "<ex:p>ett</ex:p></rdf:Description></rdf:RDF>\n",
        ),
    ],
)
def test_every_syntax_reads_the_same_triple(tmp_path: Path, name: str, text: str) -> None:
    graph = read_graph([_write(tmp_path, name, text)])
    triple = (URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("ett"))
    assert triple in graph


def test_named_graphs_are_kept(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "a.trig",
        "<http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 . }\n",
    )
    dataset = read_dataset([path])
    assert len(dataset.graph(URIRef("http://example.org/g"))) == 1
    assert len(dataset.graph(DATASET_DEFAULT_GRAPH_ID)) == 0


def test_parse_error_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.ttl", TURTLE + 'ex:c ex:p "unterminated .\nex:d ex:p ex:e .\n')
    with pytest.raises(InputError) as caught:
        read_graph([path])
    assert caught.value.path == str(path)
    assert caught.value.line == 4
    assert str(caught.value).startswith(f"{path}:4:")


def test_one_bad_file_reads_nothing(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.ttl", TURTLE)
    bad = _write(tmp_path, "bad.nt", "<http://example.org/a> <http://example.org/p> .\n")
    with pytest.raises(InputError) as caught:
        read_dataset([good, bad])
    assert caught.value.path == str(bad) and caught.value.line == 1


def test_folder_reads_every_rdf_file(tmp_path: Path) -> None:
    _write(tmp_path, "a.ttl", TURTLE)
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "b.nt", '<http://example.org/c> <http://example.org/p> "tre" .\n')
    _write(tmp_path, "notes.txt", "not RDF")
    assert len(read_graph([tmp_path])) == 3


def test_blank_nodes_of_different_files_stay_apart(tmp_path: Path) -> None:
    one = _write(tmp_path, "one.ttl", '_:x <http://example.org/p> "1" .\n')
    two = _write(tmp_path, "two.ttl", '_:x <http://example.org/p> "2" .\n')
    graph = read_graph([one, two])
    assert len(set(graph.subjects())) == 2


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.ttl", "no such file"), ("data.csv", "unknown RDF file extension")],
)
def test_unreadable_paths(tmp_path: Path, name: str, message: str) -> None:
    if name.endswith(".csv"):
        _write(tmp_path, name, "a,b\n")
    with pytest.raises(InputError, match=message):
        read_graph([tmp_path / name])


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_extension_read_reads_its_syntax(tmp_path: Path, suffix: str) -> None:
    a, p = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p")
    triple = ox.Triple(a, p, ox.Literal("ett"))
    path = tmp_path / f"model{suffix}"
    ox.serialize([ox.Quad(*triple, ox.DefaultGraph())], path, FORMATS[suffix])
    assert set(read_graph([path])) == set(read_graph([_write(tmp_path, "a.nt", f"{triple} .\n")]))


@pytest.mark.parametrize("name", ["package.json", "rules.n3"])
def test_json_and_notation3_are_not_read_as_rdf(tmp_path: Path, name: str) -> None:
    """pyoxigraph reads both, as JSON-LD and Notation3; neither is taken for a model file."""
    path = _write(tmp_path, name, '{"name": "styrgraf"}' if name.endswith("json") else "")
    with pytest.raises(InputError, match=f"unknown RDF file extension '{path.suffix}'"):
        read_graph([path])
    _write(tmp_path, "a.ttl", TURTLE)
    assert len(read_graph([tmp_path])) == 2


def test_rdfxml_entity_declarations_are_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n'
        "<!DOCTYPE rdf:RDF [\n"
        '  <!ENTITY a "aaaaaaaaaa">\n'
        '  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        "]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&b;</ex:p></rdf:Description></rdf:RDF>\n'
    )
    path = _write(tmp_path, "bomb.rdf", bomb)
    with pytest.raises(InputError, match="DTD or entity") as caught:
        read_graph([path])
    assert caught.value.line == 2


def test_jsonld_remote_context_is_never_fetched(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        context = f"http://127.0.0.1:{port}/context.jsonld"
        document = f'{{"@context": "{context}", "@id": "http://example.org/a", "name": "x"}}'
        path = _write(tmp_path, "remote.jsonld", document)
        with pytest.raises(InputError, match="remote @context, which is never fetched"):
            read_graph([path])
        with pytest.raises(TimeoutError):
            listener.accept()


def test_ill_typed_literal_is_data_not_a_crash(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "a.ttl",
        TURTLE + 'ex:c ex:date "inte ett datum"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
    )
    graph = read_graph([path])
    assert len(graph) == 3


TRIPLE_TERM = (
    "<https://example.org/a> <https://example.org/about> "
    '<<( <https://example.org/person> <http://www.w3.org/2000/01/rdf-schema#label> "Anna" )>> .\n'
)
REIFIER = (
    "<https://example.org/a> <https://example.org/b> <https://example.org/c> "
    "~ <https://example.org/r> .\n"
)


@pytest.mark.parametrize("text", [TRIPLE_TERM, REIFIER], ids=["triple-term", "reifier"])
def test_triple_terms_are_refused_naming_the_file(tmp_path: Path, text: str) -> None:
    # A statement inside a triple term escaped the personal-data rule (an employee's name read
    # back from a public graph) and crashed validation with a 500.
    from styrgraf.model.load import iter_file, parse_bytes, parse_file

    path = _write(tmp_path, "terms.ttl", text)
    for read in (
        lambda: parse_file(path),
        lambda: list(iter_file(path)),
        lambda: read_dataset([path]),
    ):
        with pytest.raises(InputError, match="triple terms") as refused:
            read()
        assert str(path) in str(refused.value)
    with pytest.raises(InputError, match="triple terms") as refused:
        parse_bytes(text.encode(), ox.RdfFormat.TURTLE, source="the request body")
    assert "the request body" in str(refused.value)
