"""Print docs/rules.md: every rule of the bundled shapes, in Swedish and English.

Run through `make docs`; a test checks that the committed file is what this prints.
"""

from __future__ import annotations

import sys

from rdflib import SH, Graph, Literal, URIRef
from rdflib.term import Node

from styrgraf.model.bundled import shapes_files
from styrgraf.model.load import read_graph

SG = "https://w3id.org/styrgraf#"
SECTIONS = {
    "rules.ttl": ("Rules (violations)", "A model that breaks one of these does not conform."),
    "recommendations.ttl": (
        "Recommendations (warnings)",
        "Worth fixing before a model is reported on; the model still conforms.",
    ),
}


def _text(graph: Graph, node: Node, predicate: URIRef, lang: str) -> str:
    for value in graph.objects(node, predicate):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


def _messages(graph: Graph, shape: Node, lang: str) -> list[str]:
    """The shape's own messages, or those of its SPARQL constraints or its component."""
    sources: list[Node] = [
        shape,
        *graph.objects(shape, SH.sparql),
        *graph.objects(shape, SH.property),
    ]
    if (shape, URIRef(SG + "upwardClass"), None) in graph:
        sources.append(URIRef(SG + "UpwardLinkValidator"))
    return [m for m in (_text(graph, s, SH.message, lang) for s in sources) if m]


def _short(node: Node) -> str:
    text = str(node)
    return "sg:" + text[len(SG) :] if text.startswith(SG) else f"<{text}>"


def render() -> str:
    lines = [
        "# The rules of the styrmodell",
        "",
        "Generated from `shapes/` by `make docs`; do not edit by hand. Each rule is a named",
        "SHACL shape; validation reports name the shape, the focus node and, where there is one,",
        "the path and the offending value.",
    ]
    order = list(SECTIONS)
    files = sorted(shapes_files(), key=lambda p: order.index(p.name) if p.name in order else 99)
    for path in files:
        graph = read_graph([path])
        title, intro = SECTIONS.get(path.name, (path.name, ""))
        lines += ["", f"## {title}", "", intro]
        shapes = sorted(
            (s for s in set(graph.subjects(SH.name, None)) if isinstance(s, URIRef)), key=str
        )
        for shape in shapes:
            owners = [shape, *graph.subjects(SH.property, shape)]
            classes = {t for owner in owners for t in graph.objects(owner, SH.targetClass)}
            targets = ", ".join(_short(t) for t in sorted(classes))
            lines += ["", f"### `{_short(shape)}`", ""]
            lines.append(f"- **sv:** {_text(graph, shape, SH.name, 'sv')}")
            lines.append(f"- **en:** {_text(graph, shape, SH.name, 'en')}")
            if targets:
                lines.append(f"- **applies to:** {targets}")
            path_node = graph.value(shape, SH.path)
            if isinstance(path_node, URIRef):
                lines.append(f"- **path:** {_short(path_node)}")
            for lang in ("sv", "en"):
                description = _text(graph, shape, SH.description, lang)
                if description:
                    lines.append(f"- **description ({lang}):** {description}")
            for lang in ("sv", "en"):
                for message in _messages(graph, shape, lang):
                    lines.append(f"- **message ({lang}):** {message}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
    sys.exit(0)
