"""Documents that nest or run on far past what real data does, in every syntax the service and
the commands read: what used to make a parser take a gigabyte and crash."""

from __future__ import annotations

EX = "https://example.org/deep/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def jsonld_objects(depth: int) -> bytes:
    """A node whose value is a node whose value is ... ``depth`` objects deep."""
    return (f'{{"@id": "{EX}s", "{EX}p": ' * depth + '"v"' + "}" * depth).encode()


def jsonld_arrays(depth: int) -> bytes:
    """One node whose value is an array in an array ... (``depth`` levels with the node)."""
    inner = depth - 1
    return (f'{{"@id": "{EX}s", "{EX}p": ' + "[" * inner + '"v"' + "]" * inner + "}").encode()


def turtle_blank_nodes(depth: int) -> bytes:
    """``[ ex:p [ ex:p [ ... ] ] ]``, ``depth`` blank node property lists deep."""
    return (f"<{EX}s> <{EX}p> " + f"[ <{EX}p> " * depth + '"v"' + " ]" * depth + " .\n").encode()


def turtle_collections(depth: int) -> bytes:
    """``( ( ( ... ) ) )``, ``depth`` collections deep."""
    return (f"<{EX}s> <{EX}p> " + "( " * depth + '"v"' + " )" * depth + " .\n").encode()


def trig_blank_nodes(depth: int) -> bytes:
    """A graph (one level) holding blank node property lists ``depth - 1`` deep."""
    inner = depth - 1
    return (
        f"<{EX}g> {{ <{EX}s> <{EX}p> " + f"[ <{EX}p> " * inner + '"v"' + " ]" * inner + " . }\n"
    ).encode()


def rdfxml_elements(depth: int) -> bytes:
    """RDF/XML whose elements nest ``depth`` deep (rdf:RDF, then node and property elements)."""
    pairs = (depth - 1) // 2
    innermost = "<rdf:Description></rdf:Description>" if (depth - 1) % 2 else ""
    return (
        f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="{EX}">\n'
        + f'<rdf:Description rdf:about="{EX}s"><ex:p>' * pairs
        + innermost
        + "</ex:p></rdf:Description>" * pairs
        + "\n</rdf:RDF>\n"
    ).encode()


NESTED = {
    # name: (file suffix, media type, document of a given depth, the limit)
    "jsonld-objects": (".jsonld", "application/ld+json", jsonld_objects, 64),
    "jsonld-arrays": (".jsonld", "application/ld+json", jsonld_arrays, 64),
    "turtle-blank-nodes": (".ttl", "text/turtle", turtle_blank_nodes, 128),
    "turtle-collections": (".ttl", "text/turtle", turtle_collections, 128),
    "trig-blank-nodes": (".trig", "application/trig", trig_blank_nodes, 128),
    "rdfxml-elements": (".rdf", "application/rdf+xml", rdfxml_elements, 128),
}
"""Every way of nesting, with the deepest its syntax may go."""


def long_literal(size: int, suffix: str) -> bytes:
    """One statement whose literal is ``size`` bytes long, in the syntax of ``suffix``."""
    text = "a" * size
    if suffix in (".nt", ".nq"):
        return f'<{EX}s> <{EX}p> "{text}" .\n'.encode()
    if suffix == ".ttl":
        return f'<{EX}s> <{EX}p> """{text}""" .\n'.encode()
    if suffix == ".jsonld":
        return f'{{"@id": "{EX}s", "{EX}p": "{text}"}}'.encode()
    return (
        f'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="{EX}">\n'
        f'<rdf:Description rdf:about="{EX}s"><ex:p>{text}</ex:p></rdf:Description>\n</rdf:RDF>\n'
    ).encode()
