"""Named queries: their headers, how parameters are checked and bound, and what they answer.

The analyst queries are run on the bundled Ljungby model on both backends (``backend``), each
compared with the same query on an embedded reference store, so both give identical rows; what
they should answer is derived from the data with separate, simpler queries where it can be.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from styrgraf.model.bundled import ontology_files, resource_dir, sample_data_files
from styrgraf.sparql.queries import (
    TYPES,
    ParameterError,
    QueryError,
    get_query,
    load_queries,
    parse_query,
    with_values,
)
from styrgraf.store.base import Row, Store
from styrgraf.store.embedded import EmbeddedStore
from styrgraf.store.remote import RemoteStore
from tests_support import LJ, PRIVATE, PUBLIC

QUERY_FILES = sorted(resource_dir("queries").glob("*.rq"))
SG = "https://w3id.org/styrgraf#"
VOCABULARY = "https://w3id.org/styrgraf"
XSD = "http://www.w3.org/2001/XMLSchema#"
HOSTILE = 'x" } ; DROP ALL ; #'
PREFIXES = f"""
PREFIX lj: <{LJ}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sg: <{SG}>
PREFIX xsd: <{XSD}>
"""
Backend = Callable[[], Store]

# Dummy values of each type, to bind every parameter of a query when checking that it parses.
SAMPLE_VALUES = {
    "iri": "https://example.org/x",
    "string": "x",
    "language": "en",
    "integer": "1",
    "decimal": "1.5",
    "boolean": "true",
    "date": "2021-01-01",
}


def _load_ljungby(store: Store) -> Store:
    """The bundled model, with the vocabulary in a graph of its own (for status labels)."""
    store.load(sample_data_files())
    store.load(ontology_files(), graph=VOCABULARY)
    return store


@pytest.fixture(scope="module")
def reference() -> Store:
    """Ljungby on an embedded store, loaded once for the module; tests must not change it."""
    return _load_ljungby(EmbeddedStore())


@pytest.fixture(scope="module")
def ljungby(module_backend: Backend) -> Store:
    """Ljungby on each backend in turn, loaded once for the module's tests of that backend;
    tests must not change it (a test that does takes ``backend`` and loads its own)."""
    return _load_ljungby(module_backend())


def _run(store: Store, name: str, **params: str) -> list[Row]:
    query = get_query(name)
    return store.select(query.text, query.bindings(params))


def _values(rows: list[Row]) -> list[dict[str, str]]:
    """Rows as plain strings: IRIs, lexical forms of literals."""
    return [{name: term.value for name, term in row.items()} for row in rows]


def _column(rows: list[Row], name: str) -> list[str]:
    return [row[name].value for row in rows if name in row]


def _same_on_reference(store: Store, reference: Store, name: str, **params: str) -> list[Row]:
    """Run a query on the store under test; it must answer exactly as the reference does."""
    rows = _run(store, name, **params)
    assert rows == _run(reference, name, **params)
    return rows


def _set(store: Store, sparql: str, variable: str = "x") -> set[str]:
    return {row[variable].value for row in store.select(PREFIXES + sparql)}


# --- Headers of the bundled queries ----------------------------------------------------------


def _body(text: str) -> str:
    """The query text after its header and the prologue, comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines)


def test_the_queries_folder_holds_the_named_queries() -> None:
    queries = load_queries()
    assert sorted(queries) == sorted(path.stem for path in QUERY_FILES)
    for name in ("goals-of-board", "activities-for-goal", "unmeasurable-goals", "boards"):
        assert name in queries


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda path: path.stem)
def test_a_bundled_query_has_a_full_header_and_parses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    query = parse_query(path.stem, text, path)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", query.name)
    assert query.summary and query.description
    assert all(parameter.type in TYPES for parameter in query.parameters)
    body = _body(text)
    where = body[body.index("{") :]
    for parameter in query.parameters:
        assert re.search(rf"[?$]{parameter.name}\b", where), f"?{parameter.name} is not used"
    # Valid SPARQL as it stands, and with every parameter bound.
    ox.Store().query(text)
    values = {p.name: SAMPLE_VALUES[p.type] for p in query.parameters}
    ox.Store().query(with_values(text, query.bindings(values)))


