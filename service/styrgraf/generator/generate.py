"""Deterministic synthetic governance models, for scale and acceptance tests.

``generate(n)`` invents ``n`` municipalities shaped like the bundled Ljungby model: a vision with
vision elements and a population indicator, an environmental analysis with central points, 2–4
focus areas, a value base, three strategic areas with three sub-areas each, a mandate period and
its budget years, 5–9 boards (some exempt from övergripande mål), administrations, units with
manager posts, övergripande mål (1–2 per goal-setting board and area, two for the whole
municipality), nämndsmål with indicators, handlingsplaner per unit and plan year with aktiviteter,
and in a private graph the people holding the posts and employees with development plans. It is
all invented and marked ``sg:illustrative true``. The same arguments give byte-identical TriG and
manifest: the only source of chance is ``random.Random(seed)``.

With ``defects=False`` every model conforms to the bundled shapes with no warnings. With
``defects=True`` each municipality gets a handful of planted defects of every kind a coverage
check reports, and the manifest lists exactly what a correct coverage check finds, computed by
walking the graphs as written (not from a log of what was planted):

- ``orphan``: a hierarchy node (FocusArea, StrategicArea, StrategicSubArea, OverarchingGoal,
  BoardGoal, ActionPlan, Activity, DevelopmentPlan) with no path of upward links to an sg:Vision.
  ``reason`` says how its chain breaks: ``cycle`` (its upward links lead into a cycle, whatever
  the classes of the nodes on it), else ``broken-link`` (a node's upward link leads to something
  that is not a node of the class the link is for) or ``missing-link`` (a node has no upward link
  at all). ``at`` is the node where the chain breaks (for a cycle its least IRI) and ``link`` the
  CURIE of the broken or missing property (null for a cycle). Defects are placed so that every
  orphan has exactly one break, and no link of another class leads to a node that reaches the
  vision, so that checkers that follow any link and those that follow only well-typed ones agree.
- ``uncovered``: ``no-board-goal``, ``no-plan``, ``no-activity``, ``no-indicator``, ``no-target``,
  ``no-goal-in-area`` and ``too-many-goals-in-area`` (with ``area``), ``unit-not-covered``,
  ``focus-area-not-addressed``. Only nodes that still reach the vision are judged: an orphaned
  nämndsmål is not also reported as having no plan. Boards and units, which are not in the
  hierarchy, are always judged. No judgement depends on whether the goal that covers a unit or
  addresses a focus area is itself an orphan: a nämndsmål is cut off only after its siblings
  have taken over what it alone covered or addressed.

A finding's ``graph`` is the named graph its node is typed in (the private one for development
plans); reachability is judged over a municipality's public and private graphs together.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from styrgraf.analysis.coverage import ORPHAN_REASONS, UNCOVERED_REASONS

SG = "https://w3id.org/styrgraf#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
TIME = "http://www.w3.org/2006/time#"
SDG = "http://metadata.un.org/sdg/"
BASE = "https://w3id.org/styrgraf/synthetic/"
TYPE, LABEL = RDF + "type", RDFS + "label"
PERIOD, SPAN = "2023-2026", "2023–2026"
BUDGET_YEARS = (2023, 2024, 2025, 2026)
PLAN_YEARS = (2023, 2024)  # the years that have handlingsplaner so far

# Each upward link and the class it leads to; each hierarchy class and the link it should have.
UPWARD = {
    "servesVision": "Vision",
    "subAreaOf": "StrategicArea",
    "inStrategicArea": "StrategicArea",
    "supports": "OverarchingGoal",
    "realises": "BoardGoal",
    "partOfPlan": "ActionPlan",
    "supportsGoal": "BoardGoal",
    "supportsActivity": "Activity",
}
HIERARCHY = {
    "FocusArea": "servesVision",
    "StrategicArea": "servesVision",
    "StrategicSubArea": "subAreaOf",
    "OverarchingGoal": "inStrategicArea",
    "BoardGoal": "supports",
    "ActionPlan": "realises",
    "Activity": "partOfPlan",
    "DevelopmentPlan": "supportsGoal",
}
# The reason codes are the coverage check's contract; the manifest uses the same ones.
REASONS = {"orphan": ORPHAN_REASONS, "uncovered": UNCOVERED_REASONS}

Term = ox.NamedNode | ox.Literal
Value = Term | str  # a string is an IRI
Pair = tuple[str, str]  # (Swedish, English)


class _Area(NamedTuple):
    name: Pair
    subs: tuple[Pair, ...]
    sdgs: tuple[int, ...]
    goals: tuple[Pair, ...]


class _BoardSpec(NamedTuple):
    key: str
    name: Pair
    administration: Pair
    units: tuple[Pair, ...]


class _Template(NamedTuple):
    goal: Pair
    indicator: Pair
    unit: str
    higher: bool
    low: int
    high: int


# fmt: off
AREAS = (
    _Area(
        ("Tillväxt", "Growth"),
        (("Näringsliv och entreprenörskap", "Business and entrepreneurship"),
         ("Sysselsättning", "Employment"), ("Infrastruktur", "Infrastructure"),
         ("Bostäder", "Housing")),
        (8, 9, 11),
        (("Kommunen växer och är en attraktiv plats att bo och arbeta på",
          "The municipality grows and is an attractive place to live and work in"),
         ("Företag har goda förutsättningar att starta och växa",
          "Companies have good conditions to start and grow"),
         ("Fler invånare är självförsörjande genom arbete eller studier",
          "More inhabitants support themselves through work or studies"),
         ("Infrastrukturen möjliggör bostadsbyggande och etableringar",
          "The infrastructure enables housing construction and new businesses"),
         ("Kommunen är ett attraktivt besöksmål året runt",
          "The municipality is an attractive destination all year round")),
    ),
    _Area(
        ("Kunskap", "Knowledge"),
        (("Lärande", "Learning"), ("Kompetensutveckling", "Skills development"),
         ("Förnyelse", "Renewal"), ("Digitalisering", "Digitalisation")),
        (4, 8, 9),
        (("Alla barn och elever når så långt som möjligt i sitt lärande",
          "All children and pupils get as far as possible in their learning"),
         ("Medarbetarna har rätt kompetens för framtidens välfärd",
          "Staff have the right skills for the welfare of the future"),
         ("Verksamheterna utvecklas genom digitalisering och nya arbetssätt",
          "Operations develop through digitalisation and new ways of working"),
         ("Utbildningen svarar mot arbetsmarknadens behov av kompetens",
          "Education meets the labour market's need for skills"),
         ("Invånarna har tillgång till livslångt lärande",
          "Inhabitants have access to lifelong learning")),
    ),
    _Area(
        ("Livskvalitet", "Quality of life"),
        (("Hälsa och omsorg", "Health and care"), ("Attraktiva miljöer", "Attractive environments"),
         ("Trygghet", "Safety"), ("Kultur och fritid", "Culture and leisure")),
        (3, 10, 11),
        (("Invånarna upplever trygghet och god hälsa",
          "Inhabitants experience safety and good health"),
         ("Äldre har god livskvalitet och inflytande över sin vardag",
          "Older people have a good quality of life and a say in their everyday lives"),
         ("Barn och unga har en meningsfull och aktiv fritid",
          "Children and young people have a meaningful and active leisure time"),
         ("Parker, torg och mötesplatser är attraktiva och tillgängliga",
          "Parks, squares and meeting places are attractive and accessible"),
         ("Personer i utsatta situationer får tidigt stöd nära hemmet",
          "People in vulnerable situations get early support close to home")),
    ),
    _Area(
        ("Hållbarhet", "Sustainability"),
        (("Klimat och miljö", "Climate and environment"), ("Ekonomi", "Finances"),
         ("Vatten", "Water"), ("Arbetsmiljö", "Working environment")),
        (6, 12, 13),
        (("Kommunens klimatpåverkan minskar", "The municipality's climate impact decreases"),
         ("Kommunens ekonomi är långsiktigt hållbar",
          "The municipality's finances are sustainable in the long term"),
         ("Sjöar och vattendrag har god vattenkvalitet",
          "Lakes and watercourses have good water quality"),
         ("Resurser används effektivt och avfallet minskar",
          "Resources are used efficiently and waste decreases"),
         ("Kommunen är en attraktiv och hållbar arbetsgivare",
          "The municipality is an attractive and sustainable employer")),
    ),
    _Area(
        ("Delaktighet", "Participation"),
        (("Demokrati", "Democracy"), ("Service", "Service"),
         ("Kommunikation", "Communication"), ("Civilsamhälle", "Civil society")),
        (10, 16, 17),
        (("Invånarna har förtroende för kommunens service",
          "Inhabitants trust the municipality's services"),
         ("Invånarna har goda möjligheter till inflytande",
          "Inhabitants have good opportunities to exert influence"),
         ("Kommunens information är tydlig och lätt att ta del av",
          "The municipality's information is clear and easy to access"),
         ("Barn och unga är delaktiga i beslut som rör dem",
          "Children and young people take part in decisions that concern them"),
         ("Föreningslivet är starkt och engagerar många",
          "Associations are strong and engage many people")),
    ),
)
EXECUTIVE = _BoardSpec(
    "ks", ("Kommunstyrelsen", "Municipal Executive Board"),
    ("Kommunledningsförvaltningen", "Municipal Executive Office"),
    (("Ekonomiavdelningen", "Finance Department"), ("HR-avdelningen", "HR Department"),
     ("Näringslivsenheten", "Business Development Unit"),
     ("Kommunikationsenheten", "Communications Unit"), ("IT-avdelningen", "IT Department")),
)
BOARDS = (
    _BoardSpec(
        "bun", ("Barn- och utbildningsnämnden", "Children and Education Board"),
        ("Barn- och utbildningsförvaltningen", "Children and Education Administration"),
        (("Förskola", "Preschool"), ("Grundskola", "Compulsory School"),
         ("Gymnasieskola", "Upper Secondary School"), ("Elevhälsa", "Pupil Health Services")),
    ),
    _BoardSpec(
        "sn", ("Socialnämnden", "Social Services Board"),
        ("Socialförvaltningen", "Social Services Administration"),
        (("Äldreomsorg", "Elderly Care"),
         ("Individ- och familjeomsorg", "Individual and Family Care"),
         ("Funktionsstöd", "Disability Support"), ("Hemtjänst", "Home Care")),
    ),
    _BoardSpec(
        "tn", ("Tekniska nämnden", "Technical Services Board"),
        ("Tekniska förvaltningen", "Technical Services Administration"),
        (("Gata och park", "Streets and Parks"), ("Fastighet", "Property Management"),
         ("Vatten och avlopp", "Water and Sewerage"), ("Måltidsservice", "Meal Services")),
    ),
    _BoardSpec(
        "kfn", ("Kultur- och fritidsnämnden", "Culture and Leisure Board"),
        ("Kultur- och fritidsförvaltningen", "Culture and Leisure Administration"),
        (("Bibliotek", "Libraries"), ("Fritid", "Leisure"), ("Kulturskolan", "School of Arts"),
         ("Fritidsgårdar", "Youth Centres")),
    ),
    _BoardSpec(
        "mbn", ("Miljö- och byggnämnden", "Environment and Building Board"),
        ("Miljö- och byggförvaltningen", "Environment and Building Administration"),
        (("Miljö", "Environment"), ("Bygglov", "Building Permits"),
         ("Kart och mät", "Mapping and Surveying")),
    ),
    _BoardSpec(
        "amn", ("Arbetsmarknadsnämnden", "Labour Market Board"),
        ("Arbetsmarknadsförvaltningen", "Labour Market Administration"),
        (("Arbetsmarknadsenheten", "Labour Market Unit"), ("Vuxenutbildning", "Adult Education"),
         ("Integrationsenheten", "Integration Unit")),
    ),
)
# Boards the council sets no övergripande mål for: (name, joint board?, why).
EXEMPT = (
    (("Valnämnden", "Elections Board"), False,
     ("Nämnden genomför val enligt vallagen, så fullmäktige beslutar inga övergripande mål.",
      "The board conducts elections under the Elections Act, so the council sets it no goals.")),
    (("Krisledningsnämnden", "Crisis Management Board"), False,
     ("Nämnden träder i funktion bara vid extraordinära händelser och har ingen löpande drift.",
      "The board acts only in extraordinary events and has no ongoing operations.")),
    (("Gemensamma överförmyndarnämnden", "Joint Board of Chief Guardians"), True,
     ("Nämnden är gemensam med andra kommuner och styrs av samverkansavtalet.",
      "The board is shared with other municipalities and governed by their agreement.")),
    (("Gemensamma nämnden för familjerätt", "Joint Board for Family Law"), True,
     ("Nämnden ingår i värdkommunens organisation och styrs av dess reglemente.",
      "The board is part of the host municipality's organisation and governed by its rules.")),
)
TEMPLATES = (
    _Template(("Brukarnas nöjdhet med {u} ökar", "Users' satisfaction with {e} increases"),
              ("Andel nöjda brukare, {u}", "Share of satisfied users, {e}"),
              "procent", True, 60, 85),
    _Template(("Sjukfrånvaron inom {u} minskar", "Sickness absence in {e} decreases"),
              ("Sjukfrånvaro, {u}", "Sickness absence, {e}"), "procent", False, 5, 10),
    _Template(("Handläggningstiderna inom {u} blir kortare", "Processing times in {e} get shorter"),
              ("Genomsnittlig handläggningstid, {u}", "Average processing time, {e}"),
              "dagar", False, 20, 60),
    _Template(("Fler ärenden inom {u} hanteras digitalt",
               "More cases in {e} are handled digitally"),
              ("Andel ärenden via e-tjänst, {u}", "Share of cases via e-service, {e}"),
              "procent", True, 20, 55),
    _Template(("Medarbetarna inom {u} upplever gott ledarskap",
               "Staff in {e} experience good leadership"),
              ("Ledarskapsindex i medarbetarenkäten, {u}", "Leadership index in staff survey, {e}"),
              "index", True, 65, 80),
    _Template(("Energianvändningen i lokalerna för {u} minskar",
               "Energy use in the premises of {e} decreases"),
              ("Energianvändning, {u}", "Energy use, {e}"), "kWh/m²", False, 120, 180),
    _Template(("Fler invånare tar del av verksamheten inom {u}",
               "More inhabitants take part in the work of {e}"),
              ("Antal besökare och deltagare, {u}", "Visitors and participants, {e}"),
              "antal", True, 800, 5000),
    _Template(("Andelen medarbetare med rätt kompetens inom {u} ökar",
               "The share of staff with the right skills in {e} increases"),
              ("Andel medarbetare med relevant utbildning, {u}", "Share of trained staff, {e}"),
              "procent", True, 55, 80),
    _Template(("Klimatpåverkan från resor inom {u} minskar",
               "The climate impact of travel in {e} decreases"),
              ("Koldioxidutsläpp från tjänsteresor, {u}", "CO2 from business travel, {e}"),
              "ton", False, 20, 90),
)
CENTRAL_POINTS = (
    ("Öka attraktiviteten för unga vuxna", "Increase the attractiveness to young adults"),
    ("Stärka arbetet med vattenfrågor", "Strengthen the work on water issues"),
    ("Utveckla kommunens kulturarv", "Develop the municipality's cultural heritage"),
    ("Möta den ökande andelen äldre", "Meet the growing share of older people"),
    ("Ställa om till ett fossilfritt samhälle", "Move to a fossil-free society"),
    ("Ta tillvara digitaliseringens möjligheter", "Seize the opportunities of digitalisation"),
    ("Säkra kompetensförsörjningen", "Secure the supply of skills"),
    ("Utveckla landsbygden", "Develop the countryside"),
)
CORE_VALUES = (("öppna", "open"), ("framåt", "forward-looking"), ("vi vill", "we are willing"),
               ("respekt", "respect"), ("engagemang", "commitment"), ("ansvar", "responsibility"),
               ("tillit", "trust"), ("mod", "courage"), ("nyfikenhet", "curiosity"))
VISION_VERBS = (("formar vi framtiden", "we shape the future"), ("växer vi", "we grow"),
                ("skapar vi möjligheter", "we create opportunities"),
                ("bygger vi gemenskap", "we build community"))
VISION_MEANINGS = (
    ("Visionen omfattar hela kommunens geografiska yta.",
     "The vision covers the whole area of the municipality."),
    ("Framtiden är något vi skapar, inte något vi väntar på.",
     "The future is something we create, not something we wait for."),
    ("Vi samarbetar med invånare, näringsliv och andra kommuner.",
     "We cooperate with inhabitants, businesses and other municipalities."),
)
ACTIVITIES = (
    ("Kartläggning av nuläget", "Survey of the current situation"),
    ("Utbildning för medarbetarna", "Training for the staff"),
    ("Införande av en ny e-tjänst", "Introducing a new e-service"),
    ("Dialogmöten med brukare", "Dialogue meetings with users"),
    ("Översyn av rutinerna", "Review of the routines"),
    ("Månatlig uppföljning av nyckeltal", "Monthly follow-up of key figures"),
    ("Pilotprojekt med nytt arbetssätt", "Pilot of a new way of working"),
    ("Samverkan med föreningslivet", "Cooperation with local associations"),
)
PREFIXES = ("Björk", "Ek", "Lind", "Al", "Sjö", "Berg", "Ås", "Hög", "Strand", "Tall", "Gran",
            "Bäck", "Lunn", "Hag", "Näs", "Fors", "Sand", "Kvarn", "Rosen", "Hassel", "Löv",
            "Dal", "Mos", "Ljung")
SUFFIXES = ("by", "vik", "berga", "köping", "ås", "sund", "fors", "näs", "hult", "stad", "torp",
            "holm", "dal", "ryd")
FIRST_NAMES = ("Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Ahmed", "Eva", "Mikael",
               "Lena", "Omar", "Ingrid", "Jonas", "Fatima", "Per", "Elin", "Nils", "Sofia", "Ali")
SURNAMES = ("Exempelsson", "Påhittadsson", "Fiktivsdotter", "Låtsasson", "Testdotter", "Provberg",
            "Modellsson", "Skissdotter", "Utkastsson", "Mönsterdal", "Prototypsson", "Låtsasberg")
GROWTH = (("Gå en fortbildning och dela erfarenheterna med arbetslaget.",
           "Take a course and share what was learnt with the team."),
          ("Leda ett förbättringsarbete i arbetslaget.",
           "Lead an improvement project in the team."),
          ("Bli superanvändare av verksamhetens nya system.",
           "Become a super-user of the unit's new system."),
          ("Gå en handledarutbildning och ta emot en praktikant.",
           "Train as a supervisor and take on an intern."))
# fmt: on


def slug(text: str) -> str:
    """A lower-case ASCII slug: 'Miljö- och byggnämnden' → 'miljo-och-byggnamnden'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def _text(value: str, lang: str) -> ox.Literal:
    return ox.Literal(value, language=lang)


