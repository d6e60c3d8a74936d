"""A hostile model: the bundled Ljungby model with every label made a spreadsheet formula or
markup, and links of every scheme a browser would run (``javascript:``, ``data:``,
``vbscript:``, in mixed case, with entity-like and percent-encoded parts) as objects of
``foaf:page`` and ``rdfs:seeAlso``, as a predicate, a type, a subject in the goal tree and a
board in the findings. The links, page and CSV tests serve it with a real service."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from styrgraf.model.bundled import sample_data_files
from tests_support import LJ, PUBLIC

SG = "https://w3id.org/styrgraf#"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

SCRIPT_IRIS = (
    "javascript:alert(document.domain)//x",
    "JaVaScRiPt:alert(1)",
    "javascript:%0aalert(1)",
    "javascript:alert&#40;1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "mailto:javascript:alert(1)",
)
"""IRIs that must never be a link's target."""
SAFE_IRIS = ("https://www.ljungby.se/", "mailto:registrator@ljungby.se")
"""IRIs that stay links: the web and a mail address."""
SCRIPT_NODE = "javascript:alert(4)//activity"
"""An aktivitet whose IRI is a script: it is in the goal tree, with a page of its own."""
SCRIPT_BOARD = "javascript:alert(5)//board"
"""A board nobody describes, named by a nämndsmål's sg:decidedBy: a link in the findings."""
ORPHAN = LJ + "hostile-orphan"
"""A nämndsmål with no upward link, so the findings (coverage and rules) name it."""

FORMULAS = (
    '=HYPERLINK("http://example.org/?x","klicka")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1+1",
    "=1+1",
    "javascript:alert(document.domain)//x",
    "<script>alert(1)</script>",
)
"""What every label of the hostile model is, in turn."""
NUMBERS = ("-5", "+3.2", "-1.5e3", "-0.25")
"""Numbers that CSV downloads must leave as they are."""


def hostile_model(folder: Path) -> Path:
    """Write the hostile model as TriG into ``folder``; its path."""
    store = ox.Store()
    for path in sample_data_files():
        store.load(path=str(path), format=ox.RdfFormat.TRIG)
    label = ox.NamedNode(LABEL)
    public = ox.NamedNode(PUBLIC)
    # Every label a formula or markup, in its own language.
    relabelled = []
    labelled = sorted(store.quads_for_pattern(None, label, None, None), key=str)
    for number, quad in enumerate(labelled):
        assert isinstance(quad.object, ox.Literal)
        text = f"{FORMULAS[number % len(FORMULAS)]} {number}"
        literal = ox.Literal(text, language=quad.object.language)
        relabelled.append((quad, ox.Quad(quad.subject, label, literal, quad.graph_name)))
    for old, new in relabelled:
        store.remove(old)
        store.add(new)

    def add(subject: str, predicate: str, value: ox.NamedNode | ox.Literal) -> None:
        store.add(ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), value, public))

    board = LJ + "kommunstyrelsen"
    for iri in (*SCRIPT_IRIS, *SAFE_IRIS):
        add(board, "http://xmlns.com/foaf/0.1/page", ox.NamedNode(iri))
        add(board, "http://www.w3.org/2000/01/rdf-schema#seeAlso", ox.NamedNode(iri))
    add(board, "javascript:alert(3)//property", ox.Literal("ett värde"))
    add(board, RDF_TYPE, ox.NamedNode("vbscript:msgbox(2)"))
    add(board, "http://purl.org/dc/terms/description", ox.Literal(" javascript:alert(6)"))
    # An aktivitet whose IRI is a script, under a real plan: in the tree, with a page.
    add(SCRIPT_NODE, RDF_TYPE, ox.NamedNode(SG + "Activity"))
    add(SCRIPT_NODE, LABEL, ox.Literal("=cmd aktivitet", language="sv"))
    add(SCRIPT_NODE, SG + "partOfPlan", ox.NamedNode(LJ + "hp-2021-ekonomi"))
    # A nämndsmål cut off from the vision, decided by a board that is a script.
    add(ORPHAN, RDF_TYPE, ox.NamedNode(SG + "BoardGoal"))
    add(ORPHAN, LABEL, ox.Literal("@SUM(A1) föräldralöst mål", language="sv"))
    add(ORPHAN, SG + "decidedBy", ox.NamedNode(SCRIPT_BOARD))
    add(ORPHAN, SG + "coversUnit", ox.NamedNode("javascript:alert(7)//unit"))
    target = folder / "hostile.trig"
    store.dump(str(target), format=ox.RdfFormat.TRIG)
    return target