def test_a_header_is_read_into_summary_description_and_parameters() -> None:
    text = (
        "#+ summary: Goals of a board\n"
        "#+ description: Every goal the board owns,\n"
        "#+   with its area.\n"
        "# an ordinary comment, not part of the header\n"
        "#+ param: board iri required The board: a nämnd or styrelse\n"
        "#+ param: limit integer default=10 At most this many\n"
        "#+ param: lang language optional\n"
        "SELECT ?goal WHERE { ?goal ?p ?board } LIMIT 10\n"
        "#+ summary: not a header line any more\n"
    )
    query = parse_query("goals", text)
    assert query.summary == "Goals of a board"
    assert query.description == "Every goal the board owns, with its area."
    board, limit, lang = query.parameters
    assert (board.name, board.type, board.required, board.default) == ("board", "iri", True, None)
    assert board.description == "The board: a nämnd or styrelse"
    assert (limit.required, limit.default) == (False, "10")
    assert (lang.required, lang.default, lang.description) == (False, None, "")
    assert not query.is_violation
    assert parse_query("x-violation", text).is_violation


@pytest.mark.parametrize(
    ("header", "line", "message"),
    [
        ("#+ sumary: Typo", 1, "unknown header key 'sumary'"),
        ("#+ summary: S\n#+ param: board iri", 2, "NAME TYPE"),
        ("#+ summary: S\n#+ param: board uri required The board", 2, "unknown parameter type"),
        ("#+ summary: S\n#+ description: D\n#+ param: board iri mandatory B", 3, "required"),
        ("#+ summary: S\n#+ param: 1board iri required B", 2, "not a SPARQL variable"),
        ("#+ summary: S\n#+ param: n integer default=many N", 2, "'many' is not an integer"),
        ("#+ summary: S\n#+ param: lang language default=s;v L", 2, "not a language tag"),
    ],
)
def test_a_malformed_header_names_the_file_and_line(header: str, line: int, message: str) -> None:
    path = Path("queries") / "broken.rq"
    with pytest.raises(QueryError) as caught:
        parse_query("broken", f"{header}\nSELECT * WHERE {{ ?s ?p ?o }}\n", path)
    assert f"{path}:{line}:" in str(caught.value)
    assert message in str(caught.value)


def test_a_header_without_summary_or_with_a_parameter_twice_is_refused() -> None:
    path = Path("queries") / "broken.rq"
    with pytest.raises(QueryError, match=re.escape(f"{path}: the #+ header has no summary")):
        parse_query("broken", "#+ description: D\nSELECT * WHERE { }\n", path)
    twice = "#+ summary: S\n#+ param: a iri optional\n#+ param: a iri optional\nSELECT ?a {}"
    with pytest.raises(QueryError, match="declared twice"):
        parse_query("broken", twice, path)


def test_an_unknown_query_name_lists_the_known_ones() -> None:
    with pytest.raises(QueryError, match=r"no named query 'goals-of-bord'.*goals-of-board"):
        get_query("goals-of-bord")


# --- Checking parameter values ----------------------------------------------------------------

EVERY_TYPE = parse_query(
    "every-type",
    """#+ summary: One parameter of each type
#+ description: For the tests.
#+ param: node iri required A node
#+ param: n integer optional A count
#+ param: amount decimal optional An amount
#+ param: on date optional A day
#+ param: flag boolean default=false A flag
#+ param: lang language default=sv A language
#+ param: text string optional Some text
SELECT ?node ?n ?amount ?on ?flag ?lang ?text WHERE { }
""",
)


def _checked(**values: str) -> dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]:
    return EVERY_TYPE.bindings({"node": "https://example.org/a", **values})


def test_values_become_typed_terms_and_defaults_fill_in() -> None:
    bound = _checked(n=" 42 ", amount="1e2", on="2021-03-01", flag="1", lang="EN", text=HOSTILE)
    assert bound == {
        "node": ox.NamedNode("https://example.org/a"),
        "n": ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
        "amount": ox.Literal("100", datatype=ox.NamedNode(XSD + "decimal")),
        "on": ox.Literal("2021-03-01", datatype=ox.NamedNode(XSD + "date")),
        "flag": ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
        "lang": ox.Literal("en"),
        "text": ox.Literal(HOSTILE),
    }
    # Optional parameters given no value stay unbound; defaults are filled in.
    assert _checked() == {
        "node": ox.NamedNode("https://example.org/a"),
        "flag": ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")),
        "lang": ox.Literal("sv"),
    }


@pytest.mark.parametrize("values", [{}, {"node": ""}], ids=["absent", "empty"])
def test_a_missing_required_parameter_is_named(values: dict[str, str]) -> None:
    with pytest.raises(ParameterError) as caught:
        EVERY_TYPE.bindings(values)
    assert caught.value.parameter == "node"
    assert "'node'" in str(caught.value) and "required" in str(caught.value)


