"""The UN Sustainable Development Goals: the SKOS scheme that names them (ontology/sdg.ttl), and
how pages show a goal's SDG by its number and name."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from styrgraf.model.bundled import sample_data_files
from styrgraf.model.load import merged, read_dataset

SG = Namespace("https://w3id.org/styrgraf#")
SDG = "http://metadata.un.org/sdg/"
SCHEME = URIRef("https://w3id.org/styrgraf/sdg")

# Goal 11, as the Swedish government and the UN name it: short name, and number and name.
ELEVEN = {
    "sv": ("Hållbara städer och samhällen", "Mål 11 Hållbara städer och samhällen"),
    "en": ("Sustainable cities and communities", "Goal 11 Sustainable cities and communities"),
}


def _one(graph: Graph, node: URIRef, predicate: URIRef, lang: str) -> str:
    values = [
        str(o)
        for o in graph.objects(node, predicate)
        if isinstance(o, Literal) and o.language == lang
    ]
    assert len(values) == 1, (node, predicate, lang, values)
    return values[0]


# --- The scheme ---------------------------------------------------------------------------------


def test_the_scheme_holds_the_seventeen_goals_named_in_both_languages(ontology: Graph) -> None:
    goals = sorted(
        (s for s in ontology.subjects(SKOS.inScheme, SCHEME) if isinstance(s, URIRef)),
        key=lambda s: int(s.removeprefix(SDG)),
    )
    assert goals == [URIRef(f"{SDG}{n}") for n in range(1, 18)]
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in ontology
    assert set(ontology.objects(SCHEME, SKOS.hasTopConcept)) == set(goals)
    for number, goal in enumerate(goals, 1):
        assert (goal, RDF.type, SKOS.Concept) in ontology
        assert (goal, SKOS.topConceptOf, SCHEME) in ontology
        assert [str(n) for n in ontology.objects(goal, SKOS.notation)] == [str(number)]
        for lang, word in (("sv", "Mål"), ("en", "Goal")):
            name = _one(ontology, goal, SKOS.prefLabel, lang)
            assert _one(ontology, goal, RDFS.label, lang) == f"{word} {number} {name}"
            definition = _one(ontology, goal, SKOS.definition, lang)
            assert definition[0].isupper() and definition.endswith(".")
    eleven = URIRef(SDG + "11")
    for lang, (name, label) in ELEVEN.items():
        assert _one(ontology, eleven, SKOS.prefLabel, lang) == name
        assert _one(ontology, eleven, RDFS.label, lang) == label
    assert _one(ontology, eleven, SKOS.definition, "en") == (
        "Make cities and human settlements inclusive, safe, resilient and sustainable."
    )


def test_every_sdg_the_bundled_model_claims_is_described(ontology: Graph) -> None:
    model = merged(read_dataset(sample_data_files()))
    claimed = set(model.objects(None, SG.sdg))
    assert len(claimed) > 5
    assert claimed <= set(ontology.subjects(SKOS.inScheme, SCHEME))


# --- Pages and the API --------------------------------------------------------------------------


class _Links(HTMLParser):
    """Every link of a page with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def _links(client: FlaskClient, url: str) -> list[tuple[str, str]]:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200
    parser = _Links()
    parser.feed(response.get_data(as_text=True))
    return parser.links


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_goal_page_names_its_sdg_by_number_and_name(client: FlaskClient, lang: str) -> None:
    goal = "/ljungby/id/og-kommun-tillvaxt-1"
    here = f"/resource?iri={quote(SDG + '11', safe='')}"
    links = _links(client, f"{goal}?lang={lang}")
    assert (here, ELEVEN[lang][1]) in links
    assert not [text for _, text in links if text.startswith("sdg:")]
    # The link leads to the goal's description here, which lists the goals that claim it.
    described = _links(client, f"{here}&lang={lang}")
    assert any(href == goal for href, _ in described)