def _typed(value: str, datatype: str = "string") -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _number(value: float) -> ox.Literal:
    """An integer when the value is whole, else a decimal with one decimal place."""
    whole = float(value).is_integer()
    return _typed(str(int(value)), "integer") if whole else _typed(f"{value:.1f}", "decimal")


def _in_sentence(name: str) -> str:
    """A unit's name inside a Swedish sentence: 'Förskola' → 'förskola', 'IT-avdelningen' kept."""
    return name if name[1:2].isupper() else name[0].lower() + name[1:]


def _predicate(name: str) -> str:
    return name if "/" in name else SG + name


TRUE = _typed("true", "boolean")


class _Graph:
    """A named graph under construction: subjects in insertion order, each with its statements.

    Predicates are full IRIs, or names in the sg: namespace (``"supports"``).
    """

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self.nodes: dict[str, list[tuple[str, Term]]] = {}

    def add(self, s: str, p: str, o: Value) -> None:
        """Add the statement, once."""
        statement = (_predicate(p), ox.NamedNode(o) if isinstance(o, str) else o)
        statements = self.nodes.setdefault(s, [])
        if statement not in statements:
            statements.append(statement)

    def put(self, s: str, **values: Value | list[str] | list[ox.Literal]) -> None:
        """Add ``s sg:name value`` for each keyword (a list gives several values)."""
        for name, value in values.items():
            for one in value if isinstance(value, list) else [value]:
                self.add(s, name, one)

    def values(self, s: str, p: str) -> list[str]:
        p = _predicate(p)
        return [o.value for q, o in self.nodes.get(s, []) if q == p]

    def subjects(self, p: str, o: str) -> list[str]:
        p = _predicate(p)
        return [s for s, st in self.nodes.items() if any(q == p and v.value == o for q, v in st)]

    def remove(self, s: str, p: str, o: str | None = None) -> None:
        """Remove the statements of ``s`` with ``p`` (and value ``o``, if given)."""
        p = _predicate(p)
        self.nodes[s] = [(q, v) for q, v in self.nodes[s] if q != p or o not in (None, v.value)]

    def triples(self) -> list[ox.Triple]:
        return [
            ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o)
            for s, statements in self.nodes.items()
            for p, o in statements
        ]