def test_an_unknown_parameter_is_named_with_the_known_ones() -> None:
    with pytest.raises(ParameterError) as caught:
        _checked(nod="https://example.org/b")
    assert caught.value.parameter == "nod"
    assert "known: node, n, amount, on, flag, lang, text" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("node", "tekniska-namnden"),
        ("node", "https://example.org/a b"),
        ("node", "https://example.org/a> } ; DROP ALL ; <x"),
        ("n", "1.5"),
        ("n", "ten"),
        ("n", "1; DROP ALL"),
        ("amount", "NaN"),
        ("amount", "much"),
        ("on", "2021-02-30"),
        ("on", "yesterday"),
        ("flag", "yes"),
        ("lang", "sv; DROP ALL"),
        ("lang", HOSTILE),
    ],
)
def test_a_value_of_the_wrong_type_is_named(name: str, value: str) -> None:
    with pytest.raises(ParameterError) as caught:
        _checked(**{name: value})
    assert caught.value.parameter == name
    assert f"parameter {name!r}" in str(caught.value)


def test_a_bundled_query_refuses_a_value_that_is_not_an_iri() -> None:
    with pytest.raises(ParameterError) as caught:
        get_query("goals-of-board").bindings({"board": HOSTILE})
    assert caught.value.parameter == "board"


def test_a_hostile_string_is_bound_as_a_literal_and_changes_nothing() -> None:
    store = EmbeddedStore()
    store.load(sample_data_files())
    sizes = {graph: store.graph_size(graph) for graph in (PUBLIC, PRIVATE)}
    bound = _checked(text=HOSTILE)
    echo = store.select(EVERY_TYPE.text, bound)
    assert _column(echo, "text") == [HOSTILE]
    search = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    search += "SELECT ?s WHERE { ?s rdfs:label ?text }"
    assert store.select(search, {"text": bound["text"]}) == []
    assert {graph: store.graph_size(graph) for graph in (PUBLIC, PRIVATE)} == sizes


# --- Where with_values puts the VALUES block --------------------------------------------------

EXAMPLE = "http://example.org/"
A, B = ox.NamedNode(EXAMPLE + "a"), ox.NamedNode(EXAMPLE + "b")


@pytest.fixture(scope="module")
def tiny() -> ox.Store:
    store = ox.Store()
    store.load(
        f'<{EXAMPLE}a> <{EXAMPLE}p> "1" .\n<{EXAMPLE}a> <{EXAMPLE}p> "2" .\n'
        f'<{EXAMPLE}b> <{EXAMPLE}p> "3" .\n',
        format=ox.RdfFormat.N_TRIPLES,
    )
    return store


def _subjects(store: ox.Store, sparql: str) -> list[str]:
    result = store.query(with_values(sparql, {"s": A}))
    assert isinstance(result, ox.QuerySolutions)
    return sorted(solution["s"].value for solution in result)  # type: ignore[union-attr]


def test_values_open_the_outer_where_clause_not_a_subquery(tiny: ox.Store) -> None:
    sparql = (
        "SELECT ?s ?n WHERE {\n  { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s }\n}"
    )
    bound = with_values(sparql, {"s": A})
    assert bound.index("VALUES") < bound.index("{ SELECT")
    assert "{ SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s }" in bound
    result = tiny.query(bound)
    assert isinstance(result, ox.QuerySolutions)
    assert [(s["s"], s["n"].value) for s in result] == [(A, "2")]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "sparql",
    [
        "CONSTRUCT { ?s <http://example.org/q> ?o } WHERE { ?s <http://example.org/p> ?o }",
        "CONSTRUCT { ?s <http://example.org/q> '}{' } { ?s <http://example.org/p> ?o }",
        "PREFIX ask: <http://example.org/>\nCONSTRUCT { ?s ask:q ?o } WHERE { ?s ask:p ?o }",
        "PREFIX select.x-y: <http://example.org/>\n"
        "CONSTRUCT { ?s select.x-y:q ?o } WHERE { ?s select.x-y:p ?o }",
    ],
    ids=["with-where", "no-where-keyword", "prefix-ask", "prefix-select-dotted"],
)
def test_values_go_into_the_where_clause_of_a_construct_not_its_template(
    tiny: ox.Store, sparql: str
) -> None:
    bound = with_values(sparql, {"s": A})
    template = sparql[sparql.index("CONSTRUCT") : sparql.index("}") + 1]
    assert template in bound
    triples = list(tiny.query(bound))  # type: ignore[arg-type]
    assert triples and {triple.subject for triple in triples} == {A}  # type: ignore[union-attr]


