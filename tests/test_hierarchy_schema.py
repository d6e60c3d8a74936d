"""The goal hierarchy has one owner, the vocabulary: its classes and upward links are read from the
ontology file, a changed file changes what is read, the named queries name the same links and
classes, and no other module of the package lists them again."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from styrgraf.i18n.words import message_ids
from styrgraf.model.bundled import ontology_files
from styrgraf.model.hierarchy_schema import (
    HierarchySchemaError,
    hierarchy_schema,
    read_hierarchy_schema,
)
from styrgraf.sparql.queries import get_query
from styrgraf.vocabulary import SG
from styrgraf.web.resource_pages import EXPLORE

PACKAGE = Path(__file__).parent.parent / "service" / "styrgraf"

# The hierarchy as docs/vocabulary.md tables it: the oracle the reading is held to.
EXPECTED_LINKS = {
    ("FocusArea", "servesVision", "Vision"),
    ("StrategicArea", "servesVision", "Vision"),
    ("StrategicSubArea", "subAreaOf", "StrategicArea"),
    ("OverarchingGoal", "inStrategicArea", "StrategicArea"),
    ("BoardGoal", "supports", "OverarchingGoal"),
    ("ActionPlan", "realises", "BoardGoal"),
    ("Activity", "partOfPlan", "ActionPlan"),
    ("DevelopmentPlan", "supportsGoal", "BoardGoal"),
    ("DevelopmentPlan", "supportsActivity", "Activity"),
}

TASK = """
sg:Task
    a owl:Class ;
    rdfs:label "uppgift"@sv ;
    rdfs:label "task"@en .

sg:partOfActivity
    a owl:ObjectProperty ;
    rdfs:subPropertyOf sg:contributesTo ;
    rdfs:domain sg:Task ;
    rdfs:range sg:Activity .
"""


def _vocabulary_file() -> Path:
    """The sg: vocabulary among the bundled ontology files (the others describe other terms)."""
    (path,) = [p for p in ontology_files() if p.name == "styrgraf.ttl"]
    return path


def _copy(tmp_path: Path, text: str | None = None, extra: str = "") -> Path:
    original = _vocabulary_file()
    copy = tmp_path / "styrgraf.ttl"
    copy.write_text(
        (text if text is not None else original.read_text(encoding="utf-8")) + extra,
        encoding="utf-8",
    )
    return copy


def test_the_bundled_vocabulary_declares_the_hierarchy() -> None:
    schema = hierarchy_schema()
    assert {(link.source, link.name, link.target) for link in schema.links} == EXPECTED_LINKS
    assert set(schema.classes) == {kind for s, _, t in EXPECTED_LINKS for kind in (s, t)}
    assert schema.top == ("Vision",)
    # From the top down: every class below each class its links lead to.
    for link in schema.links:
        assert schema.rank(link.source) > schema.rank(link.target), link
    assert schema.classes[-3:] == ("ActionPlan", "Activity", "DevelopmentPlan")
    assert schema.kinds_under(SG + "Goal") == ("OverarchingGoal", "BoardGoal")


def test_a_changed_vocabulary_changes_what_is_read(tmp_path: Path) -> None:
    added = read_hierarchy_schema([_copy(tmp_path, extra=TASK)])
    assert added.classes[-1] == "Task"
    assert added.upward("Task") == (("partOfActivity", "Activity"),)
    assert "partOfActivity" in added.link_names
    assert added.holds("Task", "partOfActivity", "Activity")
    assert "Task" not in hierarchy_schema().classes  # the bundled one is not touched

    original = _vocabulary_file()
    text = original.read_text(encoding="utf-8")
    declaration = re.search(r"\nsg:supportsActivity\n.*?\.\n", text, re.DOTALL)
    assert declaration is not None
    dropped = read_hierarchy_schema([_copy(tmp_path, text.replace(declaration.group(0), "\n"))])
    assert dropped.upward("DevelopmentPlan") == (("supportsGoal", "BoardGoal"),)
    assert "supportsActivity" not in dropped.link_names


def test_an_upward_link_without_a_range_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    copy = _copy(tmp_path, extra=TASK.replace("    rdfs:range sg:Activity .", "    ."))
    line = copy.read_text(encoding="utf-8").splitlines().index("sg:partOfActivity") + 1
    with pytest.raises(HierarchySchemaError) as refused:
        read_hierarchy_schema([copy])
    assert str(refused.value).startswith(f"{copy}:{line}: ")
    assert "sg:partOfActivity needs exactly one rdfs:range" in str(refused.value)


def test_upward_links_in_a_circle_are_refused(tmp_path: Path) -> None:
    circle = "\nsg:visionOf a owl:ObjectProperty ; rdfs:subPropertyOf sg:contributesTo ;\n"
    circle += "    rdfs:domain sg:Vision ; rdfs:range sg:Activity .\n"
    with pytest.raises(HierarchySchemaError, match="go round in a circle: sg:"):
        read_hierarchy_schema([_copy(tmp_path, extra=circle)])


def test_a_vocabulary_without_upward_links_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "empty.ttl"
    copy.write_text("@prefix sg: <https://w3id.org/styrgraf#> .\n", encoding="utf-8")
    with pytest.raises(HierarchySchemaError, match=f"^{re.escape(str(copy))}: no upward link"):
        read_hierarchy_schema([copy])


def _sg_terms(text: str) -> set[str]:
    return set(re.findall(r"\bsg:(\w+)", text))


@pytest.mark.parametrize("name", ["hierarchy", "trace-edges", "tree-edges"])
def test_the_queries_follow_the_vocabularys_upward_links(name: str) -> None:
    """A store evaluates no rdfs:subPropertyOf: the queries name each upward link, and are held
    to the vocabulary's list here."""
    text = get_query(name).text
    body = text[text.index("SELECT") :]
    for part in re.findall(r"VALUES \?link \{(.*?)\}", body, re.DOTALL) + re.findall(
        r"\(([^()]*)\)\*", body
    ):
        assert _sg_terms(part) == set(hierarchy_schema().link_names), name


def test_the_node_types_query_names_the_vocabularys_classes() -> None:
    text = get_query("node-types").text
    assert _sg_terms(text[text.index("SELECT") :]) == set(hierarchy_schema().classes)


def _named(node: ast.expr) -> str | None:
    """The class or link a literal names: ``"Vision"``, ``"sg:Vision"``, ``SG + "Vision"``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        node = node.right
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.removeprefix(SG).removeprefix("sg:")
    return None


def test_no_module_lists_the_hierarchy_again() -> None:
    """No module but :mod:`styrgraf.model.hierarchy_schema` names an upward link, or holds two
    or more of the hierarchy's classes in one tuple, list, set or dict. The generator is left
    out: its oracle restates the hierarchy on purpose, to check the analysis independently
    (docs/generator.md)."""
    schema = hierarchy_schema()
    classes, links = set(schema.classes), set(schema.link_names)
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "generator" in path.relative_to(PACKAGE).parts:
            continue
        where = path.relative_to(PACKAGE.parent)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and _named(node) in links:
                found.append(f"{where}:{node.lineno}: the upward link {node.value!r}")
            items: list[ast.expr | None] = []
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                items = list(node.elts)
            elif isinstance(node, ast.Dict):
                items = list(node.keys)
            named = {_named(item) for item in items if item is not None} & classes
            if len(named) > 1:
                found.append(f"{where}:{node.lineno}: the classes {sorted(named)}")
    assert found == []


def test_the_resource_pages_explore_words_exist() -> None:
    """The goal tree's filters, offered from a resource's page, are named in both languages."""
    assert {key for _, key in EXPLORE.values()} <= message_ids()