@dataclass
class _Board:
    iri: str
    spec: _BoardSpec
    administration: str
    units: list[_Unit] = field(default_factory=list)
    cells: dict[str, list[str]] = field(default_factory=dict)  # area → övergripande mål
    goals: list[str] = field(default_factory=list)  # nämndsmål


@dataclass
class _Unit:
    iri: str
    key: str
    name: Pair
    post: str


class _Municipality:
    """One municipality's graphs: :meth:`build` makes a model that conforms to the shapes, and
    :meth:`plant_defects` then breaks it on purpose."""

    def __init__(self, index: int, name: str, rng: random.Random, private: bool) -> None:
        self.index, self.name, self.rng = index, name, rng
        self.slug = f"kommun-{index:03d}"
        self.ns = f"{BASE}{self.slug}/id/"
        graph = f"{BASE}{self.slug}/graph/{PERIOD}"
        self.public = _Graph(graph)
        self.private = _Graph(graph + "-private") if private else None
        self.boards: list[_Board] = []
        self.areas: dict[str, _Area] = {}
        self.sub_areas: dict[str, list[str]] = {}
        self.focus_areas: list[str] = []
        self.council_goals: list[str] = []
        self.plans: dict[tuple[str, int], str] = {}  # (unit, year) → plan
        self.activities: dict[str, list[str]] = {}  # plan → its activities
        self.broken: set[str] = set()  # nämndsmål cut off from the vision
        self.counters: dict[str, int] = defaultdict(int)

    def node(self, local: str, cls: str, label: Pair, graph: _Graph | None = None) -> str:
        """A new illustrative node of class ``sg:cls``, labelled in Swedish and English."""
        iri, g = self.ns + local, graph or self.public
        g.add(iri, TYPE, SG + cls)
        g.add(iri, LABEL, _text(label[0], "sv"))
        g.add(iri, LABEL, _text(label[1], "en"))
        g.put(iri, illustrative=TRUE)
        return iri

    def next(self, kind: str) -> int:
        self.counters[kind] += 1
        return self.counters[kind]

    # --- The model ---

    def build(self) -> None:
        """Build the complete model: it conforms to the shapes, with no warnings."""
        g, name = self.public, self.name
        if self.private is not None:
            g.add(self.private.iri, TYPE, SG + "PrivateGraph")
            g.add(self.private.iri, LABEL, _text(f"{name} kommun {SPAN}, personuppgifter", "sv"))
            g.add(
                self.private.iri, LABEL, _text(f"{name} Municipality {SPAN}, personal data", "en")
            )
        label = (f"{name} kommun", f"{name} Municipality")
        self.municipality = self.node("kommun", "Municipality", label)
        g.put(self.municipality, municipalityCode=_typed(str(9000 + self.index)))
        label = ("Kommunfullmäktige", "Municipal Council")
        self.council = self.node("kommunfullmaktige", "Council", label)
        g.add(self.council, ORG + "subOrganizationOf", self.municipality)
        label = ("Mandatperiod", "Mandate period")
        self.mandate = self.period(f"mandatperiod-{PERIOD}", "MandatePeriod", label, 2023, 2026)
        label = ("Budgetår", "Budget year")
        self.years = {
            y: self.period(f"budgetar-{y}", "BudgetYear", label, y, y) for y in BUDGET_YEARS
        }
        self.vision_and_culture()
        self.strategic_areas()
        self.organisation()
        self.overarching_goals()
        self.board_goals()
        self.action_plans()
        if self.private is not None:
            self.people(self.private)

    def period(self, local: str, cls: str, label: Pair, first: int, last: int) -> str:
        span = str(first) if first == last else f"{first}–{last}"
        iri = self.node(local, cls, (f"{label[0]} {span}", f"{label[1]} {span}"))
        start, end = _typed(f"{first}-01-01", "date"), _typed(f"{last}-12-31", "date")
        self.public.put(iri, startDate=start, endDate=end)
        if cls == "BudgetYear":
            self.public.put(iri, year=_typed(str(first), "gYear"))
            self.public.add(iri, TIME + "intervalDuring", self.mandate)
        return iri

    def vision_and_culture(self) -> None:
        rng, g, name = self.rng, self.public, self.name
        baseline = rng.randrange(6000, 60000, 10)
        target = int(round(baseline * rng.uniform(1.08, 1.25), -3))
        verb = rng.choice(VISION_VERBS)
        people, people_sv = f"{target:,}", f"{target:,}".replace(",", " ")
        self.vision = vision = self.node(
            "vision",
            "Vision",
            (
                f"I {name} kommun {verb[0]} tillsammans. {people_sv} invånare år 2035",
                f"In {name} Municipality {verb[1]} together. {people} inhabitants by 2035",
            ),
        )
        g.put(vision, municipality=self.municipality)
        phrases = (
            (f"I {name} kommun", f"In {name} Municipality"),
            verb,
            ("tillsammans", "together"),
        )
        for n, (phrase, meaning) in enumerate(zip(phrases, VISION_MEANINGS, strict=True), 1):
            element = self.node(f"visionselement-{n}", "VisionElement", phrase)
            g.add(element, SKOS + "definition", _text(meaning[0], "sv"))
            g.add(element, SKOS + "definition", _text(meaning[1], "en"))
            g.put(vision, hasVisionElement=element)
        label = ("Invånare totalt, antal", "Inhabitants, total number")
        indicator = self.indicator(
            "ind-vision-invanare", label, "antal", True, baseline, target, 2035
        )
        g.put(indicator, koladaKpi=_typed("N01951"))
        g.put(vision, hasIndicator=indicator)
        label = ("Omvärldsanalys", "Environmental analysis")
        analysis = self.node("omvarldsanalys", "EnvironmentalAnalysis", label)
        g.add(analysis, DCTERMS + "publisher", self.municipality)
        points = sorted(rng.sample(range(len(CENTRAL_POINTS)), rng.randint(5, 7)))
        chosen = rng.sample(points, rng.randint(2, 4))
        for n in points:
            point = self.node(f"centralpunkt-{n + 1}", "CentralPoint", CENTRAL_POINTS[n])
            g.put(analysis, hasCentralPoint=point)
            if n in chosen:
                focus = self.node(f"fokus-{n + 1}", "FocusArea", CENTRAL_POINTS[n])
                g.put(focus, servesVision=vision, selectedFrom=point)
                self.focus_areas.append(focus)
        base = self.node("vardegrund", "ValueBase", ("Värdegrund", "Value base"))
        for value in rng.sample(CORE_VALUES, 3):
            g.put(base, hasCoreValue=self.node(f"karnvarde-{slug(value[0])}", "CoreValue", value))
        label = (f"{name} kommuns styrmodell {SPAN}", f"{name} governance model {SPAN}")
        model = self.node(f"styrmodell-{PERIOD}", "GovernanceModel", label)
        g.put(model, municipality=self.municipality, period=self.mandate, hasVision=vision)
        g.put(model, hasValueBase=base, basedOnAnalysis=analysis)

    def strategic_areas(self) -> None:
        g, scheme = self.public, self.ns + "strategiska-omraden"
        g.add(scheme, TYPE, SKOS + "ConceptScheme")
        for text, lang in (
            (f"Strategiska områden {SPAN}", "sv"),
            (f"Strategic areas {SPAN}", "en"),
        ):
            g.add(scheme, LABEL, _text(text, lang))
            g.add(scheme, SKOS + "prefLabel", _text(text, lang))
        for n in sorted(self.rng.sample(range(len(AREAS)), 3)):
            area = self.concept(AREAS[n].name, "StrategicArea", scheme)
            g.add(scheme, SKOS + "hasTopConcept", area)
            g.add(area, SKOS + "topConceptOf", scheme)
            g.put(area, servesVision=self.vision)
            self.areas[area] = AREAS[n]
            self.sub_areas[area] = []
            for s in sorted(self.rng.sample(range(len(AREAS[n].subs)), 3)):
                sub = self.concept(AREAS[n].subs[s], "StrategicSubArea", scheme)
                g.put(sub, subAreaOf=area)
                self.sub_areas[area].append(sub)

    def concept(self, label: Pair, cls: str, scheme: str) -> str:
        iri = self.node(slug(label[0]), cls, label)
        self.public.add(iri, TYPE, SKOS + "Concept")
        self.public.add(iri, SKOS + "prefLabel", _text(label[0], "sv"))
        self.public.add(iri, SKOS + "prefLabel", _text(label[1], "en"))
        self.public.add(iri, SKOS + "inScheme", scheme)
        return iri

    def organisation(self) -> None:
        rng, g = self.rng, self.public
        specs = [EXECUTIVE, *sorted(rng.sample(BOARDS, rng.randint(3, 5)), key=BOARDS.index)]
        for spec in specs:
            iri = self.node(slug(spec.name[0]), "Board", spec.name)
            g.add(iri, ORG + "subOrganizationOf", self.municipality)
            administration = self.node(
                slug(spec.administration[0]), "Administration", spec.administration
            )
            g.put(administration, administrationOf=iri)
            g.add(administration, ORG + "subOrganizationOf", self.municipality)
            board = _Board(iri, spec, administration)
            count = rng.randint(2, min(4, len(spec.units)))
            for n in sorted(rng.sample(range(len(spec.units)), count)):
                board.units.append(self.unit(board, spec.units[n]))
            self.boards.append(board)
        for label, joint, why in sorted(rng.sample(EXEMPT, rng.randint(1, 3)), key=EXEMPT.index):
            exempt = self.node(slug(label[0]), "Board", label)
            if joint:
                g.add(exempt, TYPE, SG + "JointBoard")
            g.add(exempt, ORG + "subOrganizationOf", self.municipality)
            g.put(exempt, goalExemption=[_text(why[0], "sv"), _text(why[1], "en")])

    def unit(self, board: _Board, name: Pair) -> _Unit:
        key = slug(name[0])
        iri = self.node(f"enhet-{key}", "OrganisationalUnit", name)
        self.public.add(iri, ORG + "unitOf", board.administration)
        post = self.node(f"chef-{key}", "ManagerPost", (f"Chef, {name[0]}", f"Head of {name[1]}"))
        self.public.add(post, ORG + "postIn", iri)
        return _Unit(iri, key, name, post)

    def overarching_goal(self, owner: str, key: str, area: str) -> str:
        """A new övergripande mål for ``owner`` (a board, or the council) under ``area``."""
        spec, local = self.areas[area], f"og-{key}-{slug(self.areas[area].name[0])}"
        goal = self.node(
            f"{local}-{self.next(local)}", "OverarchingGoal", self.rng.choice(spec.goals)
        )
        sub = self.rng.choice(self.sub_areas[area])
        self.public.put(goal, forBoard=owner, inStrategicArea=area, inSubArea=sub)
        self.public.put(goal, period=self.mandate, decidedBy=self.council)
        self.public.put(goal, sdg=SDG + str(self.rng.choice(spec.sdgs)))
        return goal

    def overarching_goals(self) -> None:
        rng = self.rng
        counts = {(b.iri, a): rng.choice((1, 1, 2)) for b in self.boards for a in self.areas}
        for wanted in (1, 2):  # a lone goal and a pair somewhere, for the defects to start from
            if wanted not in counts.values():
                counts[rng.choice(list(counts))] = wanted
        for board in self.boards:
            for area in self.areas:
                board.cells[area] = [
                    self.overarching_goal(board.iri, board.spec.key, area)
                    for _ in range(counts[board.iri, area])
                ]
        for area in sorted(rng.sample(list(self.areas), 2), key=list(self.areas).index):
            self.council_goals.append(self.overarching_goal(self.council, "kommun", area))

    def board_goal(self, board: _Board, supports: str, units: list[_Unit]) -> str:
        """A new nämndsmål of ``board``, covering ``units``, with indicators that have targets."""
        rng, local = self.rng, f"ng-{board.spec.key}-{self.next(board.spec.key)}"
        first, u, e = rng.choice(TEMPLATES), _in_sentence(units[0].name[0]), units[0].name[1]
        goal = self.node(local, "BoardGoal", (first.goal[0].format(u=u), first.goal[1].format(e=e)))
        self.public.put(goal, decidedBy=board.iri, supports=supports, period=self.mandate)
        self.public.put(goal, coversUnit=[unit.iri for unit in units])
        templates = [first] if rng.random() < 0.6 else [first, rng.choice(TEMPLATES)]
        for letter, t in zip("ab", templates, strict=False):
            baseline = rng.randint(t.low, t.high)
            change = baseline * rng.uniform(0.05, 0.25)
            target = min(baseline + change, 100.0) if t.higher else baseline - change
            label = (t.indicator[0].format(u=u), t.indicator[1].format(e=e))
            indicator = self.indicator(
                f"ind-{local}-{letter}", label, t.unit, t.higher, baseline, round(target, 1)
            )
            self.public.put(goal, hasIndicator=indicator)
        board.goals.append(goal)
        return goal

    def indicator(
        self,
        local: str,
        label: Pair,
        unit: str,
        higher: bool,
        baseline: float,
        target: float,
        target_year: int = 2026,
    ) -> str:
        iri = self.node(local, "Indicator", label)
        self.public.put(iri, measurementUnit=_typed(unit), baselineValue=_number(baseline))
        self.public.put(iri, baselineYear=_typed("2022", "gYear"), targetValue=_number(target))
        self.public.put(iri, targetYear=_typed(str(target_year), "gYear"))
        self.public.put(iri, direction=SG + ("HigherIsBetter" if higher else "LowerIsBetter"))
        return iri

    def board_goals(self) -> None:
        rng, g = self.rng, self.public
        for board in self.boards:
            units, offset = board.units, rng.randrange(len(board.units))
            own = [og for area in self.areas for og in board.cells[area]]
            for og in own:
                for _ in range(rng.choice((1, 1, 2))):
                    offset += 1
                    covered = [units[offset % len(units)]]
                    if rng.random() < 0.25:
                        covered.append(units[(offset + 1) % len(units)])
                    goal = self.board_goal(board, og, sorted(covered, key=units.index))
                    if rng.random() < 0.15:
                        g.put(goal, supports=rng.choice(own))  # many-to-many
            for unit in units:
                if not g.subjects("coversUnit", unit.iri):
                    g.put(rng.choice(board.goals), coversUnit=unit.iri)
        everything = [goal for board in self.boards for goal in board.goals]
        for og in self.council_goals:
            for goal in rng.sample(everything, rng.randint(1, 2)):
                g.put(goal, supports=og)
        overarching = [og for b in self.boards for a in self.areas for og in b.cells[a]]
        for focus in self.focus_areas:
            g.put(rng.choice(self.council_goals + overarching), addresses=focus)
            if rng.random() < 0.5:
                g.put(rng.choice(everything), addresses=focus)

    def action_plans(self) -> None:
        """A plan per unit and plan year, realising every nämndsmål that covers the unit."""
        rng, g = self.rng, self.public
        for year in PLAN_YEARS:
            for unit in (unit for board in self.boards for unit in board.units):
                label = (
                    f"Handlingsplan {year}, {unit.name[0]}",
                    f"Action plan {year}, {unit.name[1]}",
                )
                plan = self.node(f"hp-{year}-{unit.key}", "ActionPlan", label)
                g.put(plan, forUnit=unit.iri, responsible=unit.post, period=self.years[year])
                g.put(plan, realises=g.subjects("coversUnit", unit.iri))
                self.plans[unit.iri, year] = plan
                self.activities[plan] = [
                    self.activity(plan, f"akt-{year}-{unit.key}-{n}", unit, year, label)
                    for n, label in enumerate(rng.sample(ACTIVITIES, rng.randint(1, 3)), 1)
                ]

    def activity(self, plan: str, local: str, unit: _Unit, year: int, label: Pair) -> str:
        rng = self.rng
        iri = self.node(local, "Activity", label)
        said = (
            f"{label[0]} inom {_in_sentence(unit.name[0])} under {year}.",
            f"{label[1]} in {unit.name[1]} in {year}.",
        )
        self.public.add(iri, DCTERMS + "description", _text(said[0], "sv"))
        self.public.add(iri, DCTERMS + "description", _text(said[1], "en"))
        done = year < PLAN_YEARS[-1]
        status = rng.choice(
            ("Completed", "Completed", "Postponed")
            if done
            else ("Planned", "InProgress", "InProgress", "Completed")
        )
        start = (rng.randint(1, 6), rng.randint(1, 28))
        end = (rng.randint(start[0] + 1, 12), rng.randint(1, 28))
        self.public.put(iri, partOfPlan=plan, activityStatus=SG + status)
        self.public.put(iri, startDate=_typed(f"{year}-{start[0]:02d}-{start[1]:02d}", "date"))
        self.public.put(iri, endDate=_typed(f"{year}-{end[0]:02d}-{end[1]:02d}", "date"))
        return iri

    def people(self, p: _Graph) -> None:
        """The holders of the manager posts, and employees with development plans, in ``p``."""
        rng, year = self.rng, PLAN_YEARS[-1]
        for unit in (unit for board in self.boards for unit in board.units):
            p.add(unit.post, ORG + "heldBy", self.person(p, unit)[0])
            plan = self.plans[unit.iri, year]
            for _ in range(rng.randint(1, 2)):
                employee, name = self.person(p, unit)
                label = (
                    f"Individuell utvecklingsplan {year}, {name}",
                    f"Individual development plan {year}, {name}",
                )
                dev = self.node(f"iup-{year}-{self.next('iup')}", "DevelopmentPlan", label, p)
                goal = rng.choice(self.public.values(plan, "realises"))
                p.put(dev, forEmployee=employee, supportsGoal=goal, period=self.years[year])
                p.put(dev, supportsActivity=rng.choice(self.activities[plan]))
                growth = rng.choice(GROWTH)
                p.add(dev, DCTERMS + "description", _text(growth[0], "sv"))
                p.add(dev, DCTERMS + "description", _text(growth[1], "en"))

    def person(self, p: _Graph, unit: _Unit) -> tuple[str, str]:
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
        iri = self.node(f"medarbetare-{self.next('person')}", "Employee", (name, name), p)
        p.add(iri, TYPE, FOAF + "Person")
        p.add(iri, ORG + "memberOf", unit.iri)
        return iri, name

    # --- Defects ---

    def plant_defects(self, rng: random.Random) -> None:
        """Break the model: every kind of finding at least once, and each orphan with one break.

        Each hierarchy defect goes to a board of its own, so that no plan, activity or
        development plan sits below two breaks. ``rng`` is used from here on, so the model
        beneath the defects is the same as without them.
        """
        self.rng, g = rng, self.public
        boards = rng.sample(self.boards, 4)
        # A nämndsmål that supports nothing: preferably the only one some plans realise.
        alone = [goal for plan in self.plans.values() for goal in [g.values(plan, "realises")]]
        goal = rng.choice([o for o in boards[0].goals if [o] in alone] or boards[0].goals)
        self.detach(boards[0], [goal])
        g.remove(goal, "supports")
        # Two nämndsmål that support each other and nothing else.
        pair = rng.sample(boards[1].goals, 2)
        self.detach(boards[1], pair)
        for one, other in (pair, pair[::-1]):
            g.remove(one, "supports")
            g.put(one, supports=other)
        # A plan that realises nothing.
        unit = rng.choice(boards[2].units)
        g.remove(self.plans[unit.iri, rng.choice(PLAN_YEARS)], "realises")
        # A misspelt upward link, from a nämndsmål or from a plan.
        if rng.random() < 0.5:
            goal = rng.choice(boards[3].goals)
            self.detach(boards[3], [goal])
            self.misdirect(goal, "supports")
        else:
            unit = rng.choice(boards[3].units)
            self.misdirect(self.plans[unit.iri, rng.choice(PLAN_YEARS)], "realises")
        # Activities of first-year plans that still hold (no development plan supports those):
        # one or two with no plan, and one with a misspelt plan or a manager post for a plan.
        reach = _Index([g]).reachable()
        plans = [p for (_, year), p in self.plans.items() if year == PLAN_YEARS[0] and p in reach]
        chosen = [rng.choice(self.activities[p]) for p in rng.sample(plans, min(3, len(plans)))]
        for activity in chosen[: rng.randint(1, 2)]:
            g.remove(activity, "partOfPlan")
        for activity in chosen[2:]:
            if rng.random() < 0.5:
                self.misdirect(activity, "partOfPlan")
            else:
                post = g.values(g.values(activity, "partOfPlan")[0], "responsible")[0]
                g.remove(activity, "partOfPlan")
                g.put(activity, partOfPlan=post)
        if rng.random() < 0.5:
            self.misdirect(rng.choice(self.sub_areas[rng.choice(list(self.areas))]), "subAreaOf")
        self.plant_uncovered()

    def detach(self, board: _Board, goals: list[str]) -> None:
        """Before ``goals`` are cut off, let siblings take over what only they cover or address."""
        g, rng = self.public, self.rng
        others = [o for o in board.goals if o not in goals and o not in self.broken]
        for goal in goals:
            for unit in g.values(goal, "coversUnit"):
                if not any(unit in g.values(o, "coversUnit") for o in others):
                    g.put(rng.choice(others), coversUnit=unit)
            for focus in g.values(goal, "addresses"):
                g.remove(goal, "addresses", focus)
                g.put(rng.choice(others), addresses=focus)
        self.broken.update(goals)

    def misdirect(self, node: str, link: str) -> None:
        """Point ``node``'s upward ``link`` at a misspelling of its target: an IRI with no data."""
        g, rng = self.public, self.rng
        target = rng.choice(g.values(node, link))
        local = target[len(self.ns) :]
        spots = [
            i
            for i in range(len(local) - 1)
            if local[i : i + 2].isalpha() and local[i] != local[i + 1]
        ]
        i = rng.choice(spots)
        wrong = self.ns + local[:i] + local[i + 1] + local[i] + local[i + 2 :]
        g.remove(node, link)
        g.add(node, link, wrong if wrong not in g.nodes else target + "x")

    def relocate(self, board: _Board, source: str, target: str) -> None:
        """Move one of the board's övergripande mål from area ``source`` to area ``target``."""
        goal = board.cells[source].pop(self.rng.randrange(len(board.cells[source])))
        board.cells[target].append(goal)
        self.public.remove(goal, "inStrategicArea")
        self.public.remove(goal, "inSubArea")
        self.public.put(
            goal, inStrategicArea=target, inSubArea=self.rng.choice(self.sub_areas[target])
        )

    def plant_uncovered(self) -> None:
        """Plant one or two of each kind of coverage gap, all on nodes that reach the vision."""
        rng, g, areas = self.rng, self.public, list(self.areas)
        # A board left with no goal under one area, its only one moved to another area ...
        board, area = rng.choice(
            [(b, a) for b in self.boards for a in areas if len(b.cells[a]) == 1]
        )
        others = [a for a in areas if a != area]
        self.relocate(
            board, area, rng.choice([a for a in others if len(board.cells[a]) == 1] or others)
        )
        # ... and, preferably another board, with three goals under one area.
        full = [(b, a) for b in self.boards for a in areas if len(b.cells[a]) >= 2]
        board, area = rng.choice([(b, a) for b, a in full if b is not board] or full)
        sources = [a for a in areas if a != area and board.cells[a]]
        self.relocate(
            board, rng.choice([a for a in sources if len(board.cells[a]) == 2] or sources), area
        )
        # An övergripande mål that no nämndsmål supports, for a board or for the whole municipality.
        lone = [(b, a) for b in self.boards for a in areas if len(b.cells[a]) == 1]
        if lone and rng.random() < 0.5:
            board, area = rng.choice(lone)
            board.cells[area].append(self.overarching_goal(board.iri, board.spec.key, area))
        else:
            self.overarching_goal(self.council, "kommun", rng.choice(areas))
        reach = _Index([g]).reachable()
        intact = [o for b in self.boards for o in b.goals if o in reach and o not in self.broken]
        # A nämndsmål that no plan realises.
        board = rng.choice(self.boards)
        own = [og for area in areas for og in board.cells[area]]
        self.board_goal(board, rng.choice(own), [rng.choice(board.units)])
        # A nämndsmål whose only plan holds no activity.
        board = rng.choice(self.boards)
        own = [og for area in areas for og in board.cells[area]]
        unit = rng.choice(board.units)
        goal = self.board_goal(board, rng.choice(own), [unit])
        year = PLAN_YEARS[0]
        label = (
            f"Handlingsplan {year}, {unit.name[0]} (tom)",
            f"Action plan {year}, {unit.name[1]} (empty)",
        )
        plan = self.node(f"hp-{year}-{unit.key}-tom", "ActionPlan", label)
        g.put(plan, forUnit=unit.iri, responsible=unit.post, period=self.years[year], realises=goal)
        # Nämndsmål with no indicator, and with indicators none of which has a target.
        picked = rng.sample(intact, 4)
        for goal in picked[: rng.randint(1, 2)]:
            for indicator in g.values(goal, "hasIndicator"):
                del g.nodes[indicator]
            g.remove(goal, "hasIndicator")
        for goal in picked[2 : 2 + rng.randint(1, 2)]:
            for indicator in g.values(goal, "hasIndicator"):
                g.remove(indicator, "targetValue")
        # A new unit that no nämndsmål covers yet.
        board = rng.choice(self.boards)
        taken = [unit.name for unit in board.units]
        free = [name for name in board.spec.units if name not in taken]
        board.units.append(
            self.unit(board, rng.choice(free or [("Utvecklingsenheten", "Development Unit")]))
        )
        # A focus area that no goal addresses any more.
        focus = rng.choice(self.focus_areas)
        for goal in g.subjects("addresses", focus):
            g.remove(goal, "addresses", focus)