def test_a_construct_where_short_form_cannot_take_parameters() -> None:
    with pytest.raises(QueryError, match="short form"):
        with_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": A})


def test_values_bind_an_ask(tiny: ox.Store) -> None:
    sparql = "ASK { ?s <http://example.org/p> '3' }"
    assert bool(tiny.query(with_values(sparql, {"s": B})))
    assert not bool(tiny.query(with_values(sparql, {"s": A})))


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT ?s ("{ # }" AS ?x) WHERE { ?s ?p ?o }',
        "SELECT ?s ('}' AS ?x) ('''a\n} { #''' AS ?y) WHERE { ?s ?p ?o }",
        'SELECT ?s ("a \\" { b" AS ?x) WHERE { ?s ?p ?o }',
        "# a comment with a { brace and a 'quote\nSELECT ?s WHERE { # } comment\n ?s ?p ?o }",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?s WHERE { ?s ?p ?o }",
        "SELECT ?s WHERE { ?s ?p ?o FILTER (?o < '3' && ?o > '0') }",
        "SELECT ?s { ?s ?p ?o }",
    ],
    ids=[
        "brace-hash-in-string",
        "long-string",
        "escaped-quote",
        "comments",
        "hash-in-iri",
        "less-than",
        "no-where-keyword",
    ],
)
def test_braces_and_hashes_in_strings_iris_and_comments_are_skipped(
    tiny: ox.Store, sparql: str
) -> None:
    assert _subjects(tiny, sparql) == [A.value] * 2


def test_a_query_without_a_where_clause_or_with_broken_text_is_refused() -> None:
    with pytest.raises(QueryError, match="no WHERE clause"):
        with_values("DESCRIBE <http://example.org/a>", {"s": A})
    with pytest.raises(QueryError, match="unbalanced"):
        with_values("SELECT ?s WHERE { ?s ?p ?o } }", {"s": A})
    with pytest.raises(QueryError, match="unterminated string"):
        with_values("SELECT ?s WHERE { ?s ?p 'o }", {"s": A})
    assert with_values("SELECT * WHERE { }", {}) == "SELECT * WHERE { }"


# --- The analyst queries on Ljungby, on both backends -----------------------------------------


def test_goals_of_board_are_exactly_the_boards_goals(ljungby: Store, reference: Store) -> None:
    store = ljungby
    board = LJ + "tekniska-namnden"
    rows = _same_on_reference(store, reference, "goals-of-board", board=board)
    owned = """SELECT DISTINCT ?x ?type WHERE {
        { ?x sg:forBoard ?board } UNION { ?x sg:decidedBy ?board }
        ?x a ?type }"""
    expected = {
        row["x"].value: row["type"].value
        for row in store.select(PREFIXES + owned, {"board": ox.NamedNode(board)})
    }
    assert len(expected) == 11
    assert {row["goal"]: row["type"] for row in _values(rows)} == expected
    levels = {row["goal"]: row["level"] for row in _values(rows)}
    assert levels[LJ + "og-tn-tillvaxt-1"] == "1" and levels[LJ + "ng-tn-1"] == "2"
    assert _column(rows, "level") == sorted(_column(rows, "level"))
    areas = {(row["goal"], row["area"], row["areaLabel"]) for row in _values(rows)}
    # A nämndsmål sorts under the areas of the övergripande mål it supports: two for ng-tn-3.
    assert {(a, label) for goal, a, label in areas if goal == LJ + "ng-tn-3"} == {
        (LJ + "kunskap", "Kunskap"),
        (LJ + "livskvalitet", "Livskvalitet"),
    }
    assert all(row["label"].language == "sv" for row in rows)
    # The council owns the municipality-wide övergripande mål; deciding all of them (sg:decidedBy
    # on an övergripande mål) does not make them its goals.
    council = _run(store, "goals-of-board", board=LJ + "kommunfullmaktige")
    assert set(_column(council, "goal")) == {
        LJ + "og-kommun-tillvaxt-1",
        LJ + "og-kommun-livskvalitet-1",
    }
    english = _same_on_reference(store, reference, "goals-of-board", board=board, lang="en")
    labels = {row["goal"]: row["label"] for row in _values(english)}
    assert labels[LJ + "og-tn-tillvaxt-1"] == (
        "The infrastructure enables housing construction and the establishment of companies"
    )
    assert all(row["label"].language == "en" for row in english)
    assert {row["areaLabel"] for row in _values(english)} == {
        "Growth",
        "Knowledge",
        "Quality of life",
    }


