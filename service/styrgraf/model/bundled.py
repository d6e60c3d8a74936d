"""Where the bundled ontology, shapes, queries and sample data live.

In a wheel they are shipped inside the package (``styrgraf/_bundled``); in a source checkout they
are the top-level folders of the repository, which stay the single source of truth.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_NAMES = ("ontology", "shapes", "queries", "data")


def resource_dir(name: str) -> Path:
    """Return the directory that holds the bundled resource folder ``name``."""
    if name not in _NAMES:
        raise ValueError(f"unknown resource folder {name!r}; expected one of {', '.join(_NAMES)}")
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the bundled folder {name!r} is missing from this installation")


def ontology_files() -> list[Path]:
    """The vocabulary files (Turtle), in a stable order."""
    return sorted(resource_dir("ontology").glob("*.ttl"))


def shapes_files() -> list[Path]:
    """The SHACL profile files (Turtle), in a stable order."""
    return sorted(resource_dir("shapes").glob("*.ttl"))


def sample_data_files() -> list[Path]:
    """The bundled Ljungby model."""
    return sorted(
        p for p in resource_dir("data").iterdir() if p.is_file() and not p.name.startswith(".")
    )


# The bundled vocabulary and rules, as they sit in a store beside the models: the ontology in
# the graph named by its own IRI, each shapes profile in a graph named after its file.
ONTOLOGY_GRAPH = "https://w3id.org/styrgraf"
SHAPES_GRAPH_BASE = "https://w3id.org/styrgraf/shapes/"
# The service's own configuration (which graphs are private), kept in the store beside the
# models: no public route reads or writes it (see styrgraf.model.privacy).
SERVICE_GRAPH = "https://w3id.org/styrgraf/graph/service"


def vocabulary_graphs() -> dict[str, list[Path]]:
    """The graphs the bundled vocabulary and shapes are stored in, with their files."""
    graphs = {ONTOLOGY_GRAPH: ontology_files()}
    for path in shapes_files():
        graphs[SHAPES_GRAPH_BASE + path.stem] = [path]
    return graphs


def is_vocabulary(graph: str) -> bool:
    """Whether a graph holds the vocabulary or a shapes profile rather than a model."""
    return graph == ONTOLOGY_GRAPH or graph.startswith(SHAPES_GRAPH_BASE)


def is_model(graph: str) -> bool:
    """Whether a graph holds a model: neither the vocabulary nor the service's configuration."""
    return not is_vocabulary(graph) and graph != SERVICE_GRAPH
