"""The names styrgraf owns: its namespace, and how IRIs given as text are read.

Every module that needs the namespace takes it from here (:data:`SG`); the ontology file
(``ontology/styrgraf.ttl``) declares the same IRI, and ``tests/test_ontology.py`` holds the two
equal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

import pyoxigraph as ox

SG = "https://w3id.org/styrgraf#"
"""The core vocabulary's namespace (a public contract: terms are added, never renamed)."""
ONTOLOGY_IRI = "https://w3id.org/styrgraf"
"""The ontology's own IRI; its ``owl:versionIRI`` is this IRI followed by ``/<version>``."""
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBER_TYPES = frozenset(
    XSD + name
    for name in (
        "decimal",
        "integer",
        "double",
        "float",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
"""The XSD datatypes whose literals are numbers: what the rules' messages write in a language's
form and what the follow-up reads as a value."""
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = RDF + "type"

PREFIXES = {
    "dcat": DCAT,
    "dcterms": DCT,
    "foaf": FOAF,
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": PROV,
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": RDF,
    "rdfs": RDFS,
    "sdg": "http://metadata.un.org/sdg/",
    "sg": SG,
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": SKOS,
    "time": "http://www.w3.org/2006/time#",
    "void": VOID,
    "xsd": XSD,
}
"""The prefixes styrgraf writes RDF with, where a term's namespace is one of them."""


def parse_iris(value: str | Iterable[str]) -> list[str]:
    """IRIs given as a list, or as text separated by whitespace or ``os.pathsep``.

    On POSIX ``os.pathsep`` is ``:``, which IRIs hold themselves: there it separates only where
    another IRI begins (``scheme://`` or ``urn:``). Raises ValueError naming an IRI that is not
    an absolute IRI.

    >>> parse_iris("https://example.org/a https://example.org/b")
    ['https://example.org/a', 'https://example.org/b']
    >>> parse_iris("urn:x:1" + os.pathsep + "urn:x:2")
    ['urn:x:1', 'urn:x:2']
    >>> parse_iris(["not an iri"])
    Traceback (most recent call last):
    ...
    ValueError: 'not an iri' is not an absolute IRI: ...
    """
    if isinstance(value, str):
        if os.pathsep == ":":
            separator = r":(?=[A-Za-z][A-Za-z0-9+.-]*://|urn:)"
        else:
            separator = re.escape(os.pathsep)
        parts = [p for token in value.split() for p in re.split(separator, token) if p]
    else:
        parts = [str(p) for p in value]
    iris = []
    for part in parts:
        try:
            iris.append(ox.NamedNode(part).value)
        except ValueError as problem:
            raise ValueError(f"{part!r} is not an absolute IRI: {problem}") from None
    return iris