def test_activities_for_goal_are_those_of_the_plans_that_realise_it(
    ljungby: Store, reference: Store
) -> None:
    store = ljungby
    rows = _same_on_reference(store, reference, "activities-for-goal", goal=LJ + "ng-tn-4")
    derived = _set(
        store, "SELECT ?x WHERE { ?plan sg:realises lj:ng-tn-4 . ?x sg:partOfPlan ?plan }"
    )
    assert derived == {LJ + "akt-2021-vatten-och-avlopp-1", LJ + "akt-2021-vatten-och-avlopp-2"}
    assert [
        (row["activity"], row["plan"], row["unit"], row["status"], row["statusLabel"])
        for row in _values(rows)
    ] == [
        (
            LJ + "akt-2021-vatten-och-avlopp-1",
            LJ + "hp-2021-vatten-och-avlopp",
            LJ + "enhet-vatten-och-avlopp",
            SG + "Completed",
            "genomförd",
        ),
        (
            LJ + "akt-2021-vatten-och-avlopp-2",
            LJ + "hp-2021-vatten-och-avlopp",
            LJ + "enhet-vatten-och-avlopp",
            SG + "InProgress",
            "pågående",
        ),
    ]
    assert _column(rows, "label") == [
        "Läcksökning och ledningsförnyelse",
        "Kommunövergripande VA-plan",
    ]
    # An övergripande mål is served through the nämndsmål that support it.
    overarching = _run(store, "activities-for-goal", goal=LJ + "og-tn-livskvalitet-2")
    through = """SELECT DISTINCT ?x WHERE {
        ?goal sg:supports lj:og-tn-livskvalitet-2 .
        ?plan sg:realises ?goal . ?x sg:partOfPlan ?plan }"""
    assert set(_column(overarching, "activity")) == _set(store, through)
    assert len(_set(store, through)) == 5
    # An activity in two plans that both realise the goal has a row for each plan.
    festival = _run(store, "activities-for-goal", goal=LJ + "ng-kfn-1", lang="en")
    assert {
        (row["plan"], row["planLabel"])
        for row in _values(festival)
        if row["activity"] == LJ + "akt-2021-berattarfestival"
    } == {
        (LJ + "hp-2021-bibliotek", "Action plan 2021, Libraries"),
        (LJ + "hp-2021-kulturskolan", "Action plan 2021, School of Arts"),
    }


UNMEASURABLE = f"""
INSERT DATA {{ GRAPH <{PUBLIC}> {{
    lj:ng-mbn-6 a sg:BoardGoal ;
        rdfs:label "Ett mål utan indikator"@sv , "A goal without an indicator"@en ;
        sg:decidedBy lj:miljo-och-byggnamnden ;
        sg:supports lj:og-mbn-livskvalitet-1 .
}} }} ;
DELETE WHERE {{ GRAPH ?g {{ lj:ind-ng-tn-4 sg:targetValue ?target }} }} ;
DELETE WHERE {{ GRAPH ?g {{ lj:ind-ng-ks-3-a sg:targetValue ?target }} }}
"""


def test_unmeasurable_goals_are_none_in_ljungby_and_found_when_planted(
    backend: Backend, reference: Store
) -> None:
    store = _load_ljungby(backend())
    assert _same_on_reference(store, reference, "unmeasurable-goals") == []
    store.update(PREFIXES + UNMEASURABLE)
    rows = _values(_run(store, "unmeasurable-goals"))
    # ng-ks-3 keeps one indicator with a target, so it can still be measured.
    assert [(row["goal"], row["reason"], row["board"]) for row in rows] == [
        (LJ + "ng-mbn-6", "no-indicator", LJ + "miljo-och-byggnamnden"),
        (LJ + "ng-tn-4", "no-target", LJ + "tekniska-namnden"),
    ]
    by_board = _values(_run(store, "unmeasurable-goals", board=LJ + "miljo-och-byggnamnden"))
    assert by_board == [
        {
            "goal": LJ + "ng-mbn-6",
            "type": SG + "BoardGoal",
            "label": "Ett mål utan indikator",
            "reason": "no-indicator",
            "board": LJ + "miljo-och-byggnamnden",
            "boardLabel": "Miljö- och byggnämnden",
        }
    ]
    assert _run(store, "unmeasurable-goals", board=LJ + "socialnamnden") == []