class _Index:
    """The statements of one municipality's graphs, indexed for walking (terms as text)."""

    def __init__(self, graphs: list[_Graph]) -> None:
        self.out: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.into: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.home: dict[str, str] = {}  # node → the graph it is typed in
        self.above_cache: dict[str, set[str]] = {}
        for graph in graphs:
            for s, statements in graph.nodes.items():
                for p, o in statements:
                    self.out[s, p].append(o.value)
                    self.into[p, o.value].append(s)
                    if p == TYPE:
                        self.home.setdefault(s, graph.iri)

    def get(self, s: str, p: str) -> list[str]:
        return self.out.get((s, _predicate(p)), [])

    def has(self, o: str, p: str) -> list[str]:
        return self.into.get((_predicate(p), o), [])

    def is_a(self, node: str, cls: str) -> bool:
        return SG + cls in self.out.get((node, TYPE), [])

    def of(self, cls: str) -> list[str]:
        return sorted(set(self.has(SG + cls, TYPE)))

    def reachable(self) -> set[str]:
        """Every node with a path of upward links to a vision (whatever the nodes' classes)."""
        reached = set(self.of("Vision"))
        todo = list(reached)
        while todo:
            node = todo.pop()
            for link in UPWARD:
                for below in self.has(node, link):
                    if below not in reached:
                        reached.add(below)
                        todo.append(below)
        return reached

    def above(self, node: str) -> set[str]:
        """Every node reached from ``node`` by one or more upward links (of any class)."""
        if node not in self.above_cache:
            found: set[str] = set()
            todo = [node]
            while todo:
                current = todo.pop()
                for link in UPWARD:
                    for target in self.get(current, link):
                        if target not in found:
                            found.add(target)
                            todo.append(target)
            self.above_cache[node] = found
        return self.above_cache[node]

    def breaks(self, start: str) -> set[tuple[str, str, str | None]]:
        """Where the chains above an orphan break: a set of (reason, at, link).

        The walk follows every upward link to a node of the class the link is for, and every
        link into a cycle whatever the class; any other link is broken, and a node with no
        upward link at all is missing one.
        """
        found: set[tuple[str, str, str | None]] = set()
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            if node in self.above(node):
                cycle = {n for n in self.above(node) if node in self.above(n)}
                found.add(("cycle", min(cycle), None))
            links = [(link, target) for link in UPWARD for target in self.get(node, link)]
            if not links:
                cls = next(c for c in HIERARCHY if self.is_a(node, c))
                found.add(("missing-link", node, HIERARCHY[cls]))
            for link, target in links:
                if not self.is_a(target, UPWARD[link]) and target not in self.above(target):
                    found.add(("broken-link", node, link))
                elif target not in seen:
                    seen.add(target)
                    todo.append(target)
        return found

    def around(self, unit: str) -> set[str]:
        """The unit, the units and administrations it is part of, and the units inside it."""
        found = {unit}
        for upwards in (True, False):
            todo = [unit]
            while todo:
                node = todo.pop()
                for p in (ORG + "unitOf", ORG + "subOrganizationOf"):
                    for other in self.get(node, p) if upwards else self.has(node, p):
                        if other not in found:
                            found.add(other)
                            todo.append(other)
        return found


