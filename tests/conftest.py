from __future__ import annotations

import pytest
from rdflib import Graph

from styrgraf.validate import load_ontology, load_shapes


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology()