def test_plans_by_unit_give_period_post_and_counts(ljungby: Store, reference: Store) -> None:
    store = ljungby
    rows = _same_on_reference(store, reference, "plans-by-unit", unit=LJ + "enhet-miljo")
    activities = _set(store, "SELECT ?x WHERE { ?x sg:partOfPlan lj:hp-2021-miljo }")
    assert _values(rows) == [
        {
            "unit": LJ + "enhet-miljo",
            "unitLabel": "Miljö",
            "plan": LJ + "hp-2021-miljo",
            "label": "Handlingsplan 2021, Miljö",
            "period": LJ + "budgetar-2021",
            "periodLabel": "Budgetår 2021",
            "responsible": LJ + "chef-miljo",
            "responsibleLabel": "Miljöchef",
            "activities": str(len(activities)),
            "goals": "2",
        }
    ]
    english = _values(_run(store, "plans-by-unit", unit=LJ + "enhet-miljo", lang="en"))
    assert (english[0]["unitLabel"], english[0]["label"], english[0]["responsibleLabel"]) == (
        "Environment",
        "Action plan 2021, Environment",
        "Head of Environment",
    )
    every = _same_on_reference(store, reference, "plans-by-unit")
    assert set(_column(every, "plan")) == _set(store, "SELECT ?x WHERE { ?x a sg:ActionPlan }")
    assert len(every) == 19
    # The activity in two plans counts in both.
    counts = {row["plan"]: int(row["activities"]) for row in _values(every)}
    assert counts[LJ + "hp-2021-bibliotek"] == 2 and counts[LJ + "hp-2021-kulturskolan"] == 2
    assert sum(counts.values()) == len(
        store.select(PREFIXES + "SELECT ?a ?p WHERE { ?a sg:partOfPlan ?p }")
    )


def test_goals_by_focus_area_are_the_goals_that_address_it(
    ljungby: Store, reference: Store
) -> None:
    store = ljungby
    water = LJ + "fokus-vattenfragor"
    rows = _same_on_reference(store, reference, "goals-by-focus-area", focusArea=water)
    assert set(_column(rows, "goal")) == _set(
        store, "SELECT ?x WHERE { ?x sg:addresses lj:fokus-vattenfragor }"
    )
    assert {(row["goal"], row["type"]) for row in _values(rows)} >= {
        (LJ + "ng-tn-4", SG + "BoardGoal"),
        (LJ + "og-kommun-livskvalitet-1", SG + "OverarchingGoal"),
    }
    assert set(_column(rows, "focusArea")) == {water}
    every = _same_on_reference(store, reference, "goals-by-focus-area", lang="en")
    assert len(every) == len(store.select(PREFIXES + "SELECT * WHERE { ?g sg:addresses ?f }"))
    assert len(set(_column(every, "focusArea"))) == 3
    assert "Develop the work around the storytelling tradition" in _column(every, "focusAreaLabel")


def test_indicators_of_goal_with_target_baseline_and_latest_value(
    ljungby: Store, reference: Store
) -> None:
    store = ljungby
    rows = _values(_same_on_reference(store, reference, "indicators-of-goal", goal=LJ + "ng-tn-4"))
    assert rows == [
        {
            "indicator": LJ + "ind-ng-tn-4",
            "label": "Utläckage, andel av producerat dricksvatten",
            "measures": LJ + "ng-tn-4",
            "target": "12",
            "targetYear": "2022",
            "baseline": "18",
            "baselineYear": "2018",
            "measurementUnit": "procent",
            "direction": SG + "LowerIsBetter",
            "latestValue": "13.6",
            "latestPeriod": LJ + "budgetar-2022",
            "latestPeriodLabel": "Budgetår 2022",
        }
    ]
    kolada = _values(_run(store, "indicators-of-goal", goal=LJ + "ng-ks-2", lang="en"))
    # The full-year total, not the interim value or the values for women and men beside it.
    assert [(row["koladaKpi"], row["latestValue"]) for row in kolada] == [("N03937", "3.4")]
    # An övergripande mål is measured through the nämndsmål that support it.
    overarching = _values(_run(store, "indicators-of-goal", goal=LJ + "og-ks-kunskap-1"))
    assert [(row["indicator"], row["measures"], row["latestValue"]) for row in overarching] == [
        (LJ + "ind-ng-ks-3-a", LJ + "ng-ks-3", "73"),
        (LJ + "ind-ng-ks-3-b", LJ + "ng-ks-3", "7.1"),
    ]