def _findings(index: _Index) -> list[dict[str, Any]]:
    """What a correct coverage check reports for one municipality (see the module docstring)."""
    reach, found = index.reachable(), []

    def report(node: str, category: str, reason: str, **extra: str | None) -> None:
        entry = {"graph": index.home[node], "iri": node, "category": category, "reason": reason}
        found.append({**entry, **extra})

    for node in sorted({n for cls in HIERARCHY for n in index.of(cls)} - reach):
        breaks = index.breaks(node)
        if len(breaks) != 1:
            raise RuntimeError(f"{node} is an orphan with {len(breaks)} breaks: {sorted(breaks)}")
        reason, at, link = breaks.pop()
        report(node, "orphan", reason, at=at, link=link and "sg:" + link)
    for goal in (n for n in index.of("OverarchingGoal") if n in reach):
        if not any(index.is_a(b, "BoardGoal") for b in index.has(goal, "supports")):
            report(goal, "uncovered", "no-board-goal")
    for goal in (n for n in index.of("BoardGoal") if n in reach):
        plans = [p for p in index.has(goal, "realises") if index.is_a(p, "ActionPlan")]
        if not plans:
            report(goal, "uncovered", "no-plan")
        elif not any(
            index.is_a(a, "Activity") for plan in plans for a in index.has(plan, "partOfPlan")
        ):
            report(goal, "uncovered", "no-activity")
        indicators = index.get(goal, "hasIndicator")
        if not indicators:
            report(goal, "uncovered", "no-indicator")
        elif not any(index.get(i, "targetValue") for i in indicators):
            report(goal, "uncovered", "no-target")
    areas = [n for n in index.of("StrategicArea") if n in reach]
    for board in (b for b in index.of("Board") if not index.get(b, "goalExemption")):
        goals = [g for g in index.has(board, "forBoard") if index.is_a(g, "OverarchingGoal")]
        for area in areas:
            count = sum(1 for g in goals if area in index.get(g, "inStrategicArea"))
            if count == 0:
                report(board, "uncovered", "no-goal-in-area", area=area)
            elif count > 2:
                report(board, "uncovered", "too-many-goals-in-area", area=area)
    for unit in index.of("OrganisationalUnit"):
        covering = [g for part in index.around(unit) for g in index.has(part, "coversUnit")]
        if not any(index.is_a(g, "BoardGoal") for g in covering):
            report(unit, "uncovered", "unit-not-covered")
    for focus in (n for n in index.of("FocusArea") if n in reach):
        if not index.has(focus, "addresses"):
            report(focus, "uncovered", "focus-area-not-addressed")
    return found


