"""Bounds before any parser: documents nested too deep, or with terms or lines too long, are
refused with the file, the line and the limit, in every syntax and by every command; documents
within the bounds read as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from deep_documents import NESTED, long_literal
from styrgraf.model import bounds
from styrgraf.model.load import FORMATS, InputError, parse_bytes, read_dataset
from styrgraf.store.embedded import EmbeddedStore

DATA = Path(__file__).parent.parent / "data" / "ljungby.trig"


def _styrgraf(*argv: str) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own: a crash shows as a signal, not as a lost shell."""
    return subprocess.run(
        [sys.executable, "-m", "styrgraf.cli", *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize("name", sorted(NESTED))
def test_a_document_as_deep_as_the_limit_reads(tmp_path: Path, name: str) -> None:
    suffix, _media, make, limit = NESTED[name]
    path = tmp_path / f"deep{suffix}"
    path.write_bytes(make(limit))
    assert len(read_dataset([path])) > 0


@pytest.mark.parametrize("name", sorted(NESTED))
def test_one_level_deeper_is_refused_naming_file_line_and_limit(tmp_path: Path, name: str) -> None:
    suffix, _media, make, limit = NESTED[name]
    path = tmp_path / f"deep{suffix}"
    path.write_bytes(make(limit + 1))
    with pytest.raises(InputError) as caught:
        read_dataset([path])
    refusal = caught.value
    assert refusal.path == str(path)
    assert refusal.line is not None and refusal.column is not None
    assert f"nested deeper than {limit} levels" in refusal.message
    assert str(refusal).startswith(f"{path}:{refusal.line}:{refusal.column}: refused before")


@pytest.mark.parametrize("name", sorted(NESTED))
def test_a_body_one_level_too_deep_is_refused(name: str) -> None:
    suffix, _media, make, limit = NESTED[name]
    with pytest.raises(InputError, match=f"deeper than {limit} levels") as caught:
        parse_bytes(make(limit + 1), FORMATS[suffix], source="the request body")
    assert caught.value.path == "the request body"


def test_the_line_of_the_refusal_is_where_the_limit_is_passed(tmp_path: Path) -> None:
    lines = ["@prefix ex: <https://example.org/deep/> ."] + [
        "ex:s ex:p" + " [ ex:p" * 10 for _ in range(13)
    ]
    path = tmp_path / "deep.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_dataset([path])
    # Ten levels a line: the 129th opens on the thirteenth line of brackets, the 14th line.
    assert caught.value.line == 14
    assert caught.value.column == len("ex:s ex:p") + 8 * len(" [ ex:p") + 2


def test_brackets_in_strings_iris_and_comments_do_not_count(tmp_path: Path) -> None:
    opened = "[ ( { " * 200
    turtle = (
        f"# {opened}\n"
        f'<https://example.org/deep/s?q={"(" * 200}> <https://example.org/deep/p> "{opened}", '
        f"'{opened}', \"\"\"{opened}\n\"\"\", '''{opened}''' .\n"
    )
    jsonld = f'{{"@id": "https://example.org/deep/s", "https://example.org/deep/p": "{opened}"}}'
    rdfxml = (
        '<?xml version="1.0"?>\n<!-- <a><a><a> -->\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="https://example.org/deep/"><rdf:Description rdf:about="https://example.org/deep/s">'
        + '<ex:p ex:x="<a>">' * 1
        + "<![CDATA["
        + "<a>" * 200
        + "]]></ex:p>"
        + "<ex:q/>" * 200
        + "</rdf:Description></rdf:RDF>\n"
    )
    for name, text in [("a.ttl", turtle), ("a.jsonld", jsonld), ("a.rdf", rdfxml)]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert bounds.check(text.encode(), FORMATS[path.suffix]) is None, name


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".ttl", ".jsonld", ".rdf"])
def test_a_literal_past_the_limit_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"long{suffix}"
    path.write_bytes(long_literal(bounds.MAX_TERM + 1, suffix))
    with pytest.raises(InputError, match=f"longer than {bounds.MAX_TERM} bytes") as caught:
        read_dataset([path])
    assert caught.value.line in (1, 2, 3)


@pytest.mark.parametrize("suffix", [".nt", ".ttl", ".jsonld", ".rdf"])
def test_a_long_literal_within_the_limit_reads(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"long{suffix}"
    path.write_bytes(long_literal(bounds.MAX_TERM - 200, suffix))
    assert len(read_dataset([path])) == 1


def test_a_line_past_the_parsers_buffer_is_refused_not_a_crash(tmp_path: Path) -> None:
    # pyoxigraph stops at a 16 MiB line with a MemoryError, which escaped as a traceback.
    path = tmp_path / "long.nt"
    path.write_bytes(long_literal(20 * 1024 * 1024, ".nt"))
    answer = _styrgraf("validate", str(path))
    assert answer.returncode == 2, answer.stderr
    assert answer.stderr == (
        f"styrgraf validate: {path}:1:1: refused before parsing: "
        f"a line longer than {bounds.MAX_LINE} bytes (the limit)\n"
    )


def test_validate_refuses_the_5000_deep_jsonld_with_exit_two(tmp_path: Path) -> None:
    # A 170 KB document that took the parser 1.7 GB, then a segfault: exit -11, not 2.
    suffix, _media, make, _limit = NESTED["jsonld-objects"]
    path = tmp_path / f"deep{suffix}"
    path.write_bytes(make(5000))
    answer = _styrgraf("validate", str(DATA), str(path))
    assert answer.returncode == 2, answer.stderr
    assert answer.stdout == ""
    assert answer.stderr.startswith(f"styrgraf validate: {path}:1:")
    assert "refused before parsing: nested deeper than 64 levels" in answer.stderr


@pytest.mark.parametrize("name", ["turtle-blank-nodes", "trig-blank-nodes", "rdfxml-elements"])
def test_load_refuses_a_deep_file_and_loads_nothing(tmp_path: Path, name: str) -> None:
    suffix, _media, make, limit = NESTED[name]
    path = tmp_path / f"deep{suffix}"
    path.write_bytes(make(50_000))
    store = tmp_path / "store"
    answer = _styrgraf(
        "load", "--store", str(store), "--no-progress", "--into", "https://example.org/g", str(path)
    )
    assert answer.returncode == 2, answer.stderr
    assert answer.stderr.startswith(f"styrgraf load: {path}:")
    assert f"nested deeper than {limit} levels" in answer.stderr
    assert not store.exists() or EmbeddedStore(store).named_graphs() == []