def test_the_latest_value_is_the_one_whose_period_ends_last() -> None:
    store = _load_ljungby(EmbeddedStore())
    store.update(
        PREFIXES
        + f"""INSERT DATA {{ GRAPH <{PUBLIC}> {{
            lj:budgetar-2030 a sg:BudgetYear ; rdfs:label "Budgetår 2030"@sv ;
                sg:startDate "2030-01-01"^^xsd:date ; sg:endDate "2030-12-31"^^xsd:date .
            lj:budgetar-2028 a sg:BudgetYear ; rdfs:label "Budgetår 2028"@sv ;
                sg:startDate "2028-01-01"^^xsd:date ; sg:endDate "2028-12-31"^^xsd:date .
            lj:varde-2030 a sg:Value ; sg:indicator lj:ind-ng-tn-4 ;
                sg:period lj:budgetar-2030 ; sg:numericValue 13.1 .
            lj:varde-2028 a sg:Value ; sg:indicator lj:ind-ng-tn-4 ;
                sg:period lj:budgetar-2028 ; sg:numericValue 16.0 .
        }} }}"""
    )
    rows = _values(_run(store, "indicators-of-goal", goal=LJ + "ng-tn-4"))
    assert [(r["latestValue"], r["latestPeriod"], r["latestPeriodLabel"]) for r in rows] == [
        ("13.1", LJ + "budgetar-2030", "Budgetår 2030")
    ]


def test_the_latest_value_is_a_full_year_total_for_the_municipality_not_revised() -> None:
    """An interim value, one split by gender, one for a unit and one that was revised are
    values of the same indicator and year, but not its latest value: that is the full-year
    total of the municipality, here the revision, stated with every dimension spelled out."""
    store = _load_ljungby(EmbeddedStore())
    store.update(
        PREFIXES
        + f"""PREFIX prov: <http://www.w3.org/ns/prov#>
        INSERT DATA {{ GRAPH <{PUBLIC}> {{
            lj:budgetar-2030 a sg:BudgetYear ; rdfs:label "Budgetår 2030"@sv ;
                sg:startDate "2030-01-01"^^xsd:date ; sg:endDate "2030-12-31"^^xsd:date .
            lj:varde-2030-delar a sg:Value ; sg:indicator lj:ind-ng-tn-4 ;
                sg:period lj:budgetar-2030 ; sg:periodPart sg:Interim ; sg:numericValue 10.1 .
            lj:varde-2030-kvinnor a sg:Value ; sg:indicator lj:ind-ng-tn-4 ;
                sg:period lj:budgetar-2030 ; sg:gender sg:Women ; sg:numericValue 10.2 .
            lj:varde-2030-enhet a sg:Value ; sg:indicator lj:ind-ng-tn-4 ;
                sg:period lj:budgetar-2030 ; sg:refArea lj:enhet-vatten-och-avlopp ;
                sg:numericValue 10.3 .
            lj:varde-2030 a sg:Value ; sg:indicator lj:ind-ng-tn-4 ;
                sg:period lj:budgetar-2030 ; sg:numericValue 10.4 .
            lj:varde-2030-korrigerad a sg:Value ; sg:indicator lj:ind-ng-tn-4 ;
                sg:period lj:budgetar-2030 ; sg:periodPart sg:FullYear ; sg:gender sg:Total ;
                sg:refArea lj:ljungby-kommun ; sg:numericValue 10.5 ;
                prov:wasRevisionOf lj:varde-2030 .
        }} }}"""
    )
    rows = _values(_run(store, "indicators-of-goal", goal=LJ + "ng-tn-4"))
    assert [(r["latestValue"], r["latestPeriod"], r["latestPeriodLabel"]) for r in rows] == [
        ("10.5", LJ + "budgetar-2030", "Budgetår 2030")
    ]
    # With only an interim value the indicator has no latest value, and no period's label.
    store.update(
        PREFIXES
        + f"""DELETE {{ GRAPH <{PUBLIC}> {{ ?value ?p ?o }} }} WHERE {{ GRAPH <{PUBLIC}> {{
            ?value sg:indicator lj:ind-ng-tn-4 ; ?p ?o .
            FILTER NOT EXISTS {{ ?value sg:periodPart sg:Interim }} }} }}"""
    )
    rows = _values(_run(store, "indicators-of-goal", goal=LJ + "ng-tn-4"))
    assert [(r.get("latestValue"), r.get("latestPeriodLabel")) for r in rows] == [(None, None)]


def test_follow_up_values_of_one_indicator_are_its_values_only(
    ljungby: Store, reference: Store
) -> None:
    every = _same_on_reference(ljungby, reference, "follow-up-values")
    indicators = {row["indicator"].value for row in every if "indicator" in row}
    assert len(indicators) > 1
    for indicator in sorted(indicators)[:3]:
        own = [row for row in every if "indicator" in row and row["indicator"].value == indicator]
        asked = _run(ljungby, "follow-up-values", indicator=indicator)
        assert asked == own and asked