@dataclass
class Generated:
    """Synthetic models: the triples of each named graph, and the manifest that describes them.

    The manifest (JSON-serialisable) holds ``generator`` ("styrgraf generate"), ``version`` (1),
    ``seed``, ``municipalities``, ``defects_planted``, ``graphs`` (``iri``, ``municipality``,
    ``label``, ``private``, ``triples``, in the order written), ``triples`` (the total),
    ``defects`` (every finding, sorted by graph, category, reason, IRI and area: ``graph``,
    ``iri``, ``category``, ``reason``, plus ``link`` and ``at`` for an orphan and ``area`` for a
    board's area) and ``counts`` (category → reason → number, every reason listed).
    """

    graphs: dict[str, list[ox.Triple]]
    manifest: dict[str, Any]
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def triple_count(self) -> int:
        return sum(len(triples) for triples in self.graphs.values())

    def quads(self) -> list[ox.Quad]:
        """Every triple in its named graph, graph by graph, in the order generated."""
        return [
            ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
            for graph, triples in self.graphs.items()
            for t in triples
        ]

    def write_trig(self, path: str | Path) -> None:
        """Write every graph to one TriG file (the same bytes for the same arguments)."""
        ox.serialize(self.quads(), str(path), ox.RdfFormat.TRIG, prefixes=self.prefixes)

    def write_manifest(self, path: str | Path) -> None:
        """Write the manifest as JSON (indented, keys sorted, UTF-8 text)."""
        text = json.dumps(self.manifest, indent=2, sort_keys=True, ensure_ascii=False)
        Path(path).write_text(text + "\n", encoding="utf-8")


