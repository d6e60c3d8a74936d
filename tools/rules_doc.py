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


INTRO = """# The rules of the styrmodell

Generated from `shapes/` by `tools/rules_doc.py` (`make docs`); do not edit by hand, a test
keeps it current.

The rules of the styrmodell are SHACL shapes in `shapes/`: `rules.ttl` holds the rules proper
(each result a violation), `recommendations.ttl` what a careful quality checker wants to see
(warnings). Every rule is a named shape with a name and a message in Swedish and English, and a
description (`sh:description`, Swedish and English) that explains in plain words, for a controller
or a board secretary, what the rule asks and why it matters in the styrmodell: it names
handlingsplaner, nämndsmål and aktiviteter, never vocabulary terms or prefixed names (a test in
`tests/test_shapes.py` holds every rule of both profiles to this). The validation page shows it
beside each rule. Validation reports name the shape, the focus node and, where there is one, the
path and the offending value ([reports.md](reports.md#validation)). In short:

- an övergripande mål lies under exactly one strategic area (and, if it names one, a sub-area of
  that area), has one owner (a board, or kommunfullmäktige for a municipality-wide goal) and one
  mandate period, is decided by the council (`sg:decidedBy`, optional, must be the council), and
  carries no indicator: it is judged from its nämndsmål;
- each board has one or two övergripande mål under each strategic area and period: more than two
  is a violation, none is a violation unless the board states `sg:goalExemption`;
- a nämndsmål is decided by one board, supports at least one övergripande mål of its own board or
  a municipality-wide one, and is measurable: at least one indicator with a target value and a
  unit; it covers only units of its own board;
- every unit of a board is covered by at least one of the board's nämndsmål (covering a unit
  covers the units inside it, and a goal for a sub-unit counts for its parent);
- a handlingsplan belongs to one unit and one responsible manager post of that unit, covers one
  budget year inside the mandate period of the goals it realises, and realises at least one
  nämndsmål of its unit's board;
- an aktivitet belongs to at least one handlingsplan and says what will be done; its dates are
  valid and in order;
- an individual development plan belongs to one employee and supports at least one nämndsmål or
  aktivitet of that employee's unit;
- a value (an outcome, `sg:Value`) is of one indicator, is one valid number, is for one budget
  year with its year, and states at most one part of the year (delår or helår), one area (the
  municipality, an administration or a unit) and one group (total, women, men); a unit it states
  is its indicator's, and all the values of an indicator are in one unit; two values from one
  source for the same indicator, year, part, area and group (an absent one counting as its
  default: helår, the municipality, total) do not differ unless one revises the other
  (`prov:wasRevisionOf`, through any number of revisions);
- an assessment is of one goal, has one status, is in one report and for at most one period; a
  budget year it is for lies within the governance model's mandate period, and a part of the year
  it states is the one its report follows up (delår for a delårsrapport, helår for an
  årsredovisning);
- the hierarchy has no cycles and every node reaches a vision;
- every node has exactly one Swedish label and no type the vocabulary does not define (a
  misspelt class); dates, years and numbers are well typed;
- once the input declares an `sg:PrivateGraph`, employees and development plans appear in no
  other graph (in a service: in no graph the service does not keep private).

Recommendations: an övergripande mål with no nämndsmål, a nämndsmål with no handlingsplan or no
unit named, a handlingsplan with no aktivitet, an indicator with no baseline, no direction (so a
target cannot be judged), no target or unit (beside a complete one), or measuring nothing, an
aktivitet with no status or dates or dated outside its plan's year, a focus area no goal
addresses or with no central point, an exempt board that has goals anyway, a goal that claims
one of the UN's Sustainable Development Goals with no measured result beneath it (no indicator
of its own nämndsmål, or of a nämndsmål supporting it, has a value yet), a node with no English
label, a value of a goal's indicator for a year outside the mandate period (not the vision's
indicators, nor the indicator's baseline year), an övergripande mål judged in a report in which
none of its nämndsmål is judged, a judged status more than one step from the computed one or on
no step of the follow-up profile's scale (docs/follow-up.md).

**How a broken hierarchy is reported.** "Every node reaches a vision" is enforced level by level:
each kind of node must have its upward link, the link must lead to a node of the right kind
(`sg:UpwardLinkConstraintComponent`), and there must be no cycle (`sg:Hierarchy-noCycle`).
Together these guarantee a path to a vision, and a break is reported once, at the node where it
is — not again at every plan and activity beneath it. A cycle is reported as a cycle, not also as
links to the wrong kind of node. (The nodes cut off below a break are orphans; listing them is the
job of coverage, not of validation: [reports.md](reports.md#coverage).)

**Another profile.** A different municipality with different rules gets a different shapes
profile, not a different ontology: `styrgraf validate --shapes my-profile/`. The personal-data
rule (`sg:PersonalData-privateGraph`) is checked by styrgraf itself over the named graphs, since
SHACL sees one merged graph ([model.md](model.md#its-graphs-and-personal-data)).
"""


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
    lines = INTRO.splitlines()
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