def test_goal_fulfilment_lists_assessments_with_status(ljungby: Store, reference: Store) -> None:
    store = ljungby
    year = LJ + "budgetar-2021"
    rows = _same_on_reference(store, reference, "goal-fulfilment", period=year)
    assert set(_column(rows, "assessment")) == _set(
        store, f"SELECT ?x WHERE {{ ?x a sg:Assessment ; sg:period <{year}> }}"
    )
    # 62 goals in the årsredovisning, 23 nämndsmål and one övergripande mål in the delårsrapport.
    assert len(rows) == 86
    water = [row for row in _values(rows) if row["goal"] == LJ + "ng-tn-4"]
    assert [(row["reportType"], row["status"], row["statusLabel"]) for row in water] == [
        (SG + "AnnualReport", SG + "PartlyFulfilled", "delvis uppfyllt"),
        (SG + "InterimReport", SG + "NotAssessed", "ej bedömt"),
    ]
    assert {row["type"] for row in _values(rows)} == {SG + "BoardGoal", SG + "OverarchingGoal"}
    english = _values(_run(store, "goal-fulfilment", period=year, lang="en"))
    assert {row["statusLabel"] for row in english} == {
        "fulfilled",
        "partly fulfilled",
        "not fulfilled",
        "not assessed",
    }
    assert {row["reportLabel"] for row in english} == {"Interim report 2021", "Annual report 2021"}
    assert _run(store, "goal-fulfilment", period=LJ + "mandatperiod-2019-2022") == []


def test_status_labels_need_the_vocabulary_but_the_status_is_always_there() -> None:
    store = EmbeddedStore()
    store.load(sample_data_files())
    rows = _values(_run(store, "goal-fulfilment"))
    assert len(rows) == 347
    assert all("status" in row and "statusLabel" not in row for row in rows)


def test_boards_with_administration_and_goal_counts(ljungby: Store, reference: Store) -> None:
    store = ljungby
    rows = _values(_same_on_reference(store, reference, "boards", lang="en"))
    assert [row["board"] for row in rows] == sorted(
        _set(store, "SELECT ?x WHERE { ?x a sg:Board }")
    )
    boards = {row["board"]: row for row in rows}
    technical = boards[LJ + "tekniska-namnden"]
    assert (technical["label"], technical["administration"], technical["administrationLabel"]) == (
        "Technical Services Board",
        LJ + "tekniska-forvaltningen",
        "Technical Services Administration",
    )
    counts = """SELECT (COUNT(DISTINCT ?og) AS ?x) (COUNT(DISTINCT ?bg) AS ?y) WHERE {
        { ?og a sg:OverarchingGoal ; sg:forBoard lj:tekniska-namnden }
        UNION { ?bg a sg:BoardGoal ; sg:decidedBy lj:tekniska-namnden } }"""
    (expected,) = _values(store.select(PREFIXES + counts))
    assert (technical["overarchingGoals"], technical["boardGoals"]) == (
        expected["x"],
        expected["y"],
    )
    assert (technical["type"], "exemption" in technical) == (SG + "Board", False)
    joint = boards[LJ + "gemensamma-overformyndarnamnden"]
    assert (joint["type"], joint["overarchingGoals"], joint["boardGoals"]) == (
        SG + "JointBoard",
        "0",
        "0",
    )
    assert "administration" not in joint
    assert joint["exemption"].startswith("The board is shared with other municipalities")
    swedish = _values(_run(store, "boards"))
    assert {row["board"]: row["label"] for row in swedish}[LJ + "tekniska-namnden"] == (
        "Tekniska nämnden"
    )


def test_every_bundled_query_runs_on_both_backends(ljungby: Store, reference: Store) -> None:
    store = ljungby
    for name, query in sorted(load_queries().items()):
        values = {p.name: SAMPLE_VALUES[p.type] for p in query.parameters if p.required}
        rows = store.select(query.text, query.bindings(values))
        assert len(rows) == len(reference.select(query.text, query.bindings(values))), name


def test_a_comment_that_reads_like_an_update_does_not_confuse_the_remote_store(
    oxigraph_server: str,
) -> None:
    """Regression: SPARQLWrapper guessed the kind of request from the text, and a comment
    with the word 'load' before SELECT made it post the query as an update."""
    store = RemoteStore(f"{oxigraph_server}/query")
    sparql = "# Labels\n# (load the vocabulary first)\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    assert store.select(sparql, graphs=[]) == []