def _name(names: list[str], index: int) -> str:
    """The invented name of municipality ``index``: unique for the first 1,680."""
    turn, position = divmod(index - 1, len(names))
    name = names[position]
    if turn:
        name = f"{('Norra', 'Södra', 'Västra', 'Östra')[(turn - 1) % 4]} {name}"
        if turn > 4:
            name += f" {turn // 4 + 1}"
    return name


def generate(
    municipalities: int, *, seed: int = 1, defects: bool = True, private: bool = True
) -> Generated:
    """Generate ``municipalities`` synthetic models; see the module docstring for what they hold.

    The same arguments give the same graphs, in the same order; municipality ``k`` is the same
    whatever the number generated, and the model beneath the defects is the same with or
    without them. With ``private`` false there are no people, development plans or private
    graphs. Raises ``ValueError`` for fewer than one municipality.
    """
    if municipalities < 1:
        raise ValueError("at least one municipality must be generated")
    master = random.Random(seed)
    names = [p + s.lower() for p in PREFIXES for s in SUFFIXES]
    master.shuffle(names)
    graphs: dict[str, list[ox.Triple]] = {}
    described: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    prefixes = {
        "sg": SG,
        "rdfs": RDFS,
        "xsd": XSD,
        "org": ORG,
        "skos": SKOS,
        "dcterms": DCTERMS,
        "foaf": FOAF,
        "time": TIME,
        "sdg": SDG,
    }
    for index in range(1, municipalities + 1):
        model_rng = random.Random(master.getrandbits(64))
        defect_rng = random.Random(master.getrandbits(64))
        name = _name(names, index)
        built = _Municipality(index, name, model_rng, private)
        built.build()
        if defects:
            built.plant_defects(defect_rng)
        parts = [built.public] if built.private is None else [built.public, built.private]
        findings = _findings(_Index(parts))
        if defects:
            missing = {r for rs in REASONS.values() for r in rs} - {f["reason"] for f in findings}
            if missing:
                raise RuntimeError(f"{built.slug}: no {sorted(missing)} planted")
        found.extend(findings)
        prefixes[f"k{index:03d}"] = built.ns
        for graph in parts:
            graphs[graph.iri] = graph.triples()
            label = f"{name} kommun {SPAN}" + (
                ", personuppgifter" if graph is built.private else ""
            )
            described.append(
                {
                    "iri": graph.iri,
                    "municipality": built.municipality,
                    "label": label,
                    "private": graph is built.private,
                    "triples": len(graphs[graph.iri]),
                }
            )
    found.sort(key=lambda f: (f["graph"], f["category"], f["reason"], f["iri"], f.get("area", "")))
    counts = {
        category: {reason: sum(1 for f in found if f["reason"] == reason) for reason in reasons}
        for category, reasons in REASONS.items()
    }
    manifest = {
        "generator": "styrgraf generate",
        "version": 1,
        "seed": seed,
        "municipalities": municipalities,
        "defects_planted": defects,
        "graphs": described,
        "triples": sum(len(t) for t in graphs.values()),
        "defects": found,
        "counts": counts,
    }
    return Generated(graphs=graphs, manifest=manifest, prefixes=prefixes)
