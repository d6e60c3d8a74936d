"""One version: the package's ``__version__`` is the project's, the ontology's and each shapes
profile's, in its ``owl:versionInfo`` and at the end of its ``owl:versionIRI``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hatchling.metadata.core import ProjectMetadata
from hatchling.plugin.manager import PluginManager
from rdflib import OWL, RDF, Graph, URIRef

import styrgraf
from styrgraf.model.bundled import ontology_files, shapes_files

ROOT = Path(__file__).parent.parent


def _header(path: Path) -> tuple[URIRef, str | None, str | None]:
    """The file's owl:Ontology, its versionInfo and its versionIRI."""
    graph = Graph().parse(path, format="turtle")
    headers = [s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)]
    assert len(headers) == 1, f"{path.name} declares {len(headers)} owl:Ontology"
    header = headers[0]
    info, iri = graph.value(header, OWL.versionInfo), graph.value(header, OWL.versionIRI)
    return header, None if info is None else str(info), None if iri is None else str(iri)


def test_the_project_takes_its_version_from_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    source = ROOT / project["tool"]["hatch"]["version"]["path"]
    assert source.resolve() == Path(styrgraf.__file__).resolve()
    # What the build backend reads from the checkout, not what was installed some time ago.
    assert ProjectMetadata(str(ROOT), PluginManager()).version == styrgraf.__version__


@pytest.mark.parametrize(
    "path", [*ontology_files(), *shapes_files()], ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_each_vocabulary_file_carries_the_package_version(path: Path) -> None:
    header, info, iri = _header(path)
    assert info == styrgraf.__version__
    assert iri == f"{header}/{styrgraf.__version__}"


def test_the_ontology_version_iri_is_the_published_one() -> None:
    (path,) = [p for p in ontology_files() if p.name == "styrgraf.ttl"]
    assert _header(path)[2] == f"https://w3id.org/styrgraf/{styrgraf.__version__}"
