"""Bodies built to break the parser, sent with the write token to a real `styrgraf serve`.

Each is answered with a 4xx that says what was wrong, nothing is written, and the service
answers the next request: a body beyond the bounds is refused before any parser sees it, and
one within them that takes the parser past its memory is parsed in a child process that ends,
not in the service.
"""

from __future__ import annotations

import concurrent.futures
import json
import urllib.parse
from collections.abc import Iterator

import pytest

from deep_documents import NESTED, long_literal
from styrgraf.model import bounds
from tests_support import PUBLIC, Wire, serving

TOKEN = "bodies-token"
TARGET = "https://example.org/hostile/bodies"
MEMORY_MIB = 256
WRITE = {"Authorization": f"Bearer {TOKEN}"}
# In the bodies a write may have (TriG names graphs, refused at /store whatever its depth).
BODY_NESTINGS = sorted(name for name, spec in NESTED.items() if spec[1] != "application/trig")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {
        "STYRGRAF_WRITE_TOKEN": TOKEN,
        "STYRGRAF_MAX_BODY": str(4 * 1024 * 1024),
        "STYRGRAF_PARSE_MEMORY": str(MEMORY_MIB),
        "STYRGRAF_WORKERS": "4",
        # Room for the three bombs at once: each is parsed while it holds a place of the write
        # class, and the default has two.
        "STYRGRAF_WRITE_LIMIT": "3",
    }
    with serving(tmp_path_factory.mktemp("bodies"), env=env) as base:
        yield base


def target() -> str:
    return "/store?" + urllib.parse.urlencode({"graph": TARGET})


def put(wire: Wire, body: bytes, media: str) -> tuple[int, dict[str, object]]:
    answer = wire.request("PUT", target(), body=body, headers={"Content-Type": media, **WRITE})
    return answer.status, json.loads(answer.body) if answer.body else {}


def public_size(wire: Wire) -> object:
    answer = wire.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{PUBLIC}> {{ ?s ?p ?o }} }}")
    assert answer.status == 200
    return answer.json()["results"]["bindings"]


def unchanged(wire: Wire, before: object) -> None:
    """The service still answers, the target graph was not written and the model is whole."""
    assert wire.get("/health").status == 200
    assert wire.get(target(), "text/turtle").status == 404
    assert public_size(wire) == before


def test_the_5000_deep_jsonld_is_a_400_and_the_service_stays_up(wire: Wire) -> None:
    # 170 KB that took the parser 1.7 GB and then the whole service down with a segfault.
    before = public_size(wire)
    _suffix, media, make, limit = NESTED["jsonld-objects"]
    status, error = put(wire, make(5000), media)
    assert status == 400, error
    assert error["error"] == (
        "the request body is refused before parsing: "
        f"nested deeper than {limit} levels ({{ [), the limit for JSON-LD"
    )
    assert error["limit"] == limit and error["line"] == 1
    unchanged(wire, before)


@pytest.mark.parametrize("name", BODY_NESTINGS)
def test_every_syntax_nested_too_deep_is_a_400_naming_the_limit(wire: Wire, name: str) -> None:
    before = public_size(wire)
    _suffix, media, make, limit = NESTED[name]
    status, error = put(wire, make(50_000), media)
    assert status == 400, error
    assert f"nested deeper than {limit} levels" in str(error["error"])
    assert error["limit"] == limit
    unchanged(wire, before)


def test_a_literal_too_long_is_a_400_naming_the_limit(wire: Wire) -> None:
    before = public_size(wire)
    status, error = put(wire, long_literal(bounds.MAX_TERM + 1, ".ttl"), "text/turtle")
    assert status == 400, error
    assert f"longer than {bounds.MAX_TERM} bytes" in str(error["error"])
    unchanged(wire, before)


def test_a_part_too_deep_is_a_400_naming_the_part(wire: Wire) -> None:
    before = public_size(wire)
    boundary = "deep-boundary"
    _suffix, _media, make, _limit = NESTED["jsonld-objects"]
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="deep.jsonld"; filename="deep.jsonld"\r\n'
            "Content-Type: application/ld+json\r\n\r\n"
        ).encode()
        + make(1000)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, error = put(wire, body, f"multipart/form-data; boundary={boundary}")
    assert status == 400, error
    assert error["part"] == "deep.jsonld"
    assert str(error["error"]).startswith("part 'deep.jsonld' is refused before parsing")
    unchanged(wire, before)


def memory_bomb(triples: int) -> bytes:
    """Within every bound: a prefix for an IRI just under 1 MiB, and ``triples`` statements
    of three terms each under it, so each takes the parser 3 MiB."""
    iri = "https://example.org/hostile/" + "a" * (bounds.MAX_TERM - 100)
    return (f"@prefix a: <{iri}> .\n" + "a:s a:p a:o .\n" * triples).encode()


def test_a_body_that_takes_the_parser_past_its_memory_is_a_422(wire: Wire) -> None:
    before = public_size(wire)
    body = memory_bomb(20_000)  # 1.3 MB asking for 60 GB
    assert bounds.check(body, bounds.ox.RdfFormat.TURTLE) is None
    status, error = put(wire, body, "text/turtle")
    assert status == 422, error
    assert error["error"] == (
        "the request body could not be parsed: the parser ran out of memory and was stopped "
        f"(a parse may take {MEMORY_MIB} MiB); nothing was stored"
    )
    unchanged(wire, before)
    # The next body gets a new parser, and a write goes through as before.
    good = b'<https://example.org/hostile/s> <https://example.org/hostile/p> "ok" .\n'
    status, error = put(wire, good, "application/n-triples")
    assert status == 201, error
    assert error["triples"] == 1
    deleted = wire.request("DELETE", target(), headers=WRITE)
    assert deleted.status == 204
    unchanged(wire, before)


def test_several_bombs_at_once_leave_the_service_answering(wire: Wire, server: str) -> None:
    before = public_size(wire)
    body = memory_bomb(20_000)
    clients = [Wire(server) for _ in range(3)]
    try:
        with concurrent.futures.ThreadPoolExecutor(len(clients)) as pool:
            answers = list(pool.map(lambda c: put(c, body, "text/turtle"), clients))
    finally:
        for client in clients:
            client.close()
    assert [status for status, _ in answers] == [422, 422, 422], answers
    unchanged(wire, before)


def test_a_triple_term_is_a_400_and_nothing_is_stored(wire: Wire) -> None:
    # It gave a 500 (validation could not hold the term), and through `load` an employee's
    # name inside one reached a public graph.
    before = public_size(wire)
    body = (
        "<https://w3id.org/styrgraf/ljungby/id/ng-bun-6> <http://e/about> "
        "<<( <https://w3id.org/styrgraf/ljungby/id/medarbetare-1> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Anna Exempelberg" )>> .\n'
    )
    status, error = put(wire, body.encode(), "text/turtle")
    assert status == 400, error
    assert "triple terms" in str(error["error"])
    assert wire.request("GET", target(), headers=WRITE).status == 404
    unchanged(wire, before)
