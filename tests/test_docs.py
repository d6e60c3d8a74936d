"""The documents are held to the code: the README is a front door that opens with the two
commands and links every document; the generated documents are current; every coverage reason,
setting, module, layer and route is where the documents say; every relative link reaches a file
and a heading. (Each command's section of docs/cli.md against its ``--help`` is
``test_cli_docs.py``; the examples are run by ``test_doc_examples.py``.)"""

from __future__ import annotations

import re
from pathlib import Path

import queries_doc
import rules_doc

from styrgraf.analysis.coverage import ORPHAN_REASONS, UNCOVERED_REASONS
from styrgraf.settings import SETTINGS as TABLE
from styrgraf.web.app import create_app
from test_layers import LAYERS, MODULES

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCUMENTS = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# --- the README --------------------------------------------------------------------------------


def test_readme_opens_with_the_two_commands() -> None:
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    # The first serves the model; the second sets up and runs the whole suite, and CI runs it
    # word for word.
    assert block[0].endswith("styrgraf serve")
    assert block[1].endswith(".venv/bin/python -m pytest") and "test-peers.sh" in block[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.count(block[1]) == 1


def test_readme_is_a_front_door() -> None:
    # About a screen or three: what it is, the commands, a picture, five things, the reference.
    assert 100 <= len(README.splitlines()) <= 150
    for heading in ("## What it is", "## Five things to try", "## The reference", "## Licence"):
        assert f"\n{heading}\n" in README
    picture = ROOT / "docs" / "screenshot.png"
    assert "](docs/screenshot.png)" in README
    assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert picture.stat().st_size < 100_000


def test_readme_links_every_document() -> None:
    linked = set(re.findall(r"\]\((docs/[^)#]+\.md)", README))
    documents = {str(p.relative_to(ROOT)) for p in DOCUMENTS[1:]}
    assert documents - linked == set()


# --- the generated documents, and what the written ones must name -------------------------------


def test_rules_document_is_current() -> None:
    assert _read("rules.md") == rules_doc.render()


def test_queries_document_is_current() -> None:
    assert _read("queries.md") == queries_doc.render()


def test_every_coverage_reason_is_documented() -> None:
    reports = _read("reports.md")
    codes = ORPHAN_REASONS + UNCOVERED_REASONS
    missing = [code for code in codes if f"| `{code}` |" not in reports]
    assert missing == []


def test_every_setting_is_documented() -> None:
    settings = _read("settings.md")
    missing = [s.env for s in TABLE if f"| `{s.name}` | `{s.env}` |" not in settings]
    assert missing == []


# --- the architecture ---------------------------------------------------------------------------


def test_every_module_is_named_in_the_architecture() -> None:
    architecture = _read("architecture.md")
    named = set(re.findall(r"\| `(styrgraf(?:\.\w+)*)` \|", architecture))
    assert sorted(set(MODULES) - named) == []
    assert sorted(named - set(MODULES)) == []  # and no module that is gone


def test_the_layer_diagram_draws_the_layers_in_order() -> None:
    architecture = _read("architecture.md")
    diagram = architecture.split("```mermaid\n", 1)[1].split("```", 1)[0]
    rank = {name: index for index, layer in enumerate(LAYERS) for name in layer}
    drawn = [name for name in re.findall(r"styrgraf(?:\.\w+)*", diagram) if name in rank]
    assert set(drawn) == set(rank)
    first = list(dict.fromkeys(drawn))
    assert [rank[name] for name in first] == sorted(rank[name] for name in first)


# --- the HTTP interface -------------------------------------------------------------------------


def _route_rows() -> dict[str, tuple[set[str], str]]:
    """The rows of docs/api.md's table of every route: rule -> (methods, module)."""
    api = _read("api.md")
    table = api.split("\n## Every route\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[set[str], str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`/"):
            rule, module = cells[0].strip("`"), cells[2].strip("`")
            assert rule not in rows, f"{rule} is in the table twice"
            rows[rule] = ({m.strip() for m in cells[1].split(",")}, module)
    return rows


def test_every_route_of_the_app_is_in_the_api_document() -> None:
    app = create_app({"TESTING": True, "query_processes": 0})
    rows = _route_rows()
    served = {rule.rule: rule for rule in app.url_map.iter_rules()}
    assert sorted(set(served) - set(rows)) == []  # every route is documented
    assert sorted(set(rows) - set(served)) == []  # and nothing that is not a route
    for path, rule in served.items():
        methods, module = rows[path]
        assert methods == set(rule.methods or ()) - {"OPTIONS"}, path
        view = app.view_functions[rule.endpoint].__module__
        assert view == module or view.startswith(module + "."), (path, view)


# --- links --------------------------------------------------------------------------------------


def _anchors(text: str) -> set[str]:
    """The anchors a Markdown renderer gives the headings (GitHub's way: lower case, punctuation
    dropped, spaces to hyphens, a repeated heading numbered), outside fenced blocks."""
    anchors: set[str] = set()
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"#{1,6} (.+)", line)):
            slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
            number, unique = 0, slug
            while unique in anchors:
                number += 1
                unique = f"{slug}-{number}"
            anchors.add(unique)
    return anchors


def _links(text: str) -> list[str]:
    """The relative link targets of a Markdown text, outside fenced blocks and code spans."""
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    return [
        target
        for target in re.findall(r"\]\(([^)\s]+)\)", prose)
        if not re.match(r"[a-z][a-z0-9+.-]*:", target)
    ]


def test_every_relative_link_reaches_a_file_and_a_heading() -> None:
    broken = []
    for document in DOCUMENTS:
        for target in _links(document.read_text(encoding="utf-8")):
            file, _, anchor = target.partition("#")
            path = (document.parent / file).resolve() if file else document
            if not path.exists():
                broken.append(f"{document.name}: {target}: no such file")
            elif anchor and anchor not in _anchors(path.read_text(encoding="utf-8")):
                broken.append(f"{document.name}: {target}: no such heading")
    assert broken == []


def test_the_link_check_finds_a_broken_anchor() -> None:
    text = "# Top\n\n## The API\n\n```\n## not a heading\n```\n\n## The API\n"
    assert _anchors(text) == {"top", "the-api", "the-api-1"}
    assert _links("[a](b.md#c) `[x](y.md)` [w](https://example.org/)") == ["b.md#c"]
